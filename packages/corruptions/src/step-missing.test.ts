import { describe, it, expect } from 'vitest';
import { ShapeError } from '@umq/core';
import { applyCorruption } from './apply';
import { smmPatterns } from './modality-missing';
import { roundHalfEven } from './missing';
import { makeModality } from '../test/make-data';

const aligned = () => [makeModality(200, 10, 2, 1, true), makeModality(200, 10, 3, 2), makeModality(200, 10, 2, 3, true)];

describe('CIDer step-level missing types', () => {
  it('STMFM: one contiguous block of round(T_i·r) valid steps, the same in every modality', () => {
    const d = aligned();
    for (const r of [0.2, 0.35, 0.5]) {
      const res = applyCorruption(d, { kind: 'stmfm', rate: r }, 4);
      for (let i = 0; i < 200; i++) {
        const union: number[] = [];
        for (let s = 0; s < 10; s++) if (d.some((x) => !x.mask || x.mask[i * 10 + s])) union.push(s);
        const dropped = union.filter((s) => res.masks[1].keptSteps![i * 10 + s] === 0);
        const len = roundHalfEven(union.length * r);
        expect(dropped.length).toBe(len);
        // contiguous within the union of valid steps (no padding here for modality 1: plain positions)
        if (dropped.length > 0) {
          const a = union.indexOf(dropped[0]);
          expect(dropped).toEqual(union.slice(a, a + len));
        }
        // shared across modalities (where a step is valid)
        for (const m of [0, 2]) {
          for (let s = 0; s < 10; s++) {
            const valid = !d[m].mask || d[m].mask![i * 10 + s];
            const expected = valid && dropped.includes(s) ? 0 : 1;
            expect(res.masks[m].keptSteps![i * 10 + s]).toBe(expected);
          }
        }
      }
    }
  });

  it('STMFM on unpadded data: blocks of exactly round(T·r) consecutive steps; starts vary', () => {
    const d = [makeModality(100, 20, 2, 1), makeModality(100, 20, 2, 2)];
    const res = applyCorruption(d, { kind: 'stmfm', rate: 0.3 }, 2);
    const starts = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const k = Array.from(res.masks[0].keptSteps!.subarray(i * 20, i * 20 + 20));
      const first = k.indexOf(0);
      starts.add(first);
      expect(k.filter((v) => v === 0).length).toBe(6);
      expect(k.slice(first, first + 6).every((v) => v === 0)).toBe(true);
      expect(res.quality[0][i]).toBeCloseTo(14 / 20, 6);
      // dropped steps are zero-filled (CIDer default)
      for (let s = first; s < first + 6; s++) for (let j = 0; j < 2; j++) expect(res.data[0].values[(i * 20 + s) * 2 + j]).toBe(0);
    }
    expect(starts.size).toBeGreaterThan(8);
  });

  it('TMFM: one time mask shared by the modalities, rate r', () => {
    const d = [makeModality(300, 10, 2, 1), makeModality(300, 10, 3, 2)];
    const res = applyCorruption(d, { kind: 'tmfm', rate: 0.3 }, 3);
    expect(Array.from(res.masks[0].keptSteps!)).toEqual(Array.from(res.masks[1].keptSteps!));
    expect(Math.abs(res.rate - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / 3000));
  });

  it('TMFM/STMFM reject unaligned sequences with a ShapeError', () => {
    const d = [makeModality(4, 10, 2, 1), makeModality(4, 8, 2, 2)];
    expect(() => applyCorruption(d, { kind: 'tmfm', rate: 0.3 }, 1)).toThrowError(ShapeError);
    expect(() => applyCorruption(d, { kind: 'stmfm', rate: 0.3 }, 1)).toThrowError(/aligned/);
  });

  it('RMFM: each valid step missing with probability r across all modalities; padding never dropped; quality = kept share', () => {
    const d = [makeModality(300, 12, 2, 1, true), makeModality(300, 7, 2, 2), makeModality(300, 1, 4, 3)];
    for (const kind of ['cider-rmfm', 'cider-rmfm-traditional'] as const) {
      const res = applyCorruption(d, { kind, rate: 0.4 }, 8);
      let dropped = 0;
      let valid = 0;
      d.forEach((x, m) => {
        for (let i = 0; i < x.n; i++) {
          let v = 0;
          let k = 0;
          for (let s = 0; s < x.t; s++) {
            const isValid = !x.mask || x.mask[i * x.t + s];
            const kept = res.masks[m].keptSteps![i * x.t + s];
            if (!isValid) expect(kept).toBe(1);
            else {
              v++;
              if (kept) k++;
            }
          }
          dropped += v - k;
          valid += v;
          expect(res.quality[m][i]).toBeCloseTo(v === 0 ? 1 : k / v, 6);
          expect(res.masks[m].present[i]).toBe(v > 0 && k === 0 ? 0 : 1);
        }
      });
      expect(Math.abs(dropped / valid - 0.4)).toBeLessThan(5 * Math.sqrt(0.24 / valid));
    }
  });

  it("RMFM train mode: r ~ U(0, 1) per sample (CIDer's one-to-all), reported in details", () => {
    const d = [makeModality(400, 30, 1, 1), makeModality(400, 30, 1, 2)];
    const res = applyCorruption(d, { kind: 'cider-rmfm', mode: 'train' }, 6);
    const r = res.details.sampleRate!;
    expect(r.length).toBe(400);
    const mean = r.reduce((a, b) => a + b, 0) / 400;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(res.requestedRate).toBeNull();
    // the per-sample dropped share tracks the sample's rate
    let err = 0;
    for (let i = 0; i < 400; i++) err += Math.abs(1 - (res.quality[0][i] + res.quality[1][i]) / 2 - r[i]);
    expect(err / 400).toBeLessThan(0.1);
  });
});

