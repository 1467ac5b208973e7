import { describe, expect, it } from 'vitest';
import { makeSynthetic } from '@umq/datasets';
import { datasetContentHash } from './dataset-hash';

describe('datasetContentHash', () => {
  const ds = makeSynthetic({ samples: 60, seed: 3 });

  it('is sha256 hex, the same for the same data built twice', () => {
    expect(datasetContentHash(ds)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(datasetContentHash(makeSynthetic({ samples: 60, seed: 3 }))).toBe(datasetContentHash(ds));
  });

  it('changes with one feature value, one split code, another generator seed', () => {
    const base = datasetContentHash(ds);
    const f = ds.features.map((a, i) => (i === 1 ? { ...a, values: Float32Array.from(a.values, (v, j) => (j === 7 ? v + 1e-6 : v)) } : a));
    expect(datasetContentHash(ds.withFeatures(f))).not.toBe(base);
    const split = Uint8Array.from(ds.split);
    split[0] = split[0] === 0 ? 2 : 0;
    expect(datasetContentHash(ds.withSplit(split))).not.toBe(base);
    const other = makeSynthetic({ samples: 60, seed: 4 });
    expect(datasetContentHash(other)).not.toBe(base);
  });

  it('ignores the name (the name is part of a run identity on its own)', () => {
    const renamed = Object.assign(Object.create(Object.getPrototypeOf(ds)), ds, { name: 'other' });
    expect(datasetContentHash(renamed)).toBe(datasetContentHash(ds));
  });
});
