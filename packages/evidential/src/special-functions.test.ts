import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { digamma, lgamma } from './special-functions';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('digamma and lgamma', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('match PyTorch float64 (torch.digamma, torch.lgamma) over 0.05 .. 1234.5', () => {
    const x = tf.tensor1d(fixture.special.x);
    expect(maxRelErr(digamma(x), fixture.special.digamma, 1e-4)).toBeLessThan(2e-5);
    // absolute for |ln Γ| < 1 (float32 cancellation near its zeros at 1 and 2), relative above
    expect(maxRelErr(lgamma(x), fixture.special.lgamma, 1)).toBeLessThan(5e-6);
    x.dispose();
  });

  it('hand values: ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ln Γ(1) = ln Γ(2) = 0, ln Γ(5) = ln 24', () => {
    const euler = 0.5772156649015329;
    expect(Array.from(digamma(tf.tensor1d([1, 0.5])).dataSync()).map((v, i) => v - [-euler, -euler - 2 * Math.LN2][i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
    const lg = Array.from(lgamma(tf.tensor1d([1, 2, 5])).dataSync());
    expect(Math.abs(lg[0])).toBeLessThan(1e-5);
    expect(Math.abs(lg[1])).toBeLessThan(1e-5);
    expect(Math.abs(lg[2] - Math.log(24))).toBeLessThan(1e-5);
  });

  it('gradients: d lgamma = digamma and d digamma = trigamma (PyTorch polygamma(1, x))', () => {
    const x = tf.tensor1d(fixture.special.x);
    const dl = tf.grad((v: tf.Tensor) => tf.sum(lgamma(v)))(x);
    const dd = tf.grad((v: tf.Tensor) => tf.sum(digamma(v)))(x);
    expect(maxRelErr(dl, fixture.special.digamma, 1e-3)).toBeLessThan(1e-4);
    expect(maxRelErr(dd, fixture.special.trigamma, 1e-4)).toBeLessThan(1e-4);
    tf.dispose([x, dl, dd]);
  });

  it('leaks no tensors', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const before = tf.memory().numTensors;
    tf.dispose([digamma(x), lgamma(x)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
