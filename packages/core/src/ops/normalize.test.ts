import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { l2Normalize, cosineSimilarity } from './normalize';
import { gradCheck, randn } from '../../../../tools/testing/grad-check';

describe('l2Normalize and cosineSimilarity', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('l2Normalize gives unit rows and keeps a zero row at zero', () => {
    const y = l2Normalize(tf.tensor2d([[3, 4], [0, 0]])).arraySync() as number[][];
    expect(y[0][0]).toBeCloseTo(0.6, 6);
    expect(y[0][1]).toBeCloseTo(0.8, 6);
    expect(y[1]).toEqual([0, 0]);
  });

  it('cosineSimilarity equals a·b / (|a| |b|)', () => {
    const y = cosineSimilarity(tf.tensor2d([[1, 0], [1, 2]]), tf.tensor2d([[1, 1], [-2, 1]])).dataSync();
    expect(y[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(y[1]).toBeCloseTo(0, 6);
  });

  it('gradients match finite differences', () => {
    const r = randn([3, 4], 3);
    expect(gradCheck((x) => tf.sum(tf.mul(l2Normalize(x), r)) as tf.Scalar, [randn([3, 4], 1)])[0]).toBeLessThan(1e-2);
    const w = randn([3], 4);
    gradCheck((a, b) => tf.sum(tf.mul(cosineSimilarity(a, b), w)) as tf.Scalar, [randn([3, 4], 5), randn([3, 4], 6)]).forEach((e) => expect(e).toBeLessThan(1e-2));
  });
});
