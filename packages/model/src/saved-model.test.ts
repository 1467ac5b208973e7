import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, EVAL } from '@umq/core';
import { saveModel, loadModel, type SavedModelConfig } from './saved-model';
import { buildModel, type DataShape } from './models';
import type { ModalityInput } from './types';
import { makeBatch, disposeBatch } from '../test/helpers';

const MODS: ModalityInput[] = [
  { name: 'a', kind: 'vector', dim: 4 },
  { name: 'b', kind: 'vector', dim: 3 },
];
const SHAPE: DataShape = { modalities: MODS, task: 'binary', outDim: 1 };
const scaler = { method: 'standard' as const, modalities: MODS.map((m) => ({ name: m.name, shift: new Float32Array(m.dim), scale: new Float32Array(m.dim).fill(1) })) };
const tmp = mkdtempSync(join(tmpdir(), 'umq-saved-'));

describe('saveModel / loadModel', () => {
  beforeAll(async () => {
    await initEngine();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const save = (dir: string, options: Record<string, unknown>) => {
    const model = buildModel('umq', SHAPE, { d: 8, numExperts: 4, topK: 2, ...options, seed: 1 });
    saveModel(dir, model, { model: 'umq', options, shape: SHAPE, dataset: { kind: 'synthetic' }, scaler, setting: { kind: 'clean' }, seed: 1 });
    return model;
  };
  const logits = (m: ReturnType<typeof buildModel>) => {
    const batch = makeBatch(MODS, 5);
    const out = m.forward(batch, { ...EVAL, computeLosses: false });
    const v = Array.from(out.logits.dataSync());
    tf.dispose([out.logits, ...(out.quality ? [out.quality] : [])]);
    if (out.routing) tf.dispose([out.routing.topIndices, out.routing.topWeights, out.routing.gate, ...(out.routing.config ? [out.routing.config] : [])]);
    disposeBatch(batch);
    return v;
  };

  it("saves UMQ's resolved hyper-parameters, so a later change of the defaults cannot change the model it rebuilds", () => {
    const dir = join(tmp, 'm1');
    const model = save(dir, { d: 8, numExperts: 4, topK: 2 });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as SavedModelConfig;
    expect(config.options.vectorNorm).toBe('none');
    expect(config.options.lateFusionPath).toBe(true);
    expect(config.options.tau).toBe(0.5);
    const loaded = loadModel(dir);
    expect(logits(loaded.model)).toEqual(logits(model));
    model.dispose();
    loaded.model.dispose();
  });

  it('a model saved before vectorNorm existed (no such option, LayerNorm weights) loads with LayerNorm', () => {
    const dir = join(tmp, 'legacy');
    const model = save(dir, { d: 8, numExperts: 4, topK: 2, vectorNorm: 'layer' });
    const file = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as SavedModelConfig;
    delete (config.options as Record<string, unknown>).vectorNorm; // as the previous version wrote it
    writeFileSync(file, JSON.stringify(config));
    const loaded = loadModel(dir);
    expect(loaded.model.namedParameters().some(([k]) => /^encoder0\.ln\./.test(k))).toBe(true);
    expect(logits(loaded.model)).toEqual(logits(model));
    model.dispose();
    loaded.model.dispose();
  });
});
