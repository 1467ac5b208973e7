import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '@umq/core';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import type { NdArray } from '../formats/ndarray';
import { loadDataset } from '../node/load';
import { datasetFromNpz } from './npz';

const dir = join(REPO_ROOT, 'tools/fixtures/datasets/loaders');
const expected = JSON.parse(readFileSync(join(dir, 'small-expected.json'), 'utf8')) as { audio: number[]; text: number[]; lengths: number[] };

describe('npz archives', () => {
  it('loads the convention: Fortran-order vector, sequence with lengths, int64 labels, string split and ids', async () => {
    const ds = await loadDataset({ kind: 'npz', path: join(dir, 'small.npz') });
    expect(ds.modalities.map((m) => `${m.name}:${m.kind}:${m.maxLen}x${m.dim}`)).toEqual(['audio:vector:1x4', 'text:sequence:5x3']);
    expect(ds.task).toEqual({ type: 'multiclass', classes: 3 });
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    expect(Array.from(ds.split)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
    expect(ds.ids[3]).toBe('clip_3');
    expect(Array.from(ds.features[0]!.values)).toEqual(expected.audio.map(Math.fround));
    expect(Array.from(ds.features[1]!.values)).toEqual(expected.text.map(Math.fround));
    const mask = ds.features[1]!.mask!;
    expected.lengths.forEach((l, i) => expect(Array.from(mask.subarray(i * 5, i * 5 + 5))).toEqual([1, 1, 1, 1, 1].map((_, t) => (t < l ? 1 : 0))));
  });

  const arr = (shape: number[], data: number[]): NdArray => ({ dtype: '<f8', shape, fortranOrder: false, data: Float64Array.from(data) });
  it.each([
    ['no labels', { x: arr([2, 1], [1, 2]) }, /no labels/],
    ['no modality of the right size', { labels: arr([2], [0, 1]), x: arr([3, 1], [1, 2, 3]) }, /no modality arrays/],
    ['a bad split code', { labels: arr([2], [0, 1]), x: arr([2, 1], [1, 2]), split: arr([2], [0, 7]) }, /split\[1\] is "7"/],
    ['a NaN feature', { labels: arr([2], [0, 1]), x: arr([2, 1], [1, NaN]) }, /x: sample 1 .* is NaN/],
  ])('rejects %s with a DataFormatError', (_n, arrays, msg) => {
    expect(() => datasetFromNpz(arrays as Record<string, NdArray>, 'bad.npz')).toThrow(DataFormatError);
    expect(() => datasetFromNpz(arrays as Record<string, NdArray>, 'bad.npz')).toThrow(msg);
  });

  it('draws a seeded split when there is none and infers binary/regression tasks', () => {
    const labels = arr([10], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const x = arr([10, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ds = datasetFromNpz({ labels, x }, 'a.npz', { fractions: { train: 0.6, valid: 0.2, test: 0.2 }, seed: 1 });
    expect(ds.task).toEqual({ type: 'binary' });
    expect(ds.summary().splits.test.classCounts).toEqual([1, 1]);
    expect(datasetFromNpz({ labels: arr([2], [0.5, 1]), x: arr([2, 1], [1, 2]) }, 'a.npz').task).toEqual({ type: 'regression' });
  });
});
