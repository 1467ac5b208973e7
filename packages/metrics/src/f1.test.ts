import { describe, it, expect } from 'vitest';
import { accuracy, f1PerClass, weightedF1, macroF1, binaryF1 } from './f1';
import { MetricsError } from './errors';

describe('label-level F1 (sklearn semantics)', () => {
  it('doc examples', () => {
    expect(accuracy([0, 1, 2, 2], [0, 2, 2, 2])).toBe(0.75);
    expect(weightedF1([1, 1, 1, 0], [1, 0, 1, 0])).toBeCloseTo((3 * 0.8 + 2 / 3) / 4, 14);
    expect(macroF1([0, 0, 1], [0, 0, 1])).toBe(1);
    expect(macroF1([0, 0, 1], [0, 0, 1], { labels: [0, 1, 2] })).toBeCloseTo(2 / 3, 14);
    expect(binaryF1([1, 1, 0, 0], [1, 0, 1, 0])).toBe(0.5);
    const per = f1PerClass([0, 0, 1], [0, 1, 1]);
    expect(per.map((c) => c.support)).toEqual([2, 1]);
    expect(per[0].f1).toBeCloseTo(2 / 3, 14);
  });

  it('is not symmetric: true labels first matters for weighted F1', () => {
    const t = [1, 1, 1, 0];
    const p = [1, 1, 0, 0];
    expect(weightedF1(t, p)).toBeCloseTo((3 * 0.8 + 2 / 3) / 4, 14); // supports 3 and 1
    expect(weightedF1(p, t)).toBeCloseTo((2 * 0.8 + 2 * (2 / 3)) / 4, 14); // swapped: 2 and 2
  });

  it('zero_division = 0: binary F1 without any positive is 0', () => {
    expect(binaryF1([0, 0], [0, 0])).toBe(0);
    expect(binaryF1([2, 2], [2, 1], 2)).toBeCloseTo(2 / 3, 14);
  });

  it('validates labels', () => {
    expect(() => macroF1([0, 3], [0, 1], { labels: [0, 1] })).toThrow(/yTrue\[1\]` is 3/);
    expect(() => macroF1([0, 1], [0, 1], { labels: [0, 0, 1] })).toThrow(MetricsError);
    expect(() => accuracy([0, 1], [0])).toThrow(MetricsError);
  });
});
