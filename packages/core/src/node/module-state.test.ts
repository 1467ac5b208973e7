import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, initEngine, DataFormatError, StateError, Module, MLP, EVAL } from '../index';
import { AdamW } from '../optim/adamw';
import { loadModuleState, readModuleConfig, saveModuleState } from './module-state';
import { loadOptimizerState, saveOptimizerState } from './optimizer-state';
import { loadSafetensors, saveSafetensors } from './safetensors-file';

/** An MLP plus an int32 counter buffer and a float EMA buffer (buffers must be saved too). */
class WithBuffers extends Module {
  static override className = 'test.WithBuffers';
  readonly mlp: MLP;
  readonly ema: tf.Variable;
  readonly count: tf.Variable;
  constructor(readonly opts: { hidden: number; seed: number }) {
    super();
    this.mlp = this.addModule('mlp', new MLP({ inFeatures: 3, hidden: opts.hidden, outFeatures: 2, seed: opts.seed }));
    this.ema = this.addBuffer('ema', tf.fill([2], opts.seed));
    this.count = this.addBuffer('count', tf.scalar(opts.seed, 'int32'));
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...this.opts };
  }
}

let root: string;
const dirs = (): string => mkdtempSync(join(root, 'ckpt-'));
const x = (): tf.Tensor => tf.tensor2d([[0.5, -1, 2], [1, 0.25, -0.5]]);

function snapshot(m: Module): Record<string, number[]> {
  return Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, Array.from(v.dataSync())]));
}

