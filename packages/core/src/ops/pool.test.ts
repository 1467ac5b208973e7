import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { maskedMeanPool } from './pool';
import { gradCheck, randn } from '../../../../tools/testing/grad-check';

describe('maskedMeanPool', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('averages valid steps only; an all-padded row gives 0; no mask is the plain mean (Eq 28)', () => {
    const x = tf.tensor3d([[[1, 10], [3, 20], [100, 100]], [[5, 5], [7, 7], [9, 9]]]);
    const y = maskedMeanPool(x, tf.tensor2d([[1, 1, 0], [0, 0, 0]])).arraySync();
    expect(y).toEqual([[2, 15], [0, 0]]);
    expect(maskedMeanPool(x).arraySync()).toEqual([[104 / 3, 130 / 3].map((v) => Math.fround(v)), [7, 7]]);
  });

  it('gradient matches finite differences and is zero on padded steps', () => {
    const mask = tf.tensor2d([[1, 1, 0], [1, 0, 0]]);
    const r = randn([2, 4], 5);
    const f = (x: tf.Tensor) => tf.sum(tf.mul(maskedMeanPool(x, mask), r)) as tf.Scalar;
    const x = randn([2, 3, 4], 1);
    expect(gradCheck(f, [x])[0]).toBeLessThan(1e-2);
    const g = tf.grad(f)(x).arraySync() as number[][][];
    expect(g[0][2].every((v) => v === 0) && g[1][1].every((v) => v === 0) && g[1][2].every((v) => v === 0)).toBe(true);
  });
});
