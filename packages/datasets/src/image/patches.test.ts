import { describe, it, expect } from 'vitest';
import { OptionError } from '@umq/core';
import { toPatches } from './patches';

describe('toPatches', () => {
  it('cuts a 4x4 image into four 2x2 patches in row-major order', () => {
    const img = Float32Array.from({ length: 16 }, (_, i) => i); // rows 0-3, 4-7, 8-11, 12-15
    const { values, steps } = toPatches(img, 1, 4, 4, 2);
    expect(steps).toBe(4);
    expect(Array.from(values)).toEqual([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
  });
  it('handles several images and non-square images', () => {
    const imgs = Float32Array.from({ length: 2 * 2 * 6 }, (_, i) => i);
    const { values, steps } = toPatches(imgs, 2, 2, 6, 2);
    expect(steps).toBe(3);
    expect(Array.from(values.subarray(12, 16))).toEqual([12, 13, 18, 19]);
  });
  it('rejects a patch size that does not divide the image', () => {
    expect(() => toPatches(new Float32Array(784), 1, 28, 28, 5)).toThrow(OptionError);
  });
});
