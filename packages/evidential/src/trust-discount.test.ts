import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, ShapeError } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { trustDiscount } from './trust-discount';
import { dirichletOpinion } from './opinion';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('trust discounting', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values: e = (2, 0), t = 0.5 -> b = (0.25, 0), u = 0.75 -> e = (2/3, 0)', () => {
    const out = trustDiscount(tf.tensor2d([[2, 0]]), tf.tensor1d([0.5]));
    expect(maxRelErr(out, [2 / 3, 0])).toBeLessThan(1e-6);
    const o = dirichletOpinion(out);
    expect(maxRelErr(o.belief, [0.25, 0])).toBeLessThan(1e-6);
    expect(maxRelErr(o.uncertainty, [0.75])).toBeLessThan(1e-6);
    tf.dispose([out, ...Object.values(o)]);
  });

  it('equals the opinion form b′ = t b, u′ = 1 − t (1 − u) (fixture); t = 1 keeps, t = 0 empties the evidence', () => {
    const e = tf.tensor2d(fixture.evidence[1]);
    const t = tf.tensor1d(fixture.trust);
    const out = trustDiscount(e, t);
    expect(maxRelErr(out, fixture.trustDiscounted, 1e-2)).toBeLessThan(1e-5);
    const rows = out.arraySync() as number[][];
    expect(maxRelErr(rows[0], fixture.evidence[1][0])).toBeLessThan(1e-6); // trust 1
    expect(rows[1]).toEqual([0, 0, 0, 0]); // trust 0
    const scalar = trustDiscount(e, tf.scalar(1));
    expect(maxRelErr(scalar, fixture.evidence[1])).toBeLessThan(1e-6);
    tf.dispose([e, t, out, scalar]);
  });

  it('gradients in the evidence and the trust by finite differences; no leaks', () => {
    const e = tf.tensor2d([[0.5, 1.2, 0.1], [2, 0.3, 0.8]]);
    const t = tf.tensor1d([0.3, 0.8]);
    const w = tf.tensor2d([[0.7, -1.1, 0.4], [1, 0.2, -0.5]]);
    const errs = gradCheck((x, s) => tf.sum(tf.mul(trustDiscount(x, s), w)) as tf.Scalar, [e, t]);
    errs.forEach((err) => expect(err).toBeLessThan(2e-3));
    const before = tf.memory().numTensors;
    trustDiscount(e, t).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => trustDiscount(e, tf.zeros([2, 3]))).toThrow(ShapeError);
    tf.dispose([e, t, w]);
  });
});
