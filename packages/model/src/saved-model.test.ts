import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, EVAL, loadSafetensors, saveSafetensors, decodedToTensor, DataFormatError, StateError } from '@umq/core';
import { loadModelFromBytes, type SavedModelConfig } from './saved-model';
import { saveModel, loadModel } from './saved-model-files';
import { buildModel, type DataShape, type ModelBuildOptions } from './models';
import type { UMQModel } from './umq/umq-model';
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

  const save = (dir: string, options: ModelBuildOptions) => {
    const model = buildModel('umq', SHAPE, { d: 8, moe: { numExperts: 4, topK: 2 }, ...options, seed: 1 });
    saveModel(dir, model, { model: 'umq', options, shape: SHAPE, dataset: { kind: 'synthetic' }, scaler, setting: { kind: 'clean' }, seed: 1 });
    return model;
  };
  const logits = (m: ReturnType<typeof buildModel>) => {
    const batch = makeBatch(MODS, 5);
    const out = m.forward(batch, { ...EVAL, losses: 'none' });
    const v = Array.from(out.logits.dataSync());
    tf.dispose([out.logits, ...(out.quality ? [out.quality] : [])]);
    if (out.routing) tf.dispose([out.routing.topIndices, out.routing.topWeights, out.routing.gate, ...(out.routing.config ? [out.routing.config] : [])]);
    disposeBatch(batch);
    return v;
  };

  it("saves UMQ's resolved configuration, so a later change of the defaults cannot change the model it rebuilds", () => {
    const dir = join(tmp, 'm1');
    const model = save(dir, {});
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as SavedModelConfig;
    expect(config.format).toBe('umq-model/2');
    expect(config.options.encoders?.vectorNorm).toBe('none');
    expect(config.options.lateFusion).toEqual({ weighting: 'quality', mix: 'sum', power: 1 });
    expect(config.options.quality?.tau).toBe(0.5);
    expect(config.options.moe?.numExperts).toBe(4);
    const loaded = loadModel(dir);
    expect(logits(loaded.model)).toEqual(logits(model));
    model.dispose();
    loaded.model.dispose();
  });

  it('reads a model saved by an earlier version (format 1: flat options, `encoder0.` names), against the spec for options it lacked', () => {
    const dir = join(tmp, 'legacy');
    // the spec's model, as an earlier version would have built it from these flat options
    const model = save(dir, { preset: 'spec', lossWeights: { enh: 2e-3 }, enhancer: { residual: true } });
    const file = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    config.format = 'umq-model/1';
    config.options = {
      d: 8, dropout: 0.1, languageIndex: 0, languageProjection: 'linear', convKernel: 3, layers: 1, heads: 4, ffMult: 2, delta: 0.2, beta: 0.9,
      enhancerKvProjection: true, enhancerResidual: true, enhancerQualityKeys: false, numExperts: 4, topK: 2, gateSeesQuality: true, renormalizeTopK: true,
      gamma: 0.1, tau: 0.5, cfgPush: false, rho: 0.5, theta: 0.01, alpha: 0.95, mu: 0.05, rankPairs: 'all', qTaskGradient: false, lambdaDec: 1e-5,
      lambdaQe: 1e-3, lambdaEnh: 2e-3, lambdaMoe: 1e-3, lambdaUni: 1, useQuality: true, rankGuided: true, useEnhancer: true, useDecoupling: true,
      useModalitySpecific: true, useSampleSpecific: true, useMoe: true, useCfgLoss: true, ablation: 'full',
    }; // no vectorNorm, lateFusionPath, qualitySupervision yet: LayerNorm, no late path, rank losses only
    writeFileSync(file, JSON.stringify(config));
    const weights = join(dir, 'model.safetensors');
    const { tensors } = loadSafetensors(weights);
    saveSafetensors(weights, Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k.replace(/^encoders\.(\d+)\./, 'encoder$1.'), decodedToTensor(t, k, weights)])));
    const loaded = loadModel(dir);
    expect((loaded.model as UMQModel).config).toEqual((model as UMQModel).config);
    expect(logits(loaded.model)).toEqual(logits(model));
    model.dispose();
    loaded.model.dispose();
  });

  it('loadModelFromBytes (what a browser does with the fetched files) rebuilds the same model as loadModel; bad files are named errors', () => {
    const dir = join(tmp, 'bytes');
    const model = save(dir, { lateFusion: null });
    const text = readFileSync(join(dir, 'config.json'), 'utf8');
    const weights = new Uint8Array(readFileSync(join(dir, 'model.safetensors')));
    const fromBytes = loadModelFromBytes(text, weights, 'models/umq/');
    const fromDir = loadModel(dir);
    expect(fromBytes.config).toEqual(fromDir.config);
    expect(fromBytes.scaler).toEqual(fromDir.scaler);
    expect(logits(fromBytes.model)).toEqual(logits(model));
    expect(() => loadModelFromBytes('{"format":', weights, 'models/umq/')).toThrow(DataFormatError);
    expect(() => loadModelFromBytes('{"format":"other"}', weights, 'models/umq/')).toThrow(/models\/umq\/config.json is not a saved umq model/);
    expect(() => loadModelFromBytes(text, weights.subarray(0, 100), 'models/umq/')).toThrow(/models\/umq\/model.safetensors/);
    const other = JSON.parse(text) as SavedModelConfig;
    other.options.d = 12;
    expect(() => loadModelFromBytes(JSON.stringify(other), weights)).toThrow(StateError);
    for (const m of [model, fromBytes.model, fromDir.model]) m.dispose();
  });
});
