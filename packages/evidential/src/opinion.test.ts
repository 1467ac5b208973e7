import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, ShapeError } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { dirichletOpinion, evidenceFromOpinion, evidentialConfidence } from './opinion';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('Dirichlet opinions', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values: e = (4, 0, 0) -> S = 7, b = (4/7, 0, 0), u = 3/7, p = (5/7, 1/7, 1/7)', () => {
    const o = dirichletOpinion(tf.tensor2d([[4, 0, 0]]));
    expect(maxRelErr(o.alpha, [5, 1, 1])).toBeLessThan(1e-6);
    expect(maxRelErr(o.strength, [7])).toBeLessThan(1e-6);
    expect(maxRelErr(o.belief, [4 / 7, 0, 0])).toBeLessThan(1e-6);
    expect(maxRelErr(o.uncertainty, [3 / 7])).toBeLessThan(1e-6);
    expect(maxRelErr(o.probability, [5 / 7, 1 / 7, 1 / 7])).toBeLessThan(1e-6);
    tf.dispose(Object.values(o));
  });

  it('matches the fixture on a [3, 5, 4] stack; Σ b + u = 1; evidenceFromOpinion inverts it', () => {
    const e = tf.tensor3d(fixture.evidence);
    const o = dirichletOpinion(e);
    expect(maxRelErr(o.belief, fixture.belief)).toBeLessThan(1e-5);
    expect(maxRelErr(o.uncertainty, fixture.uncertainty)).toBeLessThan(1e-5);
    const total = tf.add(tf.sum(o.belief, -1), o.uncertainty);
    expect(Array.from(total.dataSync()).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    const back = evidenceFromOpinion(o.belief, o.uncertainty);
    expect(maxRelErr(back, fixture.evidence, 1e-2)).toBeLessThan(1e-5);
    const conf = evidentialConfidence(e);
    expect(maxRelErr(conf, fixture.uncertainty.map((r) => r.map((u) => 1 - u)))).toBeLessThan(1e-5);
    tf.dispose([e, total, back, conf, ...Object.values(o)]);
  });

  it('the expected probability and the uncertainty are differentiable (finite differences)', () => {
    const e = tf.tensor2d([[0.5, 1.5, 0.2], [2, 0.1, 0.7]]);
    const w = tf.tensor2d([[0.3, -1, 2], [1, 0.5, -0.4]]);
    const [err] = gradCheck((x) => {
      const o = dirichletOpinion(x);
      return tf.add(tf.sum(tf.mul(o.probability, w)), tf.sum(tf.square(o.uncertainty))) as tf.Scalar;
    }, [e]);
    expect(err).toBeLessThan(2e-3);
    tf.dispose([e, w]);
  });

  it('rejects a class axis of size 1 or a scalar, and leaks no tensors', () => {
    expect(() => dirichletOpinion(tf.tensor2d([[1], [2]]))).toThrow(ShapeError);
    expect(() => dirichletOpinion(tf.scalar(1))).toThrow(/class axis|tensor \[\.\.\., K\]/);
    const e = tf.tensor2d([[1, 2]]);
    const before = tf.memory().numTensors;
    const o = dirichletOpinion(e);
    expect(tf.memory().numTensors).toBe(before + 5);
    tf.dispose(Object.values(o));
    tf.dispose(evidentialConfidence(e));
    expect(tf.memory().numTensors).toBe(before);
    e.dispose();
  });
});
