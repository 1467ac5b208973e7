import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { DataFormatError } from '@umq/core';
import { readCsd } from './csd';
import { FIXTURES, expected } from '../formats/fixtures.test-util';

describe('readCsd', () => {
  it('reads a CMU-MultimodalSDK computational sequence written by h5py', async () => {
    const csd = await readCsd(join(FIXTURES, 'tiny.csd'));
    expect(csd.name).toBe('COVAREP');
    expect(Object.keys(csd.entries).sort()).toEqual(['vidA', 'vidB[1]']);
    for (const [id, e] of Object.entries(expected.csd as Record<string, { features: { shape: number[]; data: number[] }; intervals: { data: number[] } }>)) {
      const got = csd.entries[id];
      expect(got.shape).toEqual(e.features.shape);
      expect(Array.from(got.features)).toEqual(e.features.data.map(Math.fround));
      expect(Array.from(got.intervals)).toEqual(e.intervals.data);
    }
    expect(csd.metadata['dimension names']).toBe('f0 f1 f2 f3 f4');
    expect(csd.metadata['root name']).toBe('COVAREP');
    expect(csd.metadata['alignment compatible']).toBe('True');
  });
  const cases: [string, string, RegExp][] = [
    ['not HDF5', 'mat_plain.mat', /not an HDF5 file/],
    ['missing data group', 'no_data.csd', /no root group with a 'data' group/],
    ['features vs intervals length', 'bad_shape.csd', /features has 3 steps but intervals has 2/],
    ['missing file', 'does-not-exist.csd', /cannot open/],
  ];
  for (const [name, file, re] of cases) {
    it(`${name} -> DataFormatError naming the file`, async () => {
      const p = join(FIXTURES, file);
      const err = await readCsd(p).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(DataFormatError);
      expect((err as DataFormatError).message).toContain(file);
      expect((err as DataFormatError).message).toMatch(re);
    });
  }
});
