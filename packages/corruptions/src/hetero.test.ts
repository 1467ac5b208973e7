import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { applyCorruption } from './apply';
import { makeModality } from '../test/make-data';

const fixture = JSON.parse(readFileSync(new URL('../../../tools/fixtures/corruptions/distributions.json', import.meta.url), 'utf8')) as {
  heteroMixed: { M: number; options: { p_clean?: number; p_noisy?: number; p_missing?: number; noisy_range?: [number, number] }; stateShare: number[]; noisyRateMean: number }[];
};

/** Per-slot implied rate: regress x̃ on x over the slot's entries (x̃ = (1 - r) x + r ε => slope 1 - r). */
function slope(x: Float32Array, y: Float32Array, off: number, len: number): number {
  let sxy = 0;
  let sxx = 0;
  for (let j = 0; j < len; j++) {
    sxy += x[off + j] * y[off + j];
    sxx += x[off + j] * x[off + j];
  }
  return sxy / sxx;
}

describe('heterogeneous-quality protocols', () => {
  const d = [makeModality(150, 1, 400, 1), makeModality(150, 4, 100, 2)];

  it('hetero-noise: per-slot rates within [0, R], spread over the range, and the returned quality matches the data', () => {
    const R = 0.6;
    const res = applyCorruption(d, { kind: 'hetero-noise', bound: R }, 3);
    d.forEach((x, m) => {
      const q = res.quality[m];
      expect(q.every((v) => v >= 1 - R - 1e-6 && v <= 1)).toBe(true);
      expect(Math.min(...q)).toBeLessThan(1 - 0.8 * R);
      expect(Math.max(...q)).toBeGreaterThan(1 - 0.2 * R);
      for (let i = 0; i < 150; i++) {
        // slope of x̃ on x estimates 1 - r (400 entries: standard error ~ r / 20)
        expect(Math.abs(slope(x.values, res.data[m].values, i * 400, 400) - q[i])).toBeLessThan(0.2 * (1 - q[i]) + 0.02);
      }
    });
    expect(res.requestedRate).toBe(R);
    expect(Math.abs(res.rate - R / 2)).toBeLessThan(0.05);
  });

  it('hetero-mixed: every sample keeps a modality; clean slots untouched (q = 1), noisy q = 1 - r with r in range, missing q = 0', () => {
    const res = applyCorruption(d, { kind: 'hetero-mixed', fill: 'zeros' }, 4);
    const state = res.details.state!;
    for (let i = 0; i < 150; i++) expect(state.some((s) => s[i] !== 2)).toBe(true);
    d.forEach((x, m) => {
      for (let i = 0; i < 150; i++) {
        const seg = res.data[m].values.subarray(i * 400, (i + 1) * 400);
        const orig = x.values.subarray(i * 400, (i + 1) * 400);
        const q = res.quality[m][i];
        if (state[m][i] === 0) {
          expect(q).toBe(1);
          expect(Array.from(seg)).toEqual(Array.from(orig));
        } else if (state[m][i] === 1) {
          expect(q).toBeGreaterThanOrEqual(0 - 1e-6);
          expect(q).toBeLessThanOrEqual(0.7 + 1e-6);
          expect(Math.abs(slope(x.values, res.data[m].values, i * 400, 400) - q)).toBeLessThan(0.2 * (1 - q) + 0.02);
        } else {
          expect(q).toBe(0);
          expect(res.masks[m].present[i]).toBe(0);
          expect(seg.every((v) => v === 0)).toBe(true);
        }
      }
    });
  });

  it('hetero-mixed slot-state shares and mean noisy rate match the reference (conditioned on a kept modality)', () => {
    for (const c of fixture.heteroMixed) {
      const o = c.options;
      const data = Array.from({ length: c.M }, (_, m) => makeModality(3000, 1, 1, m + 1));
      const res = applyCorruption(
        data,
        { kind: 'hetero-mixed', pClean: o.p_clean, pNoisy: o.p_noisy, pMissing: o.p_missing, noisyRange: o.noisy_range },
        7,
      );
      const counts = [0, 0, 0];
      let rs = 0;
      res.details.state!.forEach((s, m) => s.forEach((v, i) => {
        counts[v]++;
        if (v === 1) rs += 1 - res.quality[m][i];
      }));
      const total = 3000 * c.M;
      c.stateShare.forEach((share, k) => expect(Math.abs(counts[k] / total - share)).toBeLessThan(5 * Math.sqrt((share * (1 - share)) / total) + 1e-9));
      expect(Math.abs(rs / counts[1] - c.noisyRateMean)).toBeLessThan(0.02);
    }
  });

  it('hetero-mixed validates its options', () => {
    expect(() => applyCorruption(d, { kind: 'hetero-mixed', pClean: 0, pNoisy: 0 }, 1)).toThrowError(/pClean \+ pNoisy/);
    expect(() => applyCorruption(d, { kind: 'hetero-mixed', noisyRange: [0.8, 0.2] }, 1)).toThrowError(/lo <= hi/);
  });
});
