import { describe, expect, it } from 'vitest';
import type { ModalityArray } from '@umq/core';
import { degradeRow, trueQuality } from './degrade';

const x: ModalityArray = { values: Float32Array.from({ length: 3 * 2 * 4 }, (_, i) => i / 10), n: 3, t: 2, d: 4, mask: Uint8Array.from([1, 1, 1, 0, 1, 1]) };

describe('degradeRow', () => {
  it('clean is the row itself; noise mixes the same draw in more or less; missing replaces valid steps only', () => {
    const clean = degradeRow(x, 1, 0, { noise: 0, missing: false }, 7);
    expect(Array.from(clean.values)).toEqual(Array.from(x.values.subarray(8, 16)));
    expect(Array.from(clean.mask!)).toEqual([1, 0]);
    const half = degradeRow(x, 1, 0, { noise: 0.5, missing: false }, 7);
    const full = degradeRow(x, 1, 0, { noise: 1, missing: false }, 7);
    for (let j = 0; j < 4; j++) expect(half.values[j]).toBeCloseTo(0.5 * clean.values[j] + 0.5 * full.values[j], 6);
    for (let j = 4; j < 8; j++) expect(full.values[j]).toBe(clean.values[j]); // the padding step is untouched
    const missing = degradeRow(x, 1, 0, { noise: 0.3, missing: true }, 7);
    expect(Array.from(missing.values)).toEqual(Array.from(degradeRow(x, 1, 0, { noise: 0, missing: true }, 7).values));
    expect(Array.from(missing.values.subarray(0, 4))).not.toEqual(Array.from(full.values.subarray(0, 4)));
  });

  it('is seeded by sample and modality', () => {
    const a = degradeRow(x, 0, 1, { noise: 1, missing: false }, 7);
    expect(Array.from(degradeRow(x, 0, 1, { noise: 1, missing: false }, 7).values)).toEqual(Array.from(a.values));
    expect(Array.from(degradeRow(x, 0, 2, { noise: 1, missing: false }, 7).values)).not.toEqual(Array.from(a.values));
    expect(Array.from(degradeRow(x, 2, 1, { noise: 1, missing: false }, 7).values)).not.toEqual(Array.from(a.values));
  });

  it('true quality: 1 - r, 0 when missing', () => {
    expect(trueQuality({ noise: 0.25, missing: false })).toBe(0.75);
    expect(trueQuality({ noise: 0.25, missing: true })).toBe(0);
  });
});
