import { describe, it, expect } from 'vitest';
import { simsMetrics, simsClass, SIMS_EDGES } from './sims';
import { MetricsError } from './errors';
import { golden, close, COUNTS_TOL, STATS_TOL } from '../test/golden';

describe('simsMetrics (MMSA CH-SIMS)', () => {
  for (const c of golden.sims) {
    it(`matches numpy/sklearn: ${c.name}`, () => {
      const m = simsMetrics(c.yTrue, c.yPred);
      const e = c.expected;
      for (const k of ['acc2', 'acc3', 'acc5', 'f1'] as const) close(m[k], e[k], COUNTS_TOL, k);
      close(m.mae, e.mae, STATS_TOL, 'mae');
      close(m.corr, e.corr, STATS_TOL, 'corr');
    });
  }

  it('digitises exactly like MMSA (left-open, right-closed; first class closed at -1)', () => {
    const c = golden.sims[0];
    const clipped = c.yTrue.map((v: number) => Math.max(-1, Math.min(1, v)));
    expect(clipped.map((v: number) => simsClass(v, SIMS_EDGES.acc5))).toEqual(c.expected.classes5True);
    expect([-1, -0.7, -0.69, -0.1, 0, 0.1, 0.11, 0.7, 1].map((v) => simsClass(v, SIMS_EDGES.acc5))).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4,
    ]);
    expect(simsClass(0, SIMS_EDGES.acc2)).toBe(0);
    expect(simsClass(1e-9, SIMS_EDGES.acc2)).toBe(1);
  });

  it('the doc example', () => {
    const m = simsMetrics([-0.8, 0, 0.2, 1], [-0.6, 0.05, 0.1, 1.3]);
    expect(m.acc2).toBe(0.75);
    expect(m.acc5).toBe(0.5);
  });

  it('rejects bad input', () => {
    expect(() => simsMetrics([0.1], [0.2, 0.3])).toThrow(MetricsError);
    expect(() => simsMetrics([0.1, NaN], [0.2, 0.3])).toThrow(/yTrue\[1\]/);
  });
});
