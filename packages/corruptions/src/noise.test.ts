import { describe, it, expect } from 'vitest';
import { applyCorruption } from './apply';
import { makeModality } from '../test/make-data';

function residualStats(x: Float32Array, y: Float32Array, r: number): { mean: number; std: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const e = y[i] - (1 - r) * x[i];
    s += e;
    s2 += e * e;
  }
  const mean = s / x.length;
  return { mean, std: Math.sqrt(s2 / x.length - mean * mean) };
}

describe('noise protocols (UMQ Eq 30, A.2)', () => {
  const big = [makeModality(400, 5, 20, 1), makeModality(400, 1, 50, 2)]; // 40k + 20k entries

  it('Gaussian mixing: residual x̃ - (1 - r) x has mean 0 and std r; quality 1 - r; rate r', () => {
    for (const r of [0.1, 0.4, 0.7, 1]) {
      const res = applyCorruption(big, { kind: 'gaussian', rate: r }, 11);
      big.forEach((x, m) => {
        const { mean, std } = residualStats(x.values, res.data[m].values, r);
        const n = x.values.length;
        expect(Math.abs(mean)).toBeLessThan((5 * r) / Math.sqrt(n)); // 5 standard errors
        expect(Math.abs(std / r - 1)).toBeLessThan(0.03);
        expect(res.quality[m].every((q) => Math.abs(q - (1 - r)) < 1e-6)).toBe(true);
      });
      expect(res.rate).toBe(r);
      expect(res.requestedRate).toBe(r);
    }
  });

  it('Gaussian mixing at r = 0 is the identity', () => {
    const res = applyCorruption(big, { kind: 'gaussian', rate: 0 }, 1);
    expect(Array.from(res.data[0].values)).toEqual(Array.from(big[0].values));
  });

  it('Laplace mixing: residual has mean 0 and std r·√2 (Laplace(0, 1) variance 2), heavier tails than Gaussian', () => {
    const r = 0.5;
    const res = applyCorruption(big, { kind: 'laplace', rate: r }, 12);
    const { mean, std } = residualStats(big[0].values, res.data[0].values, r);
    expect(Math.abs(mean)).toBeLessThan((5 * r * Math.SQRT2) / Math.sqrt(big[0].values.length));
    expect(Math.abs(std / (r * Math.SQRT2) - 1)).toBeLessThan(0.04);
    // kurtosis check: share of |e| > 3 std is ~1.4% for Laplace vs 0.27% for Gaussian
    let tail = 0;
    for (let i = 0; i < big[0].values.length; i++) if (Math.abs(res.data[0].values[i] - (1 - r) * big[0].values[i]) > 3 * std) tail++;
    expect(tail / big[0].values.length).toBeGreaterThan(0.009);
  });

  it('random erasing zeroes a fraction r of the entries and leaves the others unchanged; quality = 1 - erased fraction', () => {
    for (const r of [0.2, 0.6]) {
      const res = applyCorruption(big, { kind: 'erase', rate: r }, 13);
      const x = big[0].values;
      const y = res.data[0].values;
      let zeros = 0;
      let changed = 0;
      for (let i = 0; i < x.length; i++) {
        if (y[i] === 0) zeros++;
        else if (y[i] !== x[i]) changed++;
      }
      expect(changed).toBe(0);
      const sd = Math.sqrt((r * (1 - r)) / x.length);
      expect(Math.abs(zeros / x.length - r)).toBeLessThan(5 * sd);
      // per-sample quality is exactly 1 - the erased share of that sample (100 entries each)
      for (let i = 0; i < 5; i++) {
        let z = 0;
        for (let j = 0; j < 100; j++) if (y[i * 100 + j] === 0) z++;
        expect(res.quality[0][i]).toBeCloseTo(1 - z / 100, 6);
      }
      expect(Math.abs(res.rate - r)).toBeLessThan(0.02);
    }
  });

  it('other noises: per sample either Laplace mixing or erasing (shared by the modalities), about half each', () => {
    const r = 0.5;
    const res = applyCorruption(big, { kind: 'other-noises', rate: r }, 14);
    const lap = res.details.laplace!;
    expect(lap.length).toBe(400);
    const share = lap.reduce((a, b) => a + b, 0) / 400;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.1);
    big.forEach((x, m) => {
      const per = x.t * x.d;
      for (let i = 0; i < 400; i++) {
        let zeros = 0;
        let unchanged = 0;
        for (let j = 0; j < per; j++) {
          const k = i * per + j;
          if (res.data[m].values[k] === 0) zeros++;
          if (res.data[m].values[k] === x.values[k]) unchanged++;
        }
        if (lap[i]) {
          expect(zeros).toBe(0); // mixing never gives exact zeros here
          expect(res.quality[m][i]).toBeCloseTo(1 - r, 6);
        } else {
          expect(zeros + unchanged).toBe(per); // erasing: every entry kept or zeroed
          expect(res.quality[m][i]).toBeCloseTo(1 - zeros / per, 6);
        }
      }
    });
  });
});
