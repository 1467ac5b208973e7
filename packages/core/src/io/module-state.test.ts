import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initEngine, DataFormatError, StateError, MLP, EVAL } from '../index';
import { AdamW } from '../optim/adamw';
import { encodeModuleState, loadModuleStateFromBytes, parseModuleConfig, moduleConfigJson } from './module-state';
import { encodeOptimizerState, loadOptimizerStateFromBytes } from './optimizer-state';

const values = (m: MLP): number[][] => Object.values(m.stateDict()).map((v) => Array.from(v.dataSync()));

describe('model and optimizer state as bytes (no file system)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('round-trips a module through encodeModuleState and loadModuleStateFromBytes, leak-free', () => {
    const a = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 1 });
    const b = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 2 });
    expect(values(b)).not.toEqual(values(a));
    const bytes = encodeModuleState(a, { epoch: '7' });
    const before = tf.memory().numTensors;
    const r = loadModuleStateFromBytes(bytes, b);
    expect(tf.memory().numTensors).toBe(before);
    expect(values(b)).toEqual(values(a));
    expect(r).toEqual({ missing: [], unexpected: [], metadata: { epoch: '7', format: 'umq', className: 'umq.MLP' } });
    a.dispose();
    b.dispose();
  });

  it('names the source in errors and refuses a module of another shape', () => {
    const a = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 1 });
    const wider = new MLP({ inFeatures: 3, hidden: 5, outFeatures: 2, seed: 1 });
    const source = 'https://example.org/model.safetensors';
    expect(() => loadModuleStateFromBytes(new Uint8Array([1, 2, 3]), a, { source })).toThrow(DataFormatError);
    expect(() => loadModuleStateFromBytes(new Uint8Array([1, 2, 3]), a, { source })).toThrow(source);
    expect(() => loadModuleStateFromBytes(encodeModuleState(a), wider)).toThrow(StateError);
    expect(() => loadModuleStateFromBytes(encodeModuleState(a), wider)).toThrow(/^model\.safetensors: `l1.weight` has shape \[3, 4\]/);
    a.dispose();
    wider.dispose();
  });

  it('writes and parses config.json text', () => {
    expect(parseModuleConfig(moduleConfigJson({ hidden: 4, act: 'gelu' }))).toEqual({ hidden: 4, act: 'gelu' });
    expect(() => parseModuleConfig('{"hidden": ', '/m/config.json')).toThrow(/^\/m\/config\.json: not valid JSON/);
    expect(() => parseModuleConfig('[1, 2]')).toThrow(/must be a JSON object/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => moduleConfigJson(cyclic, 'saveModuleState')).toThrow(/^saveModuleState: config is not JSON-serialisable/);
  });

  it('restores AdamW moments, step counts, iteration and learning rate from bytes', () => {
    const m = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 3 });
    const x = tf.tensor2d([[0.5, -1, 2], [1, 0.25, -0.5]]);
    const opt = new AdamW({ learningRate: 0.02, weightDecay: 0.1 });
    for (let i = 0; i < 2; i++) opt.minimize(() => tf.sum(tf.square(m.call(x, EVAL))) as tf.Scalar, false, m.parameters());
    const bytes = encodeOptimizerState(opt, m);
    const again = new AdamW({ learningRate: 0.5, weightDecay: 0.1 });
    loadOptimizerStateFromBytes(bytes, again, m);
    expect(again.iterations).toBe(2);
    expect(again.learningRate).toBe(0.02);
    const flat = (o: AdamW): Record<string, number[]> => {
      const w = o.getWeightsSync();
      const out = Object.fromEntries(w.map((t) => [t.name, Array.from(t.tensor.dataSync())]));
      tf.dispose(w.map((t) => t.tensor));
      return out;
    };
    expect(flat(again)).toEqual(flat(opt));
    expect(() => loadOptimizerStateFromBytes(encodeModuleState(m), again, m, { source: 'run/opt.safetensors' })).toThrow(/^run\/opt\.safetensors: metadata\.format is "umq"/);
    [opt, again].forEach((o) => o.dispose());
    x.dispose();
    m.dispose();
  });
});
