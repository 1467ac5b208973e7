import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf, initEngine, OptionError, ShapeError, StateError } from '../index';
import { AdamW, type WeightDecayMode } from './adamw';
import { setSimdKernels, type SimdKernelChoice } from '../kernels/choice';

const here = fileURLToPath(new URL('.', import.meta.url));
interface TorchFixture {
  shapes: Record<string, number[]>;
  noDecay: string[];
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  lrs: number[];
  init: Record<string, number[]>;
  grads: Record<string, number[]>[];
  after: Record<string, number[]>[];
}
const readFixture = (file: string): TorchFixture => JSON.parse(readFileSync(join(here, '../../../../tools/fixtures/core-io', file), 'utf8')) as TorchFixture;
/** torch.optim.AdamW and torch.optim.Adam with L2 weight decay (both written by tools/fixtures/core-io/make_adamw.py). */
const FIXTURES: [WeightDecayMode, TorchFixture][] = [
  ['decoupled', readFixture('adamw.json')],
  ['coupled', readFixture('adam_coupled.json')],
];

function maxRelErr(actual: ArrayLike<number>, expected: number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    worst = Math.max(worst, Math.abs(actual[i] - e) / Math.max(Math.abs(e), 1e-3));
  }
  return worst;
}

describe('AdamW', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it.each(FIXTURES.flatMap(([mode, fx]) => (['auto', 'never'] as SimdKernelChoice[]).map((choice) => [mode, choice, fx] as const)))(
    'weightDecayMode %s matches torch (AdamW / Adam with weight_decay) for 5 steps with a changing lr and a no-decay parameter (SIMD kernels %s)',
    (mode, choice, fixture) => {
      const previous = setSimdKernels(choice);
      const names = Object.keys(fixture.shapes);
      const vars = Object.fromEntries(names.map((k) => [k, tf.variable(tf.tensor(fixture.init[k], fixture.shapes[k]))]));
      const noDecay = new Set(fixture.noDecay.map((k) => vars[k]));
      const opt = new AdamW({ beta1: fixture.beta1, beta2: fixture.beta2, epsilon: fixture.epsilon, weightDecay: fixture.weightDecay, weightDecayMode: mode, noDecay: (v) => noDecay.has(v) });
      for (let step = 0; step < fixture.lrs.length; step++) {
        opt.learningRate = fixture.lrs[step];
        const grads = Object.fromEntries(names.map((k) => [vars[k].name, tf.tensor(fixture.grads[step][k], fixture.shapes[k])]));
        opt.applyGradients(grads);
        tf.dispose(Object.values(grads));
        for (const k of names) expect(maxRelErr(vars[k].dataSync(), fixture.after[step][k]), `${k} after step ${step + 1}`).toBeLessThan(1e-5);
      }
      expect(opt.iterations).toBe(5);
      expect(opt.stepOf(vars.w)).toBe(5);
      opt.dispose();
      tf.dispose(Object.values(vars));
      setSimdKernels(previous);
    },
  );

  it('the two weight-decay modes differ (each matches only its own torch optimizer)', () => {
    const [, adamw] = FIXTURES[0];
    const run = (mode: WeightDecayMode): number[] => {
      const w = tf.variable(tf.tensor(adamw.init.w, adamw.shapes.w));
      const opt = new AdamW({ learningRate: adamw.lrs[0], weightDecay: adamw.weightDecay, weightDecayMode: mode });
      const g = tf.tensor(adamw.grads[0].w, adamw.shapes.w);
      opt.applyGradients({ [w.name]: g });
      const out = Array.from(w.dataSync());
      opt.dispose();
      tf.dispose([w, g]);
      return out;
    };
    expect(maxRelErr(run('decoupled'), adamw.after[0].w)).toBeLessThan(1e-5);
    expect(maxRelErr(run('coupled'), adamw.after[0].w)).toBeGreaterThan(1e-4);
  });

  it('the SIMD kernel route equals the tfjs-op route over 20 steps (decay, no decay, odd sizes), without leaks', () => {
    const shapes = [[7, 5], [13], [2, 3, 4]];
    const run = (choice: SimdKernelChoice, mode: WeightDecayMode): Float32Array[] => {
      const previous = setSimdKernels(choice);
      const vars = shapes.map((sh, i) => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', 10 + i)));
      const opt = new AdamW({ learningRate: 3e-3, weightDecay: 0.05, weightDecayMode: mode, noDecay: (v) => v === vars[1] });
      const before = tf.memory().numTensors;
      for (let step = 0; step < 20; step++) {
        const grads = Object.fromEntries(vars.map((v, i) => [v.name, tf.randomNormal(shapes[i], 0, 1, 'float32', 1000 + 100 * step + i)]));
        opt.applyGradients(grads);
        tf.dispose(Object.values(grads));
        // the moments: host arrays on the SIMD route, two variables each on the tfjs-op route
        if (step === 0) expect(tf.memory().numTensors).toBe(before + (choice === 'always' ? 0 : 2 * vars.length));
      }
      expect(tf.memory().numTensors).toBe(before + (choice === 'always' ? 0 : 2 * vars.length));
      const out = vars.map((v) => v.dataSync().slice() as Float32Array);
      opt.dispose();
      tf.dispose(vars);
      setSimdKernels(previous);
      return out;
    };
    for (const mode of ['decoupled', 'coupled'] as const) {
      const ours = run('always', mode);
      const stock = run('never', mode);
      ours.forEach((v, i) => {
        let worst = 0;
        for (let j = 0; j < v.length; j++) worst = Math.max(worst, Math.abs(v[j] - stock[i][j]) / Math.max(Math.abs(stock[i][j]), 1e-3));
        expect(worst, mode).toBeLessThan(1e-6);
      });
    }
  });

  it('the moments follow the route: switching SIMD / tfjs ops mid-training and saving the state on either side change nothing', () => {
    const shapes = [[5, 3], [4]];
    const run = (routes: SimdKernelChoice[]): { params: Float32Array[]; state: Float32Array[] } => {
      const vars = shapes.map((sh, i) => tf.tidy(() => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', 20 + i))));
      const opt = new AdamW({ learningRate: 1e-2, weightDecay: 0.1 });
      routes.forEach((route, step) => {
        const previous = setSimdKernels(route);
        const grads = Object.fromEntries(vars.map((v, i) => [v.name, tf.randomNormal(shapes[i], 0, 1, 'float32', 500 + 10 * step + i)]));
        opt.applyGradients(grads);
        tf.dispose(Object.values(grads));
        setSimdKernels(previous);
      });
      const w = opt.getWeightsSync();
      const state = w.map((x) => x.tensor.dataSync().slice() as Float32Array);
      // a copy restored from the state continues identically
      const copy = new AdamW({ learningRate: 1e-2, weightDecay: 0.1 });
      copy.setWeightsSync(w);
      const restored = copy.getWeightsSync();
      expect(restored.map((x) => Array.from(x.tensor.dataSync()))).toEqual(state.map((x) => Array.from(x)));
      tf.dispose(restored.map((x) => x.tensor));
      tf.dispose(w.map((x) => x.tensor));
      const params = vars.map((v) => v.dataSync().slice() as Float32Array);
      opt.dispose();
      copy.dispose();
      tf.dispose(vars);
      return { params, state };
    };
    const before = tf.memory().numTensors;
    const mixed = run(['always', 'always', 'never', 'never', 'always', 'never']);
    const stock = run(['never', 'never', 'never', 'never', 'never', 'never']);
    mixed.params.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(stock.params[i][j], 6)));
    mixed.state.forEach((v, i) => v.forEach((x, j) => expect(x).toBeCloseTo(stock.state[i][j], 6)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts the array form, ignores gradient order, and skips variables without a gradient', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const b = tf.variable(tf.tensor1d([3]));
    const ref = tf.variable(tf.tensor1d([1, 2]));
    const optA = new AdamW({ learningRate: 0.1 });
    const optRef = new AdamW({ learningRate: 0.1 });
    const gb = tf.tensor1d([0.5]);
    const ga = tf.tensor1d([0.1, -0.2]);
    optA.applyGradients([{ name: b.name, tensor: gb }, { name: a.name, tensor: ga }]);
    optA.applyGradients({ [a.name]: ga });
    optRef.applyGradients({ [ref.name]: ga });
    optRef.applyGradients({ [ref.name]: ga });
    expect(Array.from(a.dataSync())).toEqual(Array.from(ref.dataSync()));
    expect(optA.stepOf(b)).toBe(1);
    expect(optA.stepOf(a)).toBe(2);
    optA.dispose();
    optRef.dispose();
    tf.dispose([a, b, ref, ga, gb]);
  });

  it('minimize() decreases a quadratic and leaks no tensors per step', () => {
    const w = tf.variable(tf.tensor2d([[1, -2], [0.5, 3]]));
    const opt = new AdamW({ learningRate: 0.05, weightDecay: 0 });
    const loss = (): tf.Scalar => tf.sum(tf.square(w));
    opt.minimize(loss); // creates the moment variables
    const before = tf.memory().numTensors;
    const first = tf.tidy(() => loss().dataSync()[0]);
    for (let i = 0; i < 20; i++) opt.minimize(loss);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.tidy(() => loss().dataSync()[0])).toBeLessThan(first);
    opt.dispose();
    w.dispose();
  });

  it('getWeights/setWeights round-trip the state and continue bit-identically', async () => {
    const w = tf.variable(tf.tensor1d([0.3, -0.7, 1.1]));
    const opt1 = new AdamW({ learningRate: 0.01 });
    const g = tf.tensor1d([0.2, 0.4, -0.1]);
    for (let i = 0; i < 3; i++) opt1.applyGradients({ [w.name]: g });
    const saved = await opt1.getWeights();
    expect(saved.map((s) => s.name)).toEqual(['iter', `${w.name}/m`, `${w.name}/v`, `${w.name}/step`]);
    const snapshot = tf.clone(w);
    opt1.applyGradients({ [w.name]: g });
    const viaOpt1 = Array.from(w.dataSync());
    w.assign(snapshot);
    const opt2 = new AdamW({ learningRate: 0.01 });
    await opt2.setWeights(saved);
    tf.dispose(saved.map((s) => s.tensor));
    expect(opt2.iterations).toBe(3);
    expect(opt2.stepOf(w)).toBe(3);
    opt2.applyGradients({ [w.name]: g });
    expect(Array.from(w.dataSync())).toEqual(viaOpt1);
    expect(() => opt2.setWeightsSync([{ name: 'nope/m', tensor: g }])).toThrow(StateError);
    opt1.dispose();
    opt2.dispose();
    tf.dispose([w, g, snapshot]);
  });

  it('serializes its config and is registered as umq.AdamW', () => {
    const opt = new AdamW({ learningRate: 2e-5, weightDecay: 0.1 });
    expect(opt.getConfig()).toEqual({ learningRate: 2e-5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1, weightDecayMode: 'decoupled' });
    expect(AdamW.className).toBe('umq.AdamW');
    const back = AdamW.fromConfig(AdamW, opt.getConfig());
    expect(back.getConfig()).toEqual(opt.getConfig());
    expect(tf.serialization.SerializationMap.getMap().classNameMap['umq.AdamW']).toBeDefined();
    expect(new AdamW().getConfig()).toEqual({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2, weightDecayMode: 'decoupled' });
    const coupled = new AdamW({ weightDecay: 1e-5, weightDecayMode: 'coupled' });
    expect((AdamW.fromConfig(AdamW, coupled.getConfig()) as AdamW).weightDecayMode).toBe('coupled');
    coupled.dispose();
  });

  it('rejects bad options, unknown variables and wrong gradient shapes with named errors', () => {
    expect(() => new AdamW({ learningRate: -1 })).toThrow(OptionError);
    expect(() => new AdamW({ beta1: 1 })).toThrow(OptionError);
    expect(() => new AdamW({ epsilon: 0 })).toThrow(OptionError);
    expect(() => new AdamW({ weightDecay: Number.NaN })).toThrow(OptionError);
    expect(() => new AdamW({ weightDecayMode: 'l2' as WeightDecayMode })).toThrow(/weightDecayMode must be 'decoupled'.*or 'coupled'/);
    const opt = new AdamW();
    expect(() => {
      opt.learningRate = Number.POSITIVE_INFINITY;
    }).toThrow(OptionError);
    const w = tf.variable(tf.zeros([2]));
    const g = tf.zeros([3]);
    expect(() => opt.applyGradients({ [w.name]: g })).toThrow(ShapeError);
    expect(() => opt.applyGradients({ 'no-such-variable-xyz': g })).toThrow(StateError);
    opt.dispose();
    tf.dispose([w, g]);
  });

  it('the stock tf.train.adam is not used in any package source', () => {
    const pkgs = join(here, '../../../');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f.endsWith('.ts') && !f.endsWith('.test.ts') && /tf\.train\.adam\s*\(|new\s+\w*AdamOptimizer/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    for (const pkg of readdirSync(pkgs)) {
      const src = join(pkgs, pkg, 'src');
      try {
        if (statSync(src).isDirectory()) walk(src);
      } catch {
        /* package without src */
      }
    }
    expect(offenders).toEqual([]);
  });
});