describe('CIDer modality-level missing types', () => {
  it('smmPatterns lists every non-trivial subset, 2^M - 2, in CIDer order for M = 3', () => {
    expect(smmPatterns(3)).toEqual([[0], [1], [2], [0, 1], [0, 2], [1, 2]]);
    for (const M of [2, 4, 5]) {
      const pats = smmPatterns(M);
      expect(pats).toHaveLength(2 ** M - 2);
      expect(new Set(pats.map((p) => p.join(','))).size).toBe(2 ** M - 2);
    }
    expect(() => smmPatterns(1)).toThrowError(/modalities/);
  });

  it('SMM covers every pattern: kept modalities present in every sample, the others missing', () => {
    const d = [makeModality(10, 1, 2, 1), makeModality(10, 3, 2, 2), makeModality(10, 1, 3, 3), makeModality(10, 2, 2, 4)];
    const pats = smmPatterns(4);
    const seen = new Set<string>();
    pats.forEach((kept, idx) => {
      const a = applyCorruption(d, { kind: 'smm', pattern: idx }, 1);
      const b = applyCorruption(d, { kind: 'smm', kept }, 1);
      const presentSet: number[] = [];
      a.masks.forEach((mk, m) => {
        const all = mk.present.every((v) => v === 1);
        const none = mk.present.every((v) => v === 0);
        expect(all || none).toBe(true);
        if (all) presentSet.push(m);
        expect(Array.from(mk.present)).toEqual(Array.from(b.masks[m].present));
      });
      expect(presentSet).toEqual(kept);
      expect(a.rate).toBeCloseTo(1 - kept.length / 4, 6);
      seen.add(presentSet.join(','));
    });
    expect(seen.size).toBe(14);
    expect(() => applyCorruption(d, { kind: 'smm', pattern: 14 }, 1)).toThrowError(/patterns/);
    expect(() => applyCorruption(d, { kind: 'smm', kept: [0, 1, 2, 3] }, 1)).toThrowError(/clean/);
  });

  it('RMM: each modality missing with probability r, independently (all may drop)', () => {
    const d = [makeModality(2000, 1, 2, 1), makeModality(2000, 1, 2, 2), makeModality(2000, 1, 2, 3)];
    const res = applyCorruption(d, { kind: 'rmm', rate: 0.5 }, 5);
    expect(Math.abs(res.rate - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 6000));
    let allGone = 0;
    for (let i = 0; i < 2000; i++) if (res.masks.every((mk) => mk.present[i] === 0)) allGone++;
    expect(Math.abs(allGone / 2000 - 0.125)).toBeLessThan(0.04);
  });
});
