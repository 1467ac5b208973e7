import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf } from '@umq/core';
import { addNoise } from './add-noise';

describe('addNoise (UMQ Eq 19)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('mixes each row at its own rate r ~ U(0, 1): residual / r is N(0, 1) per row; rate shape [..., 1]', () => {
    const u = tf.randomNormal([3, 200, 64], 0, 1, 'float32', 1);
    const { noisy, rate } = addNoise(u, 5);
    expect(noisy.shape).toEqual([3, 200, 64]);
    expect(rate.shape).toEqual([3, 200, 1]);
    const r = rate.dataSync();
    const x = u.dataSync();
    const y = noisy.dataSync();
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let row = 0; row < 600; row++) {
      expect(r[row] >= 0 && r[row] < 1).toBe(true);
      if (r[row] < 0.05) continue;
      for (let j = 0; j < 64; j++) {
        const e = (y[row * 64 + j] - (1 - r[row]) * x[row * 64 + j]) / r[row];
        s += e;
        s2 += e * e;
        n++;
      }
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(s2 / n) - 1)).toBeLessThan(0.02);
    const mean = Array.from(r).reduce((a, b) => a + b, 0) / r.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    tf.dispose([u, noisy, rate]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const u = tf.ones([4, 8]);
    const a = addNoise(u, 1);
    const b = addNoise(u, 1);
    const c = addNoise(u, 2);
    expect(Array.from(a.noisy.dataSync())).toEqual(Array.from(b.noisy.dataSync()));
    expect(Array.from(a.noisy.dataSync())).not.toEqual(Array.from(c.noisy.dataSync()));
    tf.dispose([u, a.noisy, a.rate, b.noisy, b.rate, c.noisy, c.rate]);
  });

  it('gradient w.r.t. u is (1 - r) (no gradient through the noise), and nothing leaks', () => {
    const u = tf.randomNormal([6, 5], 0, 1, 'float32', 2);
    const w = tf.randomNormal([6, 5], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const g = tf.grad((x: tf.Tensor) => {
      const { noisy, rate } = addNoise(x, 9);
      rate.dispose();
      return tf.sum(tf.mul(noisy, w));
    })(u);
    const { noisy, rate } = addNoise(u, 9);
    const r = rate.dataSync();
    const gv = g.dataSync();
    const wv = w.dataSync();
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) expect(gv[i * 5 + j]).toBeCloseTo((1 - r[i]) * wv[i * 5 + j], 5);
    tf.dispose([g, noisy, rate]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([u, w]);
  });

  it('rejects non-float or empty input', () => {
    const i = tf.tensor1d([1, 2], 'int32');
    expect(() => addNoise(i, 1)).toThrowError(/float32/);
    i.dispose();
  });
});
