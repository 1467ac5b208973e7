import { describe, it, expect } from 'vitest';
import { OptionError } from '@umq/core';
import { carveValidationByGroup, stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  const labels = Float32Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1));
  it('splits each class with the fractions, deterministic under a seed', () => {
    const a = stratifiedSplit(labels, { type: 'binary' }, { train: 0.7, valid: 0.1, test: 0.2 }, 4);
    const b = stratifiedSplit(labels, { type: 'binary' }, { train: 0.7, valid: 0.1, test: 0.2 }, 4);
    const c = stratifiedSplit(labels, { type: 'binary' }, { train: 0.7, valid: 0.1, test: 0.2 }, 5);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const count = (cls: number, code: number) => Array.from(a).filter((s, i) => s === code && labels[i] === cls).length;
    expect([count(0, 0), count(0, 1), count(0, 2)]).toEqual([42, 6, 12]);
    expect([count(1, 0), count(1, 1), count(1, 2)]).toEqual([28, 4, 8]);
  });
  it('rejects fractions that do not sum to 1', () => {
    expect(() => stratifiedSplit(labels, { type: 'binary' }, { train: 0.7, valid: 0.1, test: 0.1 }, 1)).toThrow(OptionError);
  });
});

describe('carveValidationByGroup', () => {
  const groups = Array.from({ length: 40 }, (_, i) => `g${i % 10}`);
  const split = Uint8Array.from({ length: 40 }, (_, i) => (i % 10 >= 8 ? 2 : 0));
  it('moves whole training groups to validation', () => {
    const out = carveValidationByGroup(split, groups, { groups: 3, seed: 1 });
    const valid = new Set(groups.filter((_, i) => out[i] === 1));
    expect(valid.size).toBe(3);
    for (let i = 0; i < 40; i++) {
      if (valid.has(groups[i]!)) expect(out[i]).toBe(1);
      if (split[i] === 2) expect(out[i]).toBe(2);
    }
    expect(Array.from(carveValidationByGroup(split, groups, { groups: 3, seed: 1 }))).toEqual(Array.from(out));
  });
  it('accepts a fraction and refuses to empty the training split', () => {
    const out = carveValidationByGroup(split, groups, { fraction: 0.25, seed: 1 });
    expect(new Set(groups.filter((_, i) => out[i] === 1)).size).toBe(2);
    expect(() => carveValidationByGroup(split, groups, { groups: 8, seed: 1 })).toThrow(/leaves no training group/);
  });
});
