import { describe, it, expect, beforeAll } from 'vitest';
import { OptionError, initEngine, tf } from '@umq/core';
import { batchCount, batchIndices, batches, isSequenceArray, makeBatch, splitArrays, splitBatch } from './batching';
import { makeSynthetic } from './synthetic';

describe('batches', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const ds = makeSynthetic({ samples: 103, seed: 2 });

  function order(opts: Parameters<typeof batches>[1]): number[] {
    const out: number[] = [];
    for (const b of batches(ds, opts)) {
      out.push(...b.index);
      b.dispose();
    }
    return out;
  }

  it('visits every sample exactly once per pass; same seed, same order', () => {
    const a = order({ batchSize: 16, shuffle: true, seed: 7 });
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(order({ batchSize: 16, shuffle: true, seed: 7 })).toEqual(a);
    expect(order({ batchSize: 16, shuffle: true, seed: 8 })).not.toEqual(a);
    expect(order({ batchSize: 16 })).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const train = order({ batchSize: 10, shuffle: true, seed: 1, split: 'train' });
    expect([...train].sort((x, y) => x - y)).toEqual(Array.from(ds.indices('train')));
  });

  it('batchIndices cuts exactly the batches of batches(), and isSequenceArray is its layout rule', () => {
    const opts = { batchSize: 16, shuffle: true, seed: 5, dropLast: true };
    const fromBatches: number[][] = [];
    for (const b of batches(ds, opts)) {
      fromBatches.push(Array.from(b.index));
      b.dispose();
    }
    expect(batchIndices(ds.size, opts).map((i) => Array.from(i))).toEqual(fromBatches);
    expect(batchIndices(Int32Array.from([4, 2, 9]), { batchSize: 2 }).map((i) => Array.from(i))).toEqual([[4, 2], [9]]);
    expect(() => batchIndices(5, { batchSize: 2, shuffle: true })).toThrow(OptionError);
    expect(isSequenceArray({ values: new Float32Array(6), n: 2, t: 1, d: 3, mask: null })).toBe(false);
    expect(isSequenceArray({ values: new Float32Array(6), n: 2, t: 1, d: 3, mask: new Uint8Array(2) })).toBe(true);
    expect(isSequenceArray({ values: new Float32Array(12), n: 2, t: 2, d: 3, mask: null })).toBe(true);
  });

  it('drops the last partial batch only when asked', () => {
    let sizes: number[] = [];
    for (const b of batches(ds, { batchSize: 25 })) {
      sizes.push(b.index.length);
      b.dispose();
    }
    expect(sizes).toEqual([25, 25, 25, 25, 3]);
    expect(batchCount(103, 25)).toBe(5);
    sizes = [];
    for (const b of batches(ds, { batchSize: 25, dropLast: true })) {
      sizes.push(b.index.length);
      b.dispose();
    }
    expect(sizes).toEqual([25, 25, 25, 25]);
    expect(batchCount(103, 25, true)).toBe(4);
  });

  it('gives [B, D] vectors, [B, T, D] sequences with [B, T] masks, float32 labels, rows matching the data', () => {
    const idx = Int32Array.from([5, 0, 77]);
    const b = makeBatch(ds, idx);
    expect(b.x.map((t) => t.shape)).toEqual([[3, 16], [3, 12], [3, 6, 8]]);
    expect(b.mask[0]).toBeNull();
    expect(b.mask[2]!.shape).toEqual([3, 6]);
    expect(b.y.dtype).toBe('float32');
    const f2 = ds.features[2]!;
    expect(Array.from(b.mask[2]!.dataSync())).toEqual(Array.from(idx).flatMap((i) => Array.from(f2.mask!.subarray(i * 6, i * 6 + 6))));
    expect(Array.from(b.x[0]!.dataSync().subarray(16, 32))).toEqual(Array.from(ds.features[0]!.values.subarray(0, 16)));
    expect(Array.from(b.y.dataSync())).toEqual(Array.from(idx, (i) => ds.labels[i]!));
    b.dispose();
  });

  it('batches plain arrays with explicit indices', () => {
    const f = { values: Float32Array.from([0, 1, 2, 3, 4, 5]), n: 3, t: 1, d: 2, mask: null };
    const got: number[][] = [];
    for (const b of batches({ features: [f], labels: Float32Array.from([1, 0, 1]), indices: Int32Array.from([2, 0]) }, { batchSize: 1 })) {
      got.push(Array.from(b.x[0]!.dataSync()));
      b.dispose();
    }
    expect(got).toEqual([[4, 5], [0, 1]]);
    expect(() => batches(ds, { batchSize: 4, shuffle: true })).toThrow(OptionError);
    expect(() => batches(ds, { batchSize: 0 })).toThrow(/batchSize/);
  });

  it('leaks no tensor over a full pass, a split batch included', () => {
    const before = tf.memory().numTensors;
    for (const b of batches(ds, { batchSize: 32, shuffle: true, seed: 3 })) b.dispose();
    const all = splitBatch(ds, 'test');
    expect(all.x[0]!.shape[0]).toBe(ds.indices('test').length);
    all.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('splitArrays copies one split without tensors', () => {
    const { features, labels, index } = splitArrays(ds, 'valid');
    expect(features[0]!.n).toBe(index.length);
    expect(labels[0]).toBe(ds.labels[index[0]!]);
  });
});