describe('model and optimizer state', () => {
  beforeAll(async () => {
    await initEngine();
    root = mkdtempSync(join(tmpdir(), 'umq-io-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('saves parameters, buffers and config, and loads them into a fresh module', () => {
    const dir = dirs();
    const a = new WithBuffers({ hidden: 4, seed: 1 });
    saveModuleState(dir, a, a.getConfig(), { epoch: '3' });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']); // no temp files left
    const config = readModuleConfig(dir) as { hidden: number; seed: number };
    expect(config).toEqual({ hidden: 4, seed: 1 });
    const b = new WithBuffers({ ...config, seed: 2 });
    expect(snapshot(b)).not.toEqual(snapshot(a));
    const before = tf.memory().numTensors;
    const r = loadModuleState(dir, b);
    expect(tf.memory().numTensors).toBe(before);
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(b.count.dtype).toBe('int32');
    expect(r).toEqual({ missing: [], unexpected: [], metadata: { epoch: '3', format: 'umq', className: 'test.WithBuffers' } });
    const file = loadSafetensors(join(dir, 'model.safetensors'));
    expect(Object.keys(file.tensors).sort()).toEqual(['count', 'ema', 'mlp.l1.bias', 'mlp.l1.weight', 'mlp.l2.bias', 'mlp.l2.weight']);
    a.dispose();
    b.dispose();
  });

  it('refuses mismatched names, shapes and dtypes with StateError and leaves the module unchanged', () => {
    const dir = dirs();
    const a = new WithBuffers({ hidden: 4, seed: 1 });
    saveModuleState(dir, a, a.getConfig());
    const wider = new WithBuffers({ hidden: 5, seed: 2 });
    const kept = snapshot(wider);
    expect(() => loadModuleState(dir, wider)).toThrow(/shape \[3, 4\] in the file but \[3, 5\]/);
    expect(snapshot(wider)).toEqual(kept);
    const mlp = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 3 });
    let err: unknown;
    try {
      loadModuleState(dir, mlp);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message).toMatch(/missing l1.weight, l1.bias.*unexpected count, ema.*strict: false/);
    // dtype: save a float where the int32 counter is expected
    const bad = dirs();
    saveSafetensors(join(bad, 'model.safetensors'), { ...a.stateDict(), count: tf.scalar(1.5) });
    expect(() => loadModuleState(bad, a)).toThrow(/`count` is F32 in the file but int32/);
    a.dispose();
    wider.dispose();
    mlp.dispose();
  });

  it('non-strict loading fills the matching part and reports the rest', () => {
    const dir = dirs();
    const mlp = new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2, seed: 5 });
    saveModuleState(dir, mlp, mlp.getConfig());
    const b = new WithBuffers({ hidden: 4, seed: 9 });
    const r = loadModuleState(dir, b, { strict: false });
    expect(r.missing.sort()).toEqual(['count', 'ema', 'mlp.l1.bias', 'mlp.l1.weight', 'mlp.l2.bias', 'mlp.l2.weight']);
    expect(r.unexpected.sort()).toEqual(['l1.bias', 'l1.weight', 'l2.bias', 'l2.weight']);
    mlp.dispose();
    b.dispose();
  });

  it('reports a missing folder or a corrupt config as DataFormatError', () => {
    const dir = dirs();
    expect(() => loadModuleState(join(dir, 'nope'), new MLP({ inFeatures: 1, hidden: 1, outFeatures: 1 }))).toThrow(DataFormatError);
    expect(() => readModuleConfig(dir)).toThrow(DataFormatError);
    writeFileSync(join(dir, 'config.json'), '{"hidden": ');
    expect(() => readModuleConfig(dir)).toThrow(/not valid JSON/);
  });

  it('resumes training bit-exactly: 3 steps, save, 2 more == load, 2 more', () => {
    const lrs = [1e-2, 2e-2, 1.5e-2, 1e-2, 5e-3];
    const step = (m: WithBuffers, opt: AdamW, i: number): void => {
      opt.learningRate = lrs[i];
      const input = x();
      opt.minimize(() => tf.sum(tf.square(tf.sub(m.mlp.call(input, EVAL), 0.3))) as tf.Scalar, false, m.parameters());
      input.dispose();
    };
    const noDecay = (v: tf.Variable): boolean => v.shape.length === 1;
    const dir = dirs();
    const a = new WithBuffers({ hidden: 4, seed: 11 });
    const optA = new AdamW({ weightDecay: 0.1, noDecay });
    for (let i = 0; i < 3; i++) step(a, optA, i);
    saveModuleState(dir, a, a.getConfig());
    saveOptimizerState(dir, optA, a);
    const before = tf.memory().numTensors;
    for (let i = 3; i < 5; i++) step(a, optA, i);
    expect(tf.memory().numTensors).toBe(before);

    const b = new WithBuffers({ hidden: 4, seed: 99 });
    const optB = new AdamW({ learningRate: 0.5, weightDecay: 0.1, noDecay });
    loadModuleState(dir, b);
    loadOptimizerState(dir, optB, b);
    expect(optB.iterations).toBe(3);
    expect(optB.learningRate).toBe(lrs[2]);
    for (let i = 3; i < 5; i++) step(b, optB, i);
    expect(snapshot(b)).toEqual(snapshot(a));

    const optC = new AdamW({ weightDecay: 0.2 });
    expect(() => loadOptimizerState(dir, optC, b)).toThrow(/weightDecay=0.1.*allowConfigChange/);
    const optL2 = new AdamW({ weightDecay: 0.1, weightDecayMode: 'coupled', noDecay });
    expect(() => loadOptimizerState(dir, optL2, b)).toThrow(/weightDecayMode=decoupled but the optimizer has weightDecayMode=coupled/);
    optL2.dispose();
    expect(() => loadOptimizerState(dir, optC, new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2 }), { allowConfigChange: true })).toThrow(StateError);
    expect(() => saveOptimizerState(dir, optA, new MLP({ inFeatures: 3, hidden: 4, outFeatures: 2 }))).toThrow(/not in the umq.MLP module/);
    [optA, optB, optC].forEach((o) => o.dispose());
    a.dispose();
    b.dispose();
  });
});

describe('the folder functions are thin wrappers of the byte functions', () => {
  it('saveModuleState writes exactly encodeModuleState bytes and moduleConfigJson text', async () => {
    const { readFileSync } = await import('node:fs');
    const { encodeModuleState, moduleConfigJson } = await import('../io/module-state');
    const dir = mkdtempSync(join(tmpdir(), 'umq-io-bytes-'));
    try {
      const m = new MLP({ inFeatures: 2, hidden: 3, outFeatures: 1, seed: 4 });
      saveModuleState(dir, m, m.getConfig(), { epoch: '1' });
      expect(new Uint8Array(readFileSync(join(dir, 'model.safetensors')))).toEqual(encodeModuleState(m, { epoch: '1' }));
      expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(moduleConfigJson(m.getConfig()));
      m.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
