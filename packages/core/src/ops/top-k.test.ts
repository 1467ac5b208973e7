import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, OptionError } from '../index';
import { topKMask } from './top-k';

describe('topKMask', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('marks the k largest entries of each row (ties to the lower index)', () => {
    const { mask, indices } = topKMask(tf.tensor2d([[0.1, 0.5, 0.4, 0.2], [3, 3, 1, 3]]), 2);
    expect(mask.arraySync()).toEqual([[0, 1, 1, 0], [1, 1, 0, 0]]);
    expect(indices.arraySync()).toEqual([[1, 2], [0, 1]]);
    expect(mask.dtype).toBe('float32');
  });

  it('has zero gradient, so mask * g differentiates through g only', () => {
    const x = tf.tensor2d([[0.1, 0.5, 0.4]]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(topKMask(v, 2).mask, v)))(x);
    expect(g.arraySync()).toEqual([[0, 1, 1]]);
  });

  it('rejects k outside [1, n]', () => {
    expect(() => topKMask(tf.zeros([2, 3]), 4)).toThrow(OptionError);
    expect(() => topKMask(tf.zeros([2, 3]), 0)).toThrow(/k must be an integer in \[1, 3\]/);
  });
});
