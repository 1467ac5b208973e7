import { describe, it, expect } from 'vitest';
import { fillMissing } from './fill';
import { makeModality } from '../test/make-data';

describe('fillMissing', () => {
  it('fills valid steps of absent samples only; input untouched', () => {
    const x = { values: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), n: 2, t: 2, d: 2, mask: Uint8Array.from([1, 1, 1, 0]) };
    expect(Array.from(fillMissing(x, Uint8Array.from([1, 0]), 'zeros').values)).toEqual([1, 2, 3, 4, 0, 0, 7, 8]);
    expect(Array.from(x.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const g = fillMissing(x, Uint8Array.from([0, 1]), 'gaussian', 3);
    expect(g.values[0]).not.toBe(1);
    expect(Array.from(g.values.subarray(4))).toEqual([5, 6, 7, 8]);
    expect(Array.from(fillMissing(x, Uint8Array.from([0, 1]), 'gaussian', 3).values)).toEqual(Array.from(g.values));
  });

  it('rejects a presence mask of the wrong length', () => {
    expect(() => fillMissing(makeModality(3, 1, 2, 1), new Uint8Array(2))).toThrowError(/length n = 3/);
  });
});
