import { describe, it, expect } from 'vitest';
import { auilc } from './auilc';
import { MetricsError } from './errors';
import { golden, close, STATS_TOL } from '../test/golden';

describe('auilc (CIDer Eq 31)', () => {
  it('matches np.trapz', () => {
    const c = golden.auilc[0];
    close(auilc(c.rates, c.values), c.expected, STATS_TOL);
    close(auilc(c.rates, c.values, { normalize: true }), c.normalised, STATS_TOL);
  });
  it('doc examples', () => {
    expect(auilc([0, 0.5, 1], [80, 60, 40])).toBe(60);
    expect(auilc([0.1, 0.3], [70, 50], { normalize: true })).toBeCloseTo(60, 12);
  });
  it('rejects non-increasing rates, single points and NaN', () => {
    expect(() => auilc([0, 0.2, 0.2], [1, 2, 3])).toThrow(/rates\[2\] = 0.2 <= rates\[1\]/);
    expect(() => auilc([0.3, 0.1], [1, 2])).toThrow(MetricsError);
    expect(() => auilc([0.3], [1])).toThrow(/at least 2/);
    expect(() => auilc([0, 1], [1, NaN])).toThrow(/values\[1\]/);
  });
});
