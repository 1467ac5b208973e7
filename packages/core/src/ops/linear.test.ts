import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { linear } from './linear';
import { gradCheck, randn, relError } from '../../../../tools/testing/grad-check';

describe('linear', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('computes x W + b over the last axis for rank-2 and rank-3 inputs', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const w = tf.tensor2d([[1, 0, 2], [0, 1, -1]]);
    const b = tf.tensor1d([0.5, 0, 1]);
    expect(linear(x, w, b).arraySync()).toEqual([[1.5, 2, 1], [3.5, 4, 3]]);
    const x3 = randn([2, 3, 2], 1);
    const y3 = linear(x3, w, b);
    expect(y3.shape).toEqual([2, 3, 3]);
    expect(relError(y3.dataSync(), linear(tf.reshape(x3, [6, 2]), w, b).dataSync())).toBeLessThan(1e-7);
  });

  it('gradient matches finite differences (x, W, b)', () => {
    const r = randn([4, 3], 9);
    const errs = gradCheck((x, w, b) => tf.sum(tf.mul(linear(x, w, b), r)) as tf.Scalar, [randn([4, 5], 1), randn([5, 3], 2), randn([3], 3)]);
    errs.forEach((e) => expect(e).toBeLessThan(1e-2));
  });

  it('gradient equals the stock tf.matMul gradient (rank-3 input)', () => {
    const x = randn([2, 6, 7], 4);
    const w = randn([7, 5], 5);
    const r = randn([2, 6, 5], 6);
    const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(linear(a, b), r)))([x, w]);
    const stock = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.matMul(tf.reshape(a, [12, 7]) as tf.Tensor2D, b as tf.Tensor2D), [2, 6, 5]), r)))([x, w]);
    expect(relError(ours[0].dataSync(), stock[0].dataSync())).toBeLessThan(1e-6);
    expect(relError(ours[1].dataSync(), stock[1].dataSync())).toBeLessThan(1e-6);
  });

  it('with a bias, gradients equal those of matMul + add (rank-3 input)', () => {
    const x = randn([3, 50, 7], 4);
    const w = randn([7, 5], 5);
    const b = randn([5], 6);
    const r = randn([3, 50, 5], 7);
    const ours = tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(linear(a, c, e), r)))([x, w, b]);
    const stock = tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.reshape(tf.matMul(tf.reshape(a, [150, 7]) as tf.Tensor2D, c as tf.Tensor2D), [3, 50, 5]), e), r)))([x, w, b]);
    ours.forEach((g, i) => {
      expect(g.shape).toEqual(stock[i].shape);
      expect(relError(g.dataSync(), stock[i].dataSync())).toBeLessThan(1e-6);
    });
  });
});
