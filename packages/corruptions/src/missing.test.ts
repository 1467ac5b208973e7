import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { applyCorruption } from './apply';
import { roundHalfEven } from './missing';
import { makeModality } from '../test/make-data';

const fixture = JSON.parse(
  readFileSync(new URL('../../../tools/fixtures/corruptions/distributions.json', import.meta.url), 'utf8'),
) as {
  missing: { n: number; M: number; rate: number; realised: number; keptShare: number[]; presentPerModality: number[] }[];
};

function data(n: number, M: number, padded = false) {
  return Array.from({ length: M }, (_, m) => makeModality(n, m === 1 ? 4 : 1, 3, 100 + m, padded && m === 1));
}

describe("UMQ's missing protocol (Eq 29)", () => {
  it('roundHalfEven rounds like numpy', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, 9.000000000000002].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3, 9]);
  });

  it('realised MR within 1/(N·M) of the target, or at the cap (M - 1)/M; every sample keeps a modality', () => {
    for (const M of [2, 3, 4]) {
      for (const n of [1, 7, 33, 100]) {
        const d = data(n, M);
        for (const mr of [0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 1]) {
          const res = applyCorruption(d, { kind: 'missing', rate: mr }, n * 31 + M);
          const target = Math.min(mr, (M - 1) / M);
          expect(Math.abs(res.rate - target)).toBeLessThanOrEqual(1 / (n * M) + 1e-12);
          expect(res.requestedRate).toBe(mr);
          let present = 0;
          for (let i = 0; i < n; i++) {
            let kept = 0;
            for (let m = 0; m < M; m++) kept += res.masks[m].present[i];
            expect(kept).toBeGreaterThanOrEqual(1);
            present += kept;
          }
          expect(res.rate).toBeCloseTo(1 - present / (n * M), 12); // Eq 29
          if (mr >= (M - 1) / M) for (let i = 0; i < n; i++) expect(res.masks.reduce((a, mk) => a + mk.present[i], 0)).toBe(1);
        }
      }
    }
  });

  it('drops exactly round(MR·N·M) slots, as the reference (fixture realised rates)', () => {
    for (const c of fixture.missing) {
      const res = applyCorruption(data(c.n, c.M), { kind: 'missing', rate: c.rate }, 5);
      expect(res.rate).toBeCloseTo(c.realised, 10);
    }
  });

  it('per-sample kept-count distribution matches the reference protocol (Monte Carlo fixture)', () => {
    for (const c of fixture.missing) {
      const d = data(c.n, c.M);
      const counts = new Float64Array(c.M + 1);
      const perMod = new Float64Array(c.M);
      const runs = 300;
      for (let s = 0; s < runs; s++) {
        const res = applyCorruption(d, { kind: 'missing', rate: c.rate }, s);
        for (let i = 0; i < c.n; i++) {
          let k = 0;
          for (let m = 0; m < c.M; m++) k += res.masks[m].present[i];
          counts[k]++;
        }
        res.masks.forEach((mk, m) => (perMod[m] += mk.present.reduce((a, b) => a + b, 0) / c.n));
      }
      const total = runs * c.n;
      c.keptShare.forEach((share, k) => {
        const sd = Math.sqrt(Math.max(share * (1 - share), 1e-4) / total);
        expect(Math.abs(counts[k] / total - share)).toBeLessThan(5 * sd + 1e-9);
      });
      // modalities are symmetric
      c.presentPerModality.forEach((p, m) => expect(Math.abs(perMod[m] / runs - p)).toBeLessThan(0.03));
    }
  });

  it("fills absent modalities' valid steps with zeros or N(0, 1), present ones unchanged; quality is presence", () => {
    const d = data(300, 3, true);
    for (const fill of ['zeros', 'gaussian'] as const) {
      const res = applyCorruption(d, { kind: 'missing', rate: 0.5, fill }, 9);
      let s = 0;
      let s2 = 0;
      let c = 0;
      d.forEach((x, m) => {
        const per = x.t * x.d;
        for (let i = 0; i < x.n; i++) {
          expect(res.quality[m][i]).toBe(res.masks[m].present[i]);
          for (let st = 0; st < x.t; st++) {
            const valid = !x.mask || x.mask[i * x.t + st];
            for (let j = 0; j < x.d; j++) {
              const k = i * per + st * x.d + j;
              const v = res.data[m].values[k];
              if (res.masks[m].present[i] || !valid) {
                if (v !== x.values[k]) throw new Error(`changed entry ${m}/${i}/${st}/${j}`);
              } else if (fill === 'zeros') {
                if (v !== 0) throw new Error('not zero-filled');
              } else {
                s += v;
                s2 += v * v;
                c++;
              }
            }
          }
        }
      });
      if (fill === 'gaussian') {
        expect(c).toBeGreaterThan(500);
        expect(Math.abs(s / c)).toBeLessThan(5 / Math.sqrt(c));
        expect(Math.abs(Math.sqrt(s2 / c) - 1)).toBeLessThan(0.1);
      }
      expect(res.masks.every((mk) => mk.keptSteps === null)).toBe(true);
    }
  });
});
