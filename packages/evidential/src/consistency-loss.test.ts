import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, ShapeError } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { conflictiveConsistencyLoss } from './consistency-loss';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('conflictive-consistency loss (RCML)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values: opposite views (4, 1) and (1, 4) -> 2 · 3/7 · (5/7)²; agreeing views -> 0', () => {
    expect(maxRelErr(conflictiveConsistencyLoss(tf.tensor3d([[[4, 1]], [[1, 4]]])), [(2 * 3 * 25) / (7 * 49)])).toBeLessThan(1e-6);
    expect(conflictiveConsistencyLoss(tf.tensor3d([[[4, 1]], [[4, 1]], [[4, 1]]])).dataSync()[0]).toBe(0);
    // a vacuous view (u = 1) has no conjunctive certainty with anyone
    expect(conflictiveConsistencyLoss(tf.tensor3d([[[9, 0]], [[0, 0]]])).dataSync()[0]).toBe(0);
  });

  it('matches the degree-of-conflict loss and its gradient in PyTorch float64 (fixture)', () => {
    const e = tf.tensor3d(fixture.evidence);
    const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => conflictiveConsistencyLoss(x))([e]);
    expect(maxRelErr(value, [fixture.dcLoss])).toBeLessThan(1e-5);
    expect(maxRelErr(grads[0], fixture.dcGrad, 1e-3)).toBeLessThan(1e-4);
    tf.dispose([e, value, ...grads]);
  });

  it('gradient by finite differences; M < 2 is rejected; no leaks', () => {
    const e = tf.tensor3d([[[0.5, 1.2, 0.1], [1, 2, 3]], [[2, 0.3, 0.8], [0.2, 0.1, 4]], [[0.4, 0.4, 1.5], [3, 0.5, 0.5]]]);
    const [err] = gradCheck((x) => conflictiveConsistencyLoss(x), [e]);
    expect(err).toBeLessThan(2e-3);
    expect(() => conflictiveConsistencyLoss(tf.zeros([1, 4, 3]))).toThrow(ShapeError);
    const before = tf.memory().numTensors;
    conflictiveConsistencyLoss(e).dispose();
    expect(tf.memory().numTensors).toBe(before);
    e.dispose();
  });
});
