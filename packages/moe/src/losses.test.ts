import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { balanceLoss, varianceLoss, configConsistencyLoss, cvSquared, importance, smoothLoad, switchLoss, routerZLoss, constantTopK } from './index';

const v = (t: tf.Tensor) => t.dataSync()[0];

/** The analytic gradient of a scalar function of one tensor against central finite differences (float32: loose tolerance; absolute where the gradient is below 1). */
function fdCheck(f: (x: tf.Tensor) => tf.Scalar, x0: tf.Tensor, h = 1e-2, tol = 2e-2): void {
  expect(gradCheck(f as (...xs: tf.Tensor[]) => tf.Scalar, [x0], h, 1)[0]).toBeLessThan(tol);
}

describe('routing losses', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values', () => {
    expect(v(balanceLoss(tf.tensor2d([[0.9, 0.1], [0.1, 0.9]])))).toBeCloseTo(0, 6);
    expect(v(balanceLoss(tf.tensor2d([[1, 0], [1, 0]])))).toBeCloseTo(2 * (0.25 + 0.25), 6);
    expect(v(varianceLoss(tf.tensor2d([[0.25, 0.25, 0.25, 0.25]]), 0.1))).toBeCloseTo(0.1, 6);
    // one-hot over E = 4: Var = 3/16 > 0.1, hinge inactive
    expect(v(varianceLoss(tf.tensor2d([[1, 0, 0, 0]]), 0.1))).toBe(0);
    expect(v(routerZLoss(tf.tensor2d([[0, 0]])))).toBeCloseTo(Math.log(2) ** 2, 6);
    expect(v(cvSquared(tf.tensor1d([1, 1, 1])))).toBeCloseTo(0, 6);
    expect(v(cvSquared(tf.tensor1d([0, 2])))).toBeCloseTo(1, 5);
    expect(Array.from(importance(tf.tensor2d([[0.7, 0.3], [0.4, 0.6]]), tf.tensor1d([1, 0])).dataSync())).toEqual([0.699999988079071, 0.30000001192092896]);
    const uni = tf.fill([4, 4], 0.25);
    const sel = tf.tensor2d([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
    expect(v(switchLoss(uni, sel, 1))).toBeCloseTo(1, 6);
    const { consistency, push, samePairFraction } = configConsistencyLoss(tf.tensor2d([[1, 0], [0, 1], [1, 0]]), [[1], [1], [0]], { rho: 0.5 });
    expect(v(consistency)).toBeCloseTo(1, 6); // rows 0, 1 orthogonal
    expect(v(push)).toBeCloseTo(0.25, 6); // 4 different pairs: (0,2), (2,0) give cos 1 - 0.5; (1,2), (2,1) give 0
    expect(samePairFraction).toBeCloseTo(2 / 6, 6);
  });

  it('constantTopK breaks ties by the lower index and stays off the gradient tape', () => {
    const { mask, indices } = constantTopK(tf.tensor2d([[0.2, 0.5, 0.5, 0.1]]), 2);
    expect(Array.from(mask.dataSync())).toEqual([0, 1, 1, 0]);
    expect(Array.from(indices.dataSync())).toEqual([1, 2]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(constantTopK(x, 1).mask, x)))(tf.tensor2d([[1, 3, 2]]));
    expect(Array.from(g.dataSync())).toEqual([0, 1, 0]);
  });

  it('gradients match finite differences (balance, variance, config + push, z-loss, importance, switch)', () => {
    const logits = tf.tensor2d([[0.3, -0.2, 0.5, 0.1], [-0.4, 0.2, 0.0, 0.6], [0.1, 0.1, -0.3, 0.2]]);
    const sel = tf.tensor2d([[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 0, 1]]);
    const mask = tf.tensor1d([1, 1, 0]);
    fdCheck((l) => balanceLoss(tf.softmax(l), mask), logits);
    fdCheck((l) => varianceLoss(tf.softmax(l), 0.1, mask), logits);
    fdCheck((l) => {
      const r = configConsistencyLoss(tf.softmax(l), [[1], [1], [0]], { rho: 0.1 });
      return tf.add(r.consistency, r.push) as tf.Scalar;
    }, logits);
    fdCheck((l) => routerZLoss(l, mask), logits);
    fdCheck((l) => cvSquared(importance(tf.softmax(l), mask)), logits);
    fdCheck((l) => switchLoss(tf.softmax(l), sel, 2, mask), logits);
  });

  it('smooth load (Shazeer appendix A): value and gradients', () => {
    const clean = tf.tensor2d([[0.3, -0.2, 0.5, 0.1], [-0.4, 0.2, 0.0, 0.6]]);
    const noise = tf.tensor2d([[0.1, 0.25, -0.2, 0.0], [0.2, -0.1, 0.15, -0.3]]);
    const std = tf.tensor2d([[0.5, 0.7, 0.6, 0.4], [0.3, 0.5, 0.8, 0.6]]);
    const noisy = tf.add(clean, noise);
    // value: row 0 noisy [0.4, 0.05, 0.3, 0.1] (no ties), k = 2 -> in: {0, 2}; thresholds in 0.1 (3rd), out 0.3 (2nd)
    const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
    const row0 = [Phi((0.3 - 0.1) / 0.5), Phi((-0.2 - 0.3) / 0.7), Phi((0.5 - 0.1) / 0.6), Phi((0.1 - 0.3) / 0.4)];
    const load = smoothLoad(clean, noisy, std, 2, tf.tensor1d([1, 0])).dataSync();
    row0.forEach((p, j) => expect(load[j]).toBeCloseTo(p, 4));
    const probe = tf.tensor1d([1, -2, 0.5, 3]);
    fdCheck((c) => tf.sum(tf.mul(smoothLoad(c, tf.add(c, noise), std, 2), probe)) as tf.Scalar, clean, 1e-3);
    fdCheck((s) => tf.sum(tf.mul(smoothLoad(clean, noisy, s, 2), probe)) as tf.Scalar, std, 1e-3);
  });
});

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse; use a series (|x| < 3 here)
  let sum = x;
  let term = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
