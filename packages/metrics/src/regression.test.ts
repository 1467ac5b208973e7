import { describe, it, expect } from 'vitest';
import { regressionMetrics } from './regression';
import { MetricsError } from './errors';
import { golden, close, COUNTS_TOL, STATS_TOL } from '../test/golden';

describe('regressionMetrics (MMSA MOSI/MOSEI)', () => {
  for (const c of golden.regression) {
    it(`matches numpy/sklearn: ${c.name}`, () => {
      const m = regressionMetrics(c.yTrue, c.yPred);
      const e = c.expected;
      for (const k of ['acc7', 'acc5', 'acc3', 'acc2Has0', 'f1Has0', 'acc2Non0', 'f1Non0']) {
        close(m[k as keyof typeof m] as number | null, e[k], COUNTS_TOL, k);
      }
      expect(m.nNon0).toBe(e.nNon0);
      close(m.mae, e.mae, STATS_TOL, 'mae');
      close(m.corr, e.corr, STATS_TOL, 'corr');
      expect(m.n).toBe(c.yTrue.length);
    });
  }

  it('the doc example', () => {
    const m = regressionMetrics([-2.4, 0, 1.2, 3], [-1.4, -0.3, 0.8, 2.5]);
    expect(m.acc7).toBe(0.5);
    expect(m.acc2Has0).toBe(0.75);
    expect(m.acc2Non0).toBe(1);
  });

  it('all-neutral labels: non0 metrics are null, not NaN', () => {
    const m = regressionMetrics([0, 0, 0], [0.2, -1, 0]);
    expect(m.acc2Non0).toBeNull();
    expect(m.f1Non0).toBeNull();
    expect(m.nNon0).toBe(0);
    expect(m.acc2Has0).toBeCloseTo(2 / 3, 12);
    expect(m.corr).toBeNull();
  });

  it('accepts typed arrays', () => {
    const a = regressionMetrics(new Float64Array([1, -1, 2]), new Float32Array([0.5, -1.5, 2]));
    // round(0.5) = 0 != 1 and round(-1.5) = -2 != -1 (ties to even); 2 == 2
    expect(a.acc7).toBeCloseTo(1 / 3, 15);
  });

  it('rejects empty input, length mismatch and NaN with the index', () => {
    expect(() => regressionMetrics([], [])).toThrow(MetricsError);
    expect(() => regressionMetrics(null as unknown as number[], [1])).toThrow(/must be an array of numbers, got null/);
    expect(() => regressionMetrics(['1'] as unknown as number[], [1])).toThrow(/yTrue\[0\]` is string 1/);
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/2 values but `yPred` has 1/);
    expect(() => regressionMetrics([1, 2, 3], [1, NaN, 3])).toThrow(/yPred\[1\]` is NaN/);
    try {
      regressionMetrics([Infinity], [1]);
    } catch (e) {
      expect((e as MetricsError).code).toBe('E_METRIC_INPUT');
    }
  });
});
