import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, ShapeError } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { dempsterCombine, dempsterFold } from './dempster';
import { fixture, maxRelErr } from './test-helpers.testutil';

/** TMC's rule in opinion form (with the conflict normaliser), in float64: the independent reference. */
function combineOpinionForm(e1: number[], e2: number[]): number[] {
  const K = e1.length;
  const S1 = e1.reduce((s, v) => s + v, 0) + K;
  const S2 = e2.reduce((s, v) => s + v, 0) + K;
  const b1 = e1.map((v) => v / S1);
  const b2 = e2.map((v) => v / S2);
  const [u1, u2] = [K / S1, K / S2];
  let C = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) C += b1[i] * b2[j];
  const b = b1.map((v, k) => (v * b2[k] + v * u2 + b2[k] * u1) / (1 - C));
  const u = (u1 * u2) / (1 - C);
  return b.map((v) => (v * K) / u);
}

describe('reduced Dempster rule (TMC)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values: (2, 0) ⊕ (1, 3) = (4, 3); equal to the opinion form with the 1 − C normaliser', () => {
    const out = dempsterCombine(tf.tensor2d([[2, 0]]), tf.tensor2d([[1, 3]]));
    expect(maxRelErr(out, [4, 3])).toBeLessThan(1e-6);
    expect(maxRelErr(out, combineOpinionForm([2, 0], [1, 3]))).toBeLessThan(1e-6);
    const a = [3.2, 0.1, 7, 0];
    const b = [0, 5.5, 0.3, 2];
    const out2 = dempsterCombine(tf.tensor2d([a]), tf.tensor2d([b]));
    expect(maxRelErr(out2, combineOpinionForm(a, b))).toBeLessThan(1e-6);
    tf.dispose([out, out2]);
  });

  it('folded over three views equals TMC DS_Combin in opinion form (PyTorch float64 fixture)', () => {
    const e = tf.tensor3d(fixture.evidence);
    const fused = dempsterFold(e);
    expect(maxRelErr(fused, fixture.dempster, 1e-2)).toBeLessThan(1e-5);
    const fromList = dempsterFold(tf.unstack(e));
    expect(Array.from(fromList.dataSync())).toEqual(Array.from(fused.dataSync()));
    tf.dispose([e, fused, fromList]);
  });

  it('symmetric and associative, a vacuous view is the identity, one view passes through', () => {
    const [x, y, z] = [tf.tensor2d([[1, 2, 0.5]]), tf.tensor2d([[4, 0, 1]]), tf.tensor2d([[0.3, 0.3, 9]])];
    const zero = tf.zeros([1, 3]);
    const xy = dempsterCombine(x, y);
    expect(maxRelErr(xy, Array.from(dempsterCombine(y, x).dataSync()))).toBeLessThan(1e-6);
    const left = dempsterCombine(xy, z);
    const right = dempsterCombine(x, dempsterCombine(y, z));
    expect(maxRelErr(left, Array.from(right.dataSync()))).toBeLessThan(1e-5);
    expect(Array.from(dempsterCombine(x, zero).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(dempsterFold([x]).dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y, z, zero, xy, left, right]);
  });

  it('gradients by finite differences', () => {
    const e = tf.tensor3d([[[0.5, 1.2, 0.1]], [[2, 0.3, 0.8]], [[0.4, 0.4, 1.5]]]);
    const w = tf.tensor2d([[0.7, -1.1, 0.4]]);
    const [err] = gradCheck((x) => tf.sum(tf.mul(dempsterFold(x), w)) as tf.Scalar, [e]);
    expect(err).toBeLessThan(2e-3);
    tf.dispose([e, w]);
  });

  it('rejects mismatched shapes and empty lists; leaks no tensors', () => {
    expect(() => dempsterCombine(tf.zeros([2, 3]), tf.zeros([2, 4]))).toThrow(ShapeError);
    expect(() => dempsterFold([])).toThrow(/empty/);
    expect(() => dempsterFold(tf.zeros([3]))).toThrow(/stack \[M, \.\.\., K\]/);
    const e = tf.tensor3d(fixture.evidence);
    const before = tf.memory().numTensors;
    dempsterFold(e).dispose();
    expect(tf.memory().numTensors).toBe(before);
    e.dispose();
  });
});
