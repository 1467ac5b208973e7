import { describe, it, expect } from 'vitest';
import { binaryMetrics, multiclassMetrics, type BinaryInput } from './classification';
import { MetricsError } from './errors';
import { golden, close, COUNTS_TOL, STATS_TOL } from '../test/golden';

describe('binaryMetrics', () => {
  for (const c of golden.binary) {
    it(`matches sklearn: ${c.name}`, () => {
      const opts = { input: c.kind as BinaryInput, ...(c.threshold !== undefined ? { threshold: c.threshold } : {}) };
      const m = binaryMetrics(c.yTrue, c.scores, opts);
      for (const k of ['accuracy', 'f1', 'weightedF1'] as const) close(m[k], c.expected[k], COUNTS_TOL, k);
      if ('rocAuc' in c.expected) close(m.rocAuc, c.expected.rocAuc, STATS_TOL, 'rocAuc');
    });
  }

  it('doc example, and logit exactly 0 predicts the negative class', () => {
    const m = binaryMetrics([0, 1, 1, 0], [-1.2, 0.4, -0.1, 0], { input: 'logits' });
    expect(m.accuracy).toBe(0.75);
    expect(m.f1).toBeCloseTo(2 / 3, 14);
    expect(m.weightedF1).toBeCloseTo((0.8 * 2 + (2 / 3) * 2) / 4, 14);
    expect(m.rocAuc).toBe(0.75);
    expect(binaryMetrics([1], [0.5], { input: 'probabilities' }).accuracy).toBe(0);
  });

  it('one class only: rocAuc null, F1 as sklearn', () => {
    const m = binaryMetrics([0, 0, 0], [0, 0, 0]);
    expect(m.rocAuc).toBeNull();
    expect(m.f1).toBe(0);
    expect(m.weightedF1).toBe(1);
  });

  it('rejects non-binary labels and bad options', () => {
    expect(() => binaryMetrics([0, 2], [0, 1])).toThrow(/yTrue\[1\]` is 2/);
    expect(() => binaryMetrics([0, 1], [0, 0.7])).toThrow(/yPred\[1\]` is 0.7/);
    expect(() => binaryMetrics([0, 1], [0, 1], { input: 'scores' as BinaryInput })).toThrow(MetricsError);
    expect(() => binaryMetrics([0, 1], [0, 1], { input: 'logits', threshold: NaN })).toThrow(/threshold/);
  });
});

describe('multiclassMetrics', () => {
  for (const c of golden.multiclass) {
    it(`matches sklearn: ${c.name}`, () => {
      const m = multiclassMetrics(c.yTrue, c.yPred, c.numClasses === null ? {} : { numClasses: c.numClasses });
      for (const k of ['accuracy', 'macroF1', 'weightedF1'] as const) close(m[k], c.expected[k], COUNTS_TOL, k);
    });
  }

  it('doc example', () => {
    expect(multiclassMetrics([0, 1, 2, 2], [0, 2, 2, 2]).macroF1).toBeCloseTo(0.6, 14);
    expect(multiclassMetrics([0, 1, 2, 2], [0, 2, 2, 2], { numClasses: 4 }).macroF1).toBeCloseTo(0.45, 14);
  });

  it('rejects labels outside [0, C) and bad numClasses', () => {
    expect(() => multiclassMetrics([0, 3], [0, 1], { numClasses: 3 })).toThrow(/yTrue\[1\]` is 3/);
    expect(() => multiclassMetrics([0, 1], [0, 1.5])).toThrow(/yPred\[1\]` is 1.5/);
    expect(() => multiclassMetrics([0, 1], [0, 1], { numClasses: 0 })).toThrow(MetricsError);
  });
});
