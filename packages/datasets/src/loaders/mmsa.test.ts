import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { DataFormatError } from '@umq/core';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import type { NdArray } from '../formats/ndarray';
import type { PyValue } from '../formats/pickle';
import { loadDataset } from '../node/load';
import { datasetFromMmsa } from './mmsa';

// A 7-sample MMSA-layout pickle (protocol 4) written by the formats fixtures script.
const pkl = join(REPO_ROOT, 'tools/fixtures/datasets/mmsa_p4.pkl');

describe('MMSA pickles', () => {
  it('loads train/valid/test with masks from lengths, ids, groups and regression labels', async () => {
    const ds = await loadDataset({ kind: 'mmsa', path: pkl, range: [-3, 3] });
    const s = ds.summary();
    expect([s.splits.train.samples, s.splits.valid.samples, s.splits.test.samples]).toEqual([3, 2, 2]);
    expect(s.modalities.map((m) => `${m.name}:${m.kind}:${m.maxLen}x${m.dim}`)).toEqual(['text:sequence:4x6', 'audio:sequence:4x4', 'vision:sequence:4x3']);
    expect(ds.task).toEqual({ type: 'regression', range: [-3, 3] });
    expect(ds.labels[0]).toBeCloseTo(-2.0868539810180664, 6);
    expect(ds.ids.slice(0, 4)).toEqual(['vid0$_$0', 'vid1$_$1', 'vid2$_$2', 'vid0$_$0']);
    expect(ds.groups.slice(0, 3)).toEqual(['vid0', 'vid1', 'vid2']);
    // audio lengths 4, 3, 4 | 4, 3 | 4, 3
    expect(Array.from(ds.features[1]!.mask!.subarray(4, 8))).toEqual([1, 1, 1, 0]);
    expect(ds.features[0]!.mask).toBeNull(); // no text_lengths
    // valid.text[1, 2, :3] is sample 4, step 2
    const t = ds.features[0]!;
    expect(Array.from(t.values.subarray((4 * 4 + 2) * 6, (4 * 4 + 2) * 6 + 3))).toEqual([-0.2221762090921402, -1.2817617654800415, 0.38680222630500793].map(Math.fround));
  });

  it('derives binary (>= 0 positive) and 3-class labels', async () => {
    const b = await loadDataset({ kind: 'mmsa', path: pkl, labels: 'binary' });
    expect(Array.from(b.labels)).toEqual([0, 1, 1, 1, 1, 1, 0]);
    const c = await loadDataset({ kind: 'mmsa', path: pkl, labels: 'classification' });
    expect(c.task).toEqual({ type: 'multiclass', classes: 3 });
    expect(Array.from(c.labels)).toEqual([0, 1, 2, 0, 1, 0, 1]);
  });

  function nd(shape: number[], data: number[]): NdArray {
    return { dtype: '<f4', shape, fortranOrder: false, data: Float32Array.from(data) };
  }
  function split(extra: Array<[string, PyValue]> = []): PyValue {
    return new Map<string, PyValue>([
      ['text', nd([2, 1, 1], [1, 2])],
      ['audio', nd([2, 1, 1], [3, -Infinity])],
      ['vision', nd([2, 1, 1], [5, 6])],
      ['regression_labels', nd([2], [0.5, -0.5])],
      ...extra,
    ]);
  }
  it.each([
    ['not a dict', [1, 2] as PyValue, /expected a dict with keys train, valid, test/],
    ['a missing split', new Map<string, PyValue>([['train', split()]]), /the pickle has no "valid"/],
    ['lengths longer than T', new Map<string, PyValue>([['train', split([['audio_lengths', [1, 2]]])], ['valid', split()], ['test', split()]]), /train.audio_lengths\[1\] is 2, expected an integer length in 0..1/],
    ['-Inf features', new Map<string, PyValue>([['train', split()], ['valid', split()], ['test', split()]]), /audio: sample 1 .* is -Infinity/],
  ])('rejects %s with a DataFormatError', (_n, value, msg) => {
    expect(() => datasetFromMmsa(value, 'x.pkl')).toThrow(DataFormatError);
    expect(() => datasetFromMmsa(value, 'x.pkl')).toThrow(msg);
  });

  it('imputes -Inf with the train mean when asked', () => {
    const v = new Map<string, PyValue>([['train', split()], ['valid', split()], ['test', split()]]);
    const ds = datasetFromMmsa(v, 'x.pkl', { nonFinite: 'impute' });
    expect(Array.from(ds.features[1]!.values)).toEqual([3, 3, 3, 3, 3, 3]);
  });
});
