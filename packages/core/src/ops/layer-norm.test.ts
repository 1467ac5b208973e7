import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { layerNorm } from './layer-norm';
import { gradCheck, randn } from './grad-check.testutil';

describe('layerNorm', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('normalises the last axis with biased variance, then applies gamma and beta', () => {
    const y = layerNorm(tf.tensor2d([[1, 2, 3]]), tf.tensor1d([1, 2, 1]), tf.tensor1d([0, 0, 1])).dataSync();
    const s = Math.sqrt(2 / 3 + 1e-5);
    expect(y[0]).toBeCloseTo(-1 / s, 5);
    expect(y[1]).toBeCloseTo(0, 6);
    expect(y[2]).toBeCloseTo(1 / s + 1, 5);
  });

  it('gradient matches finite differences (x, gamma, beta)', () => {
    const r = randn([3, 4], 9);
    const errs = gradCheck((x, g, b) => tf.sum(tf.mul(layerNorm(x, g, b), r)) as tf.Scalar, [randn([3, 4], 1), randn([4], 2), randn([4], 3)]);
    errs.forEach((e) => expect(e).toBeLessThan(1e-2));
  });
});
