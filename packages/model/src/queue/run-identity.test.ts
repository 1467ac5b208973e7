import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, SPEC_PRESET } from '../umq/presets';
import { canonicalJson } from './canonical-json';
import type { SweepPlan } from '../eval/sweep';
import { planExperiments } from '../eval/sweep';
import type { ExperimentSpec } from '../eval/run-experiment';
import { runIdentity, resolvedModelOptions, resolvedTrainOptions } from './run-identity';
import { runPayload, QUEUE_SCHEMA_VERSION, type RunDataset } from './run-payload';
import { studyRuns } from './study-runs';

const dataset: RunDataset = { spec: { kind: 'synthetic', samples: 120, seed: 0 }, name: 'synthetic', hash: `sha256:${'ab'.repeat(32)}` };
const plan: SweepPlan = { dataset: dataset.spec, models: ['umq', 'late-fusion'], protocols: ['clean', 'noise'], rates: [0.3], seeds: [1, 2], model: { d: 8 }, train: { epochs: 2, batchSize: 32 } };
const spec: ExperimentSpec = { model: 'umq', setting: { kind: 'noise', rate: 0.3 }, seed: 1, variant: 'full' };
const id = (p: SweepPlan, s: ExperimentSpec, d: RunDataset = dataset) => runIdentity(runPayload(p, s, d)).id;

describe('runIdentity', () => {
  it('is run-<sha256 hex of the canonical JSON of its key>, the key holding exactly the run\'s parts', () => {
    const { id: runId, key } = runIdentity(runPayload(plan, spec, dataset));
    expect(runId).toBe(`run-${createHash('sha256').update(canonicalJson(key)).digest('hex')}`);
    expect(runId).toMatch(/^run-[0-9a-f]{64}$/);
    expect(key).toEqual({
      schemaVersion: QUEUE_SCHEMA_VERSION,
      dataset: { name: 'synthetic', hash: dataset.hash },
      trainPerClass: null,
      recipe: 'default',
      model: 'umq',
      options: { config: { ...DEFAULT_PRESET, d: 8 } },
      train: { epochs: 2, batchSize: 32, learningRate: 1e-3, weightDecay: 1e-4, weightDecayMode: 'decoupled', schedule: null, clipNorm: null, patience: 10, restoreBest: true, dropLast: true, runner: { kind: 'serial' }, monitor: 'loss', divergenceFactor: 10 },
      protocol: 'noise',
      rate: 0.3,
      seed: 1,
    });
  });

  it('fills defaults: options spelled out or left to their defaults are the same run', () => {
    const spelled: SweepPlan = { ...plan, model: { d: 8, dropout: 0.1, moe: { numExperts: 10 }, preset: 'default' }, train: { epochs: 2, batchSize: 32, learningRate: 1e-3, patience: 10, runner: { kind: 'serial' } } };
    expect(id(spelled, spec)).toBe(id(plan, spec));
    expect(id(plan, { ...spec, ablation: 'full' })).toBe(id(plan, spec));
    // a preset is its values: the spec preset written as overrides of today's default is the same run
    const asOverrides: SweepPlan = { ...plan, model: { d: 8, lateFusion: null, quality: { supervision: 'rank', consensus: 0 }, encoders: { vectorNorm: 'layer' } } };
    expect(id(asOverrides, spec)).toBe(id({ ...plan, model: { d: 8, preset: 'spec' } }, spec));
    expect(SPEC_PRESET.lateFusion).toBeNull();
  });

  it('ignores the row label and what does not change the numbers (progress bar, callbacks)', () => {
    expect(id(plan, { ...spec, variant: 'robust' })).toBe(id(plan, spec));
    expect(id({ ...plan, train: { ...plan.train, progress: true, onEpoch: () => {} } as never }, spec)).toBe(id(plan, spec));
    expect(id({ ...plan, dataset: { kind: 'synthetic', samples: 120, seed: 0 } }, spec, { ...dataset, spec: { kind: 'mat', path: 'elsewhere.mat' } })).toBe(id(plan, spec));
  });

  it('tells apart every part of a run: data, model, options, ablation, setting, rate, seed, subsample', () => {
    const base = id(plan, spec);
    const others = [
      id(plan, spec, { ...dataset, hash: `sha256:${'cd'.repeat(32)}` }),
      id(plan, spec, { ...dataset, name: 'other' }),
      id(plan, { ...spec, model: 'umq-oracle' }),
      id({ ...plan, model: { d: 16 } }, spec),
      id({ ...plan, train: { ...plan.train, learningRate: 2e-3 } }, spec),
      id(plan, { ...spec, ablation: 'no-moe' }),
      id(plan, { ...spec, setting: { kind: 'missing', rate: 0.3 } }),
      id(plan, { ...spec, setting: { kind: 'ood', rate: 0.3 } }),
      id(plan, { ...spec, setting: { kind: 'noise', rate: 0.5 } }),
      id(plan, { ...spec, seed: 2 }),
      id({ ...plan, trainPerClass: 10 }, spec),
      id({ ...plan, recipe: 'rcml' }, spec),
      id(plan, { ...spec, modelOverrides: { quality: { tau: 0.6 } } }),
      id(plan, { ...spec, model: 'unimodal', modelOverrides: { modality: 'a' } }),
      id(plan, { ...spec, model: 'unimodal', modelOverrides: { modality: 'b' } }),
      id(plan, { ...spec, trainOverrides: { learningRate: 3e-4 } }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('resolves options as buildModel and train() do: ablation switches win over the options', () => {
    expect((resolvedModelOptions({ moe: { topK: 2 } }, 'no-moe').config as { moe: unknown }).moe).toBeNull();
    expect((resolvedModelOptions({}).config as { d: number }).d).toBe(64);
    expect(resolvedTrainOptions({ epochs: 5 })).toMatchObject({ epochs: 5, batchSize: 64, learningRate: 1e-3, patience: 10, monitor: 'loss' });
    expect(resolvedTrainOptions({}, 'rcml')).toMatchObject({ epochs: 500, batchSize: 200, weightDecayMode: 'coupled' });
  });

  it('groups a plan into runs: one per experiment here, labels sharing a run when only the label differs', () => {
    const specs = planExperiments(plan);
    expect(studyRuns(plan, specs, dataset)).toHaveLength(specs.length);
    const twice = studyRuns(plan, [spec, { ...spec, variant: 'robust' }], dataset);
    expect(twice).toHaveLength(1);
    expect(twice[0].specs.map((s) => s.variant)).toEqual(['full', 'robust']);
  });
});
