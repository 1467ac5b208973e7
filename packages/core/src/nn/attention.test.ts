import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, MultiHeadSelfAttention, Rng, OptionError, ShapeError } from '../index';
import { gradCheck, randn, variableGradCheck } from '../../../../tools/testing/grad-check';

describe('MultiHeadSelfAttention', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('gradient wrt input and every parameter matches finite differences (with a padding mask)', () => {
    const m = new MultiHeadSelfAttention({ dModel: 4, numHeads: 2, seed: 3 });
    const mask = tf.tensor2d([[1, 1, 1], [1, 1, 0]]);
    const r = randn([2, 3, 4], 8);
    const x = randn([2, 3, 4], 1, 0.5);
    const loss = (xx: tf.Tensor): tf.Scalar => tf.sum(tf.mul(m.call(xx, mask).output, r)) as tf.Scalar;
    expect(gradCheck(loss, [x])[0]).toBeLessThan(1e-2);
    const errs = variableGradCheck(() => loss(x), m.parameters());
    errs.forEach((e, i) => expect(e, m.namedParameters()[i][0]).toBeLessThan(1e-2));
  });

  it('padded keys get exactly zero weight; a row with no valid key attends uniformly (no NaN)', () => {
    const m = new MultiHeadSelfAttention({ dModel: 4, numHeads: 2, seed: 1 });
    const x = randn([2, 3, 4], 2);
    const { output, weights } = m.call(x, tf.tensor2d([[1, 1, 0], [0, 0, 0]]), undefined, true);
    const w = (weights as tf.Tensor).arraySync() as number[][][][];
    for (const head of w[0]) for (const row of head) {
      expect(row[2]).toBe(0);
      expect(row[0] + row[1]).toBeCloseTo(1, 6);
    }
    for (const head of w[1]) for (const row of head) row.forEach((v) => expect(v).toBeCloseTo(1 / 3, 6));
    expect(output.dataSync().every(Number.isFinite)).toBe(true);
    // Changing a padded step's values changes nothing at the valid queries' outputs.
    const x2 = tf.concat([tf.slice(x, [0, 0, 0], [1, 2, 4]), tf.fill([1, 1, 4], 9)], 1);
    const a = m.call(tf.slice(x, [0, 0, 0], [1, 3, 4]), tf.tensor2d([[1, 1, 0]])).output.slice([0, 0, 0], [1, 2, 4]).dataSync();
    const b = m.call(x2, tf.tensor2d([[1, 1, 0]])).output.slice([0, 0, 0], [1, 2, 4]).dataSync();
    Array.from(a).forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
  });

  it('attention dropout is seeded, needs ctx.rng, and is off in eval', () => {
    const m = new MultiHeadSelfAttention({ dModel: 8, numHeads: 2, dropout: 0.5, seed: 1 });
    const x = randn([2, 5, 8], 4);
    const a = m.call(x, null, { training: true, rng: new Rng(7) }).output.dataSync();
    const b = m.call(x, null, { training: true, rng: new Rng(7) }).output.dataSync();
    const e = m.call(x).output.dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(e));
    expect(() => m.call(x, null, { training: true })).toThrow(/needs ctx.rng/);
  });

  it('validates options and shapes with named errors', () => {
    expect(() => new MultiHeadSelfAttention({ dModel: 10, numHeads: 4 })).toThrow(OptionError);
    const m = new MultiHeadSelfAttention({ dModel: 8, numHeads: 2 });
    expect(() => m.call(tf.zeros([2, 5, 6]))).toThrow(ShapeError);
    expect(() => m.call(tf.zeros([2, 5, 8]), tf.ones([2, 4]))).toThrow(/expected \[2, 5\]/);
  });
});
