import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { headAgreement } from './consensus';

describe('headAgreement', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('is the mean probability of agreeing with each other view (hand values), near 0 for a confident dissenter', () => {
    // three views over three classes: two say class 0, the third class 1, all confidently
    const big = 20;
    const z = tf.tensor3d([[[big, 0, 0]], [[big, 0, 0]], [[0, big, 0]]]);
    const a = headAgreement(z, 'multiclass').arraySync() as number[][];
    expect(a[0][0]).toBeCloseTo(0.5, 5); // agrees with view 1, not with view 2
    expect(a[1][0]).toBeCloseTo(0.5, 5);
    expect(a[2][0]).toBeCloseTo(0, 5);
    // exact values for soft predictions: p0 = (0.5, 0.5), p1 = (0.9, 0.1) as binary logits
    const p = [0.5, 0.9];
    const zb = tf.tensor3d(p.map((x) => [[Math.log(x / (1 - x))]]));
    const ab = headAgreement(zb, 'binary').arraySync() as number[][];
    const agree = 0.5 * 0.9 + 0.5 * 0.1;
    expect(ab[0][0]).toBeCloseTo(agree, 6);
    expect(ab[1][0]).toBeCloseTo(agree, 6);
    expect(Array.from(headAgreement(tf.zeros([2, 4, 1]), 'regression').dataSync())).toEqual(new Array(8).fill(1));
    tf.dispose([z, zb]);
  });

  it('carries no gradient to the heads and leaks nothing', () => {
    const z = tf.randomNormal([3, 5, 4], 0, 1, 'float32', 1);
    const g = tf.grad((x: tf.Tensor) => tf.sum(headAgreement(x, 'multiclass')))(z);
    expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
    const before = tf.memory().numTensors;
    headAgreement(z, 'multiclass').dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, g]);
  });
});
