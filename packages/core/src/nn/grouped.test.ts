import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, Rng, ShapeError, OptionError, EVAL } from '../index';
import { GroupedLinear, GroupedMLP } from './grouped';
import { variableGradCheck, randn } from '../../../../tools/testing/grad-check';

describe('GroupedLinear / GroupedMLP', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('GroupedLinear: stacked parameters, nn.Linear init bound, seeded, per-group independent', () => {
    const a = new GroupedLinear({ groups: 3, inFeatures: 16, outFeatures: 4, seed: 5 });
    const b = new GroupedLinear({ groups: 3, inFeatures: 16, outFeatures: 4, seed: 5 });
    expect(a.namedParameters().map(([n, v]) => [n, v.shape])).toEqual([['weight', [3, 16, 4]], ['bias', [3, 4]]]);
    expect(Array.from(a.weight.dataSync())).toEqual(Array.from(b.weight.dataSync()));
    const w = a.weight.dataSync();
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(0.25);
    expect(w[0]).not.toBe(w[16 * 4]); // groups draw different streams
    const x = tf.stack([tf.ones([2, 16]), tf.zeros([2, 16]), tf.ones([2, 16])]);
    const y = a.call(x).arraySync() as number[][][];
    const bias = a.bias!.arraySync() as number[][];
    expect(y[1][0].map((v, j) => v - bias[1][j]).every((v) => Math.abs(v) < 1e-7)).toBe(true);
    expect(() => a.call(tf.ones([2, 2, 16]))).toThrow(ShapeError);
    expect(new GroupedLinear({ groups: 2, inFeatures: 3, outFeatures: 1, bias: false }).bias).toBeNull();
  });

  it('GroupedMLP: equals relu(x W1 + b1) W2 + b2 per group; dropout needs an rng', () => {
    const nets = new GroupedMLP({ groups: 2, inFeatures: 3, hidden: 4, outFeatures: 2, seed: 1 });
    const x = randn([2, 5, 3], 2);
    const y = nets.call(x, EVAL);
    for (let g = 0; g < 2; g++) {
      const pick = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [g, 0, 0].slice(0, t.rank), [1, -1, -1].slice(0, t.rank)), [0]);
      const xg = pick(x) as tf.Tensor2D;
      const h = tf.relu(tf.add(tf.matMul(xg, pick(nets.l1.weight) as tf.Tensor2D), pick(nets.l1.bias!))) as tf.Tensor2D;
      const ref = tf.add(tf.matMul(h, pick(nets.l2.weight) as tf.Tensor2D), pick(nets.l2.bias!));
      const got = pick(y).dataSync();
      ref.dataSync().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    }
    const drop = new GroupedMLP({ groups: 2, inFeatures: 3, hidden: 4, outFeatures: 2, dropout: 0.5 });
    expect(() => drop.call(x, { training: true })).toThrow(OptionError);
    expect(drop.call(x, { training: true, rng: new Rng(1) }).shape).toEqual([2, 5, 2]);
  });

  it('GroupedMLP gradient matches finite differences; a training step leaks nothing', () => {
    const nets = new GroupedMLP({ groups: 2, inFeatures: 3, hidden: 4, outFeatures: 2, activation: 'tanh', seed: 3 });
    const x = randn([2, 4, 3], 4), r = randn([2, 4, 2], 5);
    const errs = variableGradCheck(() => tf.sum(tf.mul(nets.call(x), r)) as tf.Scalar, nets.parameters());
    errs.forEach((e) => expect(e).toBeLessThan(1e-2));
    const opt = tf.train.sgd(0.1);
    const step = () => tf.dispose(opt.minimize(() => tf.sum(tf.mul(nets.call(x), r)) as tf.Scalar, true, nets.parameters()) as tf.Scalar);
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
