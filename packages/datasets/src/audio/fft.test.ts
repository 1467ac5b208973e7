import { describe, it, expect } from 'vitest';
import { OptionError, Rng } from '@umq/core';
import { RealFft } from './fft';

function naiveDft(x: Float64Array): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let r = 0;
    let i = 0;
    for (let j = 0; j < n; j++) {
      r += x[j]! * Math.cos((2 * Math.PI * j * k) / n);
      i -= x[j]! * Math.sin((2 * Math.PI * j * k) / n);
    }
    re.push(r);
    im.push(i);
  }
  return { re, im };
}

describe('RealFft', () => {
  // Powers of two take the real-FFT route; others (and 1, 2) Bluestein's.
  for (const n of [1, 2, 3, 4, 8, 16, 200, 256, 400, 512, 1000]) {
    it(`matches the O(n^2) DFT for n = ${n}`, () => {
      const x = new Rng(n).fillNormal(new Float64Array(n)) as Float64Array;
      const fft = new RealFft(n);
      expect(fft.bins).toBe(Math.floor(n / 2) + 1);
      const re = new Float64Array(fft.bins);
      const im = new Float64Array(fft.bins);
      fft.forward(x, re, im);
      const want = naiveDft(x);
      // Both in float64; the naive sum's own rounding grows like n * eps * |x|.
      const tol = 1e-12 * n;
      for (let k = 0; k < fft.bins; k++) {
        expect(Math.abs(re[k]! - want.re[k]!), `re[${k}]`).toBeLessThan(tol);
        expect(Math.abs(im[k]! - want.im[k]!), `im[${k}]`).toBeLessThan(tol);
      }
      const p = fft.power(x);
      for (let k = 0; k < fft.bins; k++) expect(p[k]).toBeCloseTo(want.re[k]! ** 2 + want.im[k]! ** 2, 8);
    });
  }
  it('gives the same spectrum on reuse (scratch buffers do not leak between frames)', () => {
    const fft = new RealFft(400);
    const a = new Rng(1).fillNormal(new Float64Array(400));
    const b = new Rng(2).fillNormal(new Float64Array(400));
    const first = Float64Array.from(fft.power(a));
    fft.power(b);
    expect(Array.from(fft.power(a))).toEqual(Array.from(first));
  });
  it('rejects bad sizes and frame lengths', () => {
    expect(() => new RealFft(0)).toThrow(OptionError);
    expect(() => new RealFft(2.5)).toThrow(/integer/);
    expect(() => new RealFft(8).power([1, 2, 3])).toThrow(/3 samples, the FFT size is 8/);
  });
});
