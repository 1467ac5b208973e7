import { describe, it, expect } from 'vitest';
import { OptionError, ShapeError, type ModalityArray } from '@umq/core';
import { MultimodalDataset } from './dataset';

function tiny(): MultimodalDataset {
  const vec: ModalityArray = { values: Float32Array.from({ length: 5 * 2 }, (_, i) => i), n: 5, t: 1, d: 2, mask: null };
  const seq: ModalityArray = { values: Float32Array.from({ length: 5 * 3 * 1 }, (_, i) => 100 + i), n: 5, t: 3, d: 1, mask: Uint8Array.from([1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0]) };
  return new MultimodalDataset({
    name: 'tiny',
    modalities: [
      { name: 'v', kind: 'vector', dim: 2, maxLen: 1 },
      { name: 's', kind: 'sequence', dim: 1, maxLen: 3 },
    ],
    task: { type: 'multiclass', classes: 3 },
    features: [vec, seq],
    labels: Float32Array.from([0, 1, 2, 1, 0]),
    split: Uint8Array.from([0, 0, 1, 2, 0]),
    ids: ['a', 'b', 'c', 'd', 'e'],
    groups: ['g1', 'g1', 'g2', 'g3', 'g2'],
  });
}

describe('MultimodalDataset', () => {
  it('indexes splits, subsets rows with masks, and summarises', () => {
    const ds = tiny();
    expect(ds.size).toBe(5);
    expect(Array.from(ds.indices('train'))).toEqual([0, 1, 4]);
    expect(Array.from(ds.indices('valid'))).toEqual([2]);
    const sub = ds.subset([4, 0]);
    expect(sub.ids).toEqual(['e', 'a']);
    expect(Array.from(sub.features[0]!.values)).toEqual([8, 9, 0, 1]);
    expect(Array.from(sub.features[1]!.values)).toEqual([112, 113, 114, 100, 101, 102]);
    expect(Array.from(sub.features[1]!.mask!)).toEqual([1, 0, 0, 1, 1, 0]);
    expect(Array.from(sub.labels)).toEqual([0, 0]);
    const train = ds.select('train');
    expect(train.size).toBe(3);
    expect(train.groups).toEqual(['g1', 'g1', 'g2']);
    const s = ds.summary();
    expect(s.splits.train).toEqual({ samples: 3, groups: 2, classCounts: [2, 1, 0] });
    expect(s.splits.test).toEqual({ samples: 1, groups: 1, classCounts: [0, 1, 0] });
    expect(s.modalities.map((m) => [m.name, m.kind, m.dim, m.maxLen])).toEqual([
      ['v', 'vector', 2, 1],
      ['s', 'sequence', 1, 3],
    ]);
    expect(ds.modalityIndex('s')).toBe(1);
    expect(() => ds.modalityIndex('audio')).toThrow(/has no modality "audio"/);
  });

  it('withFeatures shares labels and checks shapes', () => {
    const ds = tiny();
    const f0 = { ...ds.features[0]!, values: new Float32Array(10).fill(7) };
    const copy = ds.withFeatures([f0, ds.features[1]!]);
    expect(copy.features[0]!.values[3]).toBe(7);
    expect(ds.features[0]!.values[3]).toBe(3);
    expect(copy.labels).toBe(ds.labels);
    expect(() => ds.withFeatures([{ ...f0, d: 3 }, ds.features[1]!])).toThrow(ShapeError);
  });

  it.each([
    ['label out of range', { labels: Float32Array.from([0, 1, 3, 1, 0]) }, OptionError, /not a class index/],
    ['wrong label count', { labels: Float32Array.from([0, 1, 2, 1]) }, ShapeError, /samples but 4 labels/],
    ['bad split code', { split: Uint8Array.from([0, 0, 3, 2, 0]) }, OptionError, /split code 3/],
    ['ids length', { ids: ['a'] }, ShapeError, /1 ids for 5 samples/],
  ])('rejects %s', (_name, patch, Err, msg) => {
    const ds = tiny();
    const init = { modalities: [...ds.modalities], task: ds.task, features: [...ds.features], labels: ds.labels, split: ds.split, ids: [...ds.ids], ...patch };
    expect(() => new MultimodalDataset(init)).toThrow(Err);
    expect(() => new MultimodalDataset(init)).toThrow(msg);
  });

  it('rejects a subset index out of range', () => {
    expect(() => tiny().subset([5])).toThrow(/outside \[0, 4\]/);
  });
});
