import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { headAgreement, trustedHeadAgreement } from './consensus';

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

  it('trustedHeadAgreement weighs each other view by its q: every q = 1 gives headAgreement; a view beside an untrusted one keeps its agreement', () => {
    const z = tf.randomNormal([3, 4, 5], 0, 2, 'float32', 3);
    const ones = tf.ones([3, 4]);
    const a = headAgreement(z, 'multiclass');
    expect(tf.max(tf.abs(tf.sub(trustedHeadAgreement(z, ones, 'multiclass'), a))).dataSync()[0]).toBeLessThan(1e-6);
    // two views that disagree confidently: view 0 present (q 0.9), view 1 missing (q 0.1)
    const big = 20;
    const z2 = tf.tensor3d([[[big, 0, 0]], [[0, big, 0]]]);
    const q2 = tf.tensor2d([[0.9], [0.1]]);
    const t = trustedHeadAgreement(z2, q2, 'multiclass').dataSync();
    expect(t[0]).toBeCloseTo(1 - 0.1, 5); // 1 - q_1 (1 - 0): the missing view's dissent counts a tenth
    expect(t[1]).toBeCloseTo(1 - 0.9, 5); // the present view's dissent counts nine tenths
    // hand value with soft predictions, three views: A_0 = 1 - (q_1 (1 - p0·p1) + q_2 (1 - p0·p2)) / 2
    const p = [[0.5, 0.5], [0.9, 0.1], [0.2, 0.8]];
    const q = [0.3, 0.6, 0.8];
    const z3 = tf.tensor3d(p.map((r) => [r.map((v) => Math.log(v))]));
    const got = trustedHeadAgreement(z3, tf.tensor2d(q.map((v) => [v])), 'multiclass').dataSync();
    const dot = (i: number, j: number) => p[i][0] * p[j][0] + p[i][1] * p[j][1];
    for (let m = 0; m < 3; m++) {
      let doubt = 0;
      for (let n = 0; n < 3; n++) if (n !== m) doubt += q[n] * (1 - dot(m, n));
      expect(got[m]).toBeCloseTo(1 - doubt / 2, 5);
    }
    expect(Array.from(trustedHeadAgreement(tf.zeros([2, 3, 1]), tf.ones([2, 3]), 'regression').dataSync())).toEqual(new Array(6).fill(1));
    // no gradient to the heads or to q, nothing leaked
    const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(trustedHeadAgreement(x, w, 'multiclass')))([z, ones]);
    for (const gi of g) expect(Array.from(gi.dataSync()).every((v) => v === 0)).toBe(true);
    const zb = tf.randomNormal([3, 4, 1], 0, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    trustedHeadAgreement(zb, ones, 'binary').dispose();
    trustedHeadAgreement(z, ones, 'multiclass').dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, zb, ones, a, z2, q2, z3, ...g]);
  });
});
