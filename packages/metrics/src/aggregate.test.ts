import { describe, it, expect } from 'vitest';
import { aggregate, summarizeMetrics, formatMeanStd } from './aggregate';
import { MetricsError } from './errors';
import { golden, close, STATS_TOL } from '../test/golden';

describe('aggregate', () => {
  for (const [i, c] of golden.aggregate.entries()) {
    it(`matches numpy mean / std(ddof=1): case ${i}`, () => {
      const a = aggregate(c.values.map((value: number, seed: number) => ({ seed: seed + 10, value })));
      close(a.mean, c.mean, STATS_TOL, 'mean');
      close(a.std, c.std, STATS_TOL, 'std');
      expect(a.n).toBe(c.values.length);
      expect(a.seeds).toEqual(c.values.map((_: number, s: number) => s + 10));
    });
  }
  it('doc examples; records; n = 1 gives std 0', () => {
    expect(aggregate([{ seed: 0, value: 74 }, { seed: 1, value: 75 }, { seed: 2, value: 76 }])).toEqual({
      mean: 75,
      std: 1,
      n: 3,
      seeds: [0, 1, 2],
    });
    expect(aggregate({ 0: 74, 1: 76 }).mean).toBe(75);
    expect(aggregate({ 7: 0.5 })).toEqual({ mean: 0.5, std: 0, n: 1, seeds: [7] });
  });
  it('rejects empty, duplicate seeds, bad seeds and NaN values', () => {
    expect(() => aggregate([])).toThrow(/empty/);
    expect(() => aggregate({})).toThrow(MetricsError);
    expect(() => aggregate([{ seed: 1, value: 1 }, { seed: 1, value: 2 }])).toThrow(/seed 1 appears twice/);
    expect(() => aggregate({ abc: 1 })).toThrow(/seeds must be finite/);
    expect(() => aggregate({ 3: NaN })).toThrow(/valuesBySeed\['3'\].value` is NaN/);
  });
});

describe('summarizeMetrics', () => {
  it('doc example: nulls are skipped and listed', () => {
    const s = summarizeMetrics([
      { seed: 1, metrics: { acc2: 0.8, corr: 0.7 } },
      { seed: 2, metrics: { acc2: 0.82, corr: null } },
    ]);
    expect(s.acc2.mean).toBeCloseTo(0.81, 14);
    expect(s.acc2.std).toBeCloseTo(Math.SQRT2 * 0.01, 14);
    expect(s.acc2.seeds).toEqual([1, 2]);
    expect(s.corr).toEqual({ mean: 0.7, std: 0, n: 1, seeds: [1], nullSeeds: [2] });
  });
  it('all-null metric gives null mean; nulls: error throws', () => {
    const runs = [{ seed: 3, metrics: { f1Non0: null } }];
    expect(summarizeMetrics(runs).f1Non0).toEqual({ mean: null, std: null, n: 0, seeds: [], nullSeeds: [3] });
    expect(() => summarizeMetrics(runs, { nulls: 'error' })).toThrow(/'f1Non0' is null for seed 3/);
    expect(() => summarizeMetrics([])).toThrow(MetricsError);
  });
});

describe('formatMeanStd', () => {
  it('formats with digits, null and negative zero', () => {
    expect(formatMeanStd(74.52, 1.06)).toBe('74.5±1.1');
    expect(formatMeanStd(0.8123, 0.004, 3)).toBe('0.812±0.004');
    expect(formatMeanStd(-0.04, 0.01)).toBe('0.0±0.0');
    expect(formatMeanStd(null, null)).toBe('n/a');
    expect(formatMeanStd(3, null, 0)).toBe('3');
    expect(() => formatMeanStd(1, -1)).toThrow(MetricsError);
    expect(() => formatMeanStd(NaN, 1)).toThrow(/mean/);
    expect(() => formatMeanStd(1, 1, 1.5)).toThrow(/digits/);
  });
});
