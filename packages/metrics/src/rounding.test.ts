import { describe, it, expect } from 'vitest';
import { roundHalfEven, clip } from './rounding';

describe('roundHalfEven', () => {
  it('rounds ties to even like np.round (Math.round does not)', () => {
    const xs = [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5];
    expect(xs.map(roundHalfEven)).toEqual([-4, -2, -2, 0, 0, 2, 2, 4]);
    expect(Math.round(2.5)).toBe(3); // the pitfall this function exists for
  });
  it('rounds non-ties to nearest, including values next to a tie', () => {
    expect(roundHalfEven(2.5000000001)).toBe(3);
    expect(roundHalfEven(0.49999999999)).toBe(0);
    expect(roundHalfEven(-1.2)).toBe(-1);
    expect(roundHalfEven(-1.7)).toBe(-2);
    expect(roundHalfEven(0.49999999999999994)).toBe(0); // Math.round gives 0 too; naive floor(x+0.5) gives 1
    expect(roundHalfEven(4503599627370497)).toBe(4503599627370497);
  });
  it('clip bounds values', () => {
    expect([clip(-4, -3, 3), clip(1, -3, 3), clip(3.2, -3, 3)]).toEqual([-3, 1, 3]);
  });
});
