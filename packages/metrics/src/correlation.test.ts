import { describe, it, expect } from 'vitest';
import { pearson, spearman, averageRanks } from './correlation';
import { MetricsError } from './errors';
import { golden, close, STATS_TOL } from '../test/golden';

describe('pearson / spearman', () => {
  for (const c of golden.correlation) {
    it(`matches numpy / scipy: ${c.name}`, () => {
      close(pearson(c.a, c.b), c.pearson, STATS_TOL, 'pearson');
      close(spearman(c.a, c.b), c.spearman, STATS_TOL, 'spearman');
    });
  }

  it('doc examples', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(0.9486832980505138, 12);
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it('rejects fewer than two samples and NaN', () => {
    expect(() => pearson([1], [2])).toThrow(/at least 2/);
    expect(() => spearman([1, NaN], [1, 2])).toThrow(/a\[1\]` is NaN/);
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(MetricsError);
  });
});
