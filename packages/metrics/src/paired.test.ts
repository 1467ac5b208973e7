import { describe, it, expect } from 'vitest';
import { pairedDifference } from './paired';
import { MetricsError } from './errors';
import { golden, close, STATS_TOL } from '../test/golden';

describe('pairedDifference', () => {
  it('matches numpy on plain arrays', () => {
    const c = golden.paired[0];
    const d = pairedDifference(c.a, c.b);
    close(d.mean, c.mean, STATS_TOL, 'mean');
    close(d.std, c.std, STATS_TOL, 'std');
    expect([d.wins, d.losses, d.ties]).toEqual([c.wins, c.losses, c.ties]);
    expect(d.seeds).toBeNull();
  });
  it('pairs by seed regardless of order (doc example)', () => {
    const d = pairedDifference({ 1: 80, 2: 82, 3: 79 }, { 3: 80, 2: 82, 1: 78 });
    expect(d.differences).toEqual([2, 0, -1]);
    expect(d.seeds).toEqual([1, 2, 3]);
    expect([d.wins, d.losses, d.ties]).toEqual([1, 1, 1]);
    expect(d.mean).toBeCloseTo(1 / 3, 14);
    const e = pairedDifference(
      [{ seed: 5, value: 1 }, { seed: 6, value: 2 }],
      [{ seed: 6, value: 1 }, { seed: 5, value: 1 }],
    );
    expect(e.differences).toEqual([0, 1]);
  });
  it('rejects different seed sets, mixed forms and length mismatch', () => {
    expect(() => pairedDifference({ 1: 1, 2: 2 }, { 1: 1, 3: 2 })).toThrow(/only in a: \[2\], only in b: \[3\]/);
    expect(() => pairedDifference([1, 2], { 0: 1, 1: 2 })).toThrow(MetricsError);
    expect(() => pairedDifference([1, 2], [1])).toThrow(/2 values but `b` has 1/);
    expect(() => pairedDifference([1, NaN], [1, 2])).toThrow(/a\[1\]` is NaN/);
  });
});
