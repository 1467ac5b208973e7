import { describe, it, expect } from 'vitest';
import { OptionError, Rng } from '@umq/core';
import { addNoiseAtSnr } from './noise';

describe('addNoiseAtSnr', () => {
  const x = Float32Array.from({ length: 40000 }, (_, i) => 0.5 * Math.sin(i / 7));
  const power = (a: Float32Array): number => a.reduce((s, v) => s + v * v, 0) / a.length;
  for (const snr of [-5, 0, 10, 20]) {
    it(`measured SNR is ${snr} dB (+-0.1) and the noise is zero-mean Gaussian`, () => {
      const y = addNoiseAtSnr(x, snr, new Rng(snr + 100));
      const noise = y.map((v, i) => v - x[i]!);
      expect(10 * Math.log10(power(x) / power(noise))).toBeCloseTo(snr, 1);
      const mean = noise.reduce((s, v) => s + v, 0) / noise.length;
      const sd = Math.sqrt(power(noise));
      expect(Math.abs(mean)).toBeLessThan(4 * sd / Math.sqrt(noise.length));
      // Fourth moment of a Gaussian: 3 sd^4 (a uniform noise would give 1.8).
      const k4 = noise.reduce((s, v) => s + v ** 4, 0) / noise.length / sd ** 4;
      expect(k4).toBeGreaterThan(2.85);
      expect(k4).toBeLessThan(3.15);
    });
  }
  it('is seeded, leaves silence and the input alone, and checks the SNR', () => {
    expect(Array.from(addNoiseAtSnr(x, 3, new Rng(1)))).toEqual(Array.from(addNoiseAtSnr(x, 3, new Rng(1))));
    expect(Array.from(addNoiseAtSnr(x, 3, new Rng(1)).subarray(0, 5))).not.toEqual(Array.from(addNoiseAtSnr(x, 3, new Rng(2)).subarray(0, 5)));
    expect(Array.from(addNoiseAtSnr(new Float32Array(5), 0, new Rng(1)))).toEqual([0, 0, 0, 0, 0]);
    const copy = x.slice();
    addNoiseAtSnr(x, 0, new Rng(1));
    expect(x).toEqual(copy);
    expect(() => addNoiseAtSnr(x, Number.NaN, new Rng(1))).toThrow(OptionError);
  });
});
