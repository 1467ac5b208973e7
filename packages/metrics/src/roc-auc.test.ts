import { describe, it, expect } from 'vitest';
import { rocAuc } from './roc-auc';
import { golden, close, STATS_TOL } from '../test/golden';

describe('rocAuc', () => {
  for (const c of golden.rocAuc) {
    it(`matches sklearn roc_auc_score: ${c.name}`, () => {
      close(rocAuc(c.scores, c.labels), c.expected, STATS_TOL);
    });
  }
  it('doc examples and label validation', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([1, 2, 3], [1, 0, 0])).toBe(0); // the positive scores lowest
    expect(() => rocAuc([1, 2], [0, -1])).toThrow(/labels\[1\]` is -1/);
  });
});
