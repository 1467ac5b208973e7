import { describe, expect, it } from 'vitest';
import { makeSynthetic } from '@umq/datasets';
import { kFoldSplit } from './validation';

describe('kFoldSplit', () => {
  const ds = makeSynthetic({ samples: 203, seed: 3, task: 'multiclass', classes: 4 });
  const pool = [...ds.indices('train'), ...ds.indices('valid')];

  it('partitions train + validation into K stratified folds of near-equal size; the test split never moves', () => {
    const K = 5;
    const seen = new Map<number, number>();
    const sizes: number[] = [];
    for (let index = 0; index < K; index++) {
      const f = kFoldSplit(ds, { index, count: K, seed: 7 });
      expect(Array.from(f.indices('test'))).toEqual(Array.from(ds.indices('test')));
      const valid = f.indices('valid');
      sizes.push(valid.length);
      for (const i of valid) seen.set(i, (seen.get(i) ?? 0) + 1);
      expect(f.indices('train').length + valid.length).toBe(pool.length);
      // stratified: every class appears in every fold about in proportion
      for (let c = 0; c < 4; c++) {
        const inPool = pool.filter((i) => ds.labels[i] === c).length;
        const inFold = Array.from(valid).filter((i) => ds.labels[i] === c).length;
        expect(Math.abs(inFold - inPool / K)).toBeLessThanOrEqual(1);
      }
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([...pool].sort((a, b) => a - b)); // each sample validates once
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is seeded, and names a fold that does not exist', () => {
    const a = kFoldSplit(ds, { index: 1, count: 3, seed: 1 });
    expect(Array.from(kFoldSplit(ds, { index: 1, count: 3, seed: 1 }).split)).toEqual(Array.from(a.split));
    expect(Array.from(kFoldSplit(ds, { index: 1, count: 3, seed: 2 }).split)).not.toEqual(Array.from(a.split));
    expect(() => kFoldSplit(ds, { index: 3, count: 3, seed: 1 })).toThrow(/fold 3 of 3 is not a fold/);
    expect(() => kFoldSplit(ds, { index: 0, count: 1, seed: 1 })).toThrow(/count >= 2/);
  });
});
