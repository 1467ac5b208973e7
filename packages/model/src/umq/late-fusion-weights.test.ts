import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, OptionError } from '@umq/core';
import { LateFusionWeights, confidence } from './late-fusion-weights';

beforeAll(async () => {
  await initEngine();
});

const Q = [[0.9, 0.1, 0.5], [0.2, 0.6, 0.5]]; // [M 2, B 3]

describe('LateFusionWeights', () => {
  it("'quality' is q / Σq and has no parameters", () => {
    const lw = new LateFusionWeights({ modalities: 2 });
    const w = lw.call(tf.tensor2d(Q));
    const got = w.arraySync() as number[][];
    for (let b = 0; b < 3; b++) {
      const s = Q[0][b] + Q[1][b];
      expect(got[0][b]).toBeCloseTo(Q[0][b] / s, 5);
      expect(got[1][b]).toBeCloseTo(Q[1][b] / s, 5);
    }
    expect(lw.namedParameters()).toHaveLength(0);
    w.dispose();
  });

  it('power p weighs q^p / Σq^p (a low q loses its share), and rejects a non-positive power', () => {
    const q = tf.tensor2d(Q);
    const got = new LateFusionWeights({ modalities: 2, power: 3 }).call(q).arraySync() as number[][];
    for (let b = 0; b < 3; b++) {
      const s = Q[0][b] ** 3 + Q[1][b] ** 3;
      expect(got[0][b]).toBeCloseTo(Q[0][b] ** 3 / s, 5);
    }
    expect(got[1][0]).toBeLessThan(0.02); // 0.2 beside 0.9: 0.18 of the weight at p = 1, 0.011 at p = 3
    const learned = new LateFusionWeights({ modalities: 2, weighting: 'learned', power: 3 }).call(q).arraySync() as number[][];
    expect(learned[0][0]).toBeCloseTo(got[0][0], 4); // 'learned' starts from the same weights
    for (const power of [0, -1, Number.NaN]) expect(() => new LateFusionWeights({ modalities: 2, power })).toThrow(/power must be a positive number/);
    q.dispose();
  });

  it("'learned' equals 'quality' at initialisation and its parameters get task gradients, q none", () => {
    const lw = new LateFusionWeights({ modalities: 2, weighting: 'learned' });
    const q = tf.tensor2d(Q);
    const ref = new LateFusionWeights({ modalities: 2 }).call(q);
    const w = lw.call(q);
    expect(Math.max(...(tf.abs(tf.sub(w, ref)).dataSync() as Float32Array))).toBeLessThan(1e-5);
    const z = tf.tensor3d([[[2], [-1], [0.5]], [[-1], [1], [0.3]]]); // head outputs [M, B, 1]
    const target = tf.tensor2d([[1], [1], [0]]);
    const vars = lw.namedParameters().map(([, v]) => v);
    expect(vars).toHaveLength(2);
    const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(tf.expandDims(lw.call(q), -1), z), 0), target))) as tf.Scalar, vars);
    for (const g of Object.values(grads)) expect(Math.max(...(tf.abs(g).dataSync() as Float32Array))).toBeGreaterThan(1e-4);
    const gq = tf.grad((qq: tf.Tensor) => tf.sum(tf.mul(lw.call(qq), tf.tensor2d([[1, 2, 3], [4, 5, 6]]))))(q);
    expect(Math.max(...(tf.abs(gq).dataSync() as Float32Array))).toBe(0);
    tf.dispose([q, ref, w, z, target, gq, ...Object.values(grads)]);
  });

  it("'learned+confidence' prefers the confident head once its weight is positive", () => {
    const lw = new LateFusionWeights({ modalities: 2, weighting: 'learned+confidence', task: 'multiclass' });
    const [, , c] = lw.namedParameters().map(([, v]) => v);
    c.assign(tf.tensor2d([[5]]));
    const q = tf.tensor2d([[0.5], [0.5]]);
    const logits = tf.tensor3d([[[4, -4, -4]], [[0.1, 0, -0.1]]]); // confident head 0, unsure head 1
    const w = lw.call(q, logits).dataSync();
    expect(w[0]).toBeGreaterThan(0.9);
    expect(w[0] + w[1]).toBeCloseTo(1, 5);
    expect(() => lw.call(q)).toThrow(/needs the heads' logits/);
    tf.dispose([q, logits]);
  });

  it('confidence is the negative entropy (binary and multiclass agree on a two-class head)', () => {
    const zb = tf.tensor3d([[[1.5]], [[-0.2]]]);
    const zm = tf.tensor3d([[[1.5, 0]], [[-0.2, 0]]]);
    const cb = confidence(zb, 'binary').dataSync();
    const cm = confidence(zm, 'multiclass').dataSync();
    const p = 1 / (1 + Math.exp(-1.5));
    expect(cb[0]).toBeCloseTo(p * Math.log(p) + (1 - p) * Math.log(1 - p), 5);
    expect(cb[0]).toBeCloseTo(cm[0], 5);
    expect(cb[1]).toBeCloseTo(cm[1], 5);
    expect(Array.from(confidence(zb, 'regression').dataSync())).toEqual([0, 0]);
    tf.dispose([zb, zm]);
  });

  it('rejects an unknown weighting with the choices', () => {
    expect(() => new LateFusionWeights({ modalities: 2, weighting: 'softmax' as never })).toThrow(OptionError);
    expect(() => new LateFusionWeights({ modalities: 2, weighting: 'softmax' as never })).toThrow(/'quality', 'learned' or 'learned\+confidence'/);
  });

  it('leaks no tensors', () => {
    const lw = new LateFusionWeights({ modalities: 2, weighting: 'learned+confidence', task: 'binary' });
    const q = tf.tensor2d(Q);
    const z = tf.randomNormal([2, 3, 1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) lw.call(q, z).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, z]);
  });
});
