import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { DataFormatError } from '@umq/core';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import type { Csd } from '../formats/csd';
import { loadDataset } from '../node/load';
import { datasetFromCsd } from './csd';

const dir = join(REPO_ROOT, 'tools/fixtures/datasets/loaders');
const spec = { kind: 'csd' as const, path: join(dir, 'csd_labels.csd'), modalities: { audio: join(dir, 'csd_audio.csd'), text: join(dir, 'csd_text.csd') } };

describe('CMU-MultimodalSDK sequences', () => {
  it('makes one sample per label segment, with the steps inside its interval', async () => {
    const ds = await loadDataset({ ...spec, folds: { train: ['vidA'], valid: [], test: ['vidB'] } });
    expect(ds.ids).toEqual(['vidA[0]', 'vidA[1]', 'vidB[0]']);
    expect(ds.groups).toEqual(['vidA', 'vidA', 'vidB']);
    expect(Array.from(ds.labels)).toEqual([1.5, -2, 0]);
    expect(Array.from(ds.split)).toEqual([0, 0, 2]);
    expect(ds.modalities.map((m) => `${m.name}:${m.maxLen}x${m.dim}`)).toEqual(['audio:4x2', 'text:4x3']);
    const a = ds.features[0]!;
    // vidA[1] = [2, 4) s: audio rows 4..7 -> [k, -k]
    expect(Array.from(a.values.subarray(8, 16))).toEqual([4, -4, 5, -5, 6, -6, 7, -7]);
    const t = ds.features[1]!;
    // vidA[0] = [0, 2) s: words 0 and 1, then padding
    expect(Array.from(t.mask!.subarray(0, 4))).toEqual([1, 1, 0, 0]);
    expect(Array.from(t.values.subarray(0, 12))).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(t.values.subarray(24, 30))).toEqual([7, 7, 7, 8, 8, 8]);
  });

  it('binary labels, truncation to maxLen, and a seeded split by whole videos', async () => {
    const ds = await loadDataset({ ...spec, task: 'binary', maxLen: 2, fractions: { train: 0.5, valid: 0, test: 0.5 }, seed: 3 });
    expect(Array.from(ds.labels)).toEqual([1, 0, 1]);
    expect(ds.modalities[0]!.maxLen).toBe(2);
    expect(Array.from(ds.features[0]!.values.subarray(0, 4))).toEqual([0, 0, 1, -1]);
    expect(ds.split[0]).toBe(ds.split[1]);
    expect(ds.split[0]).not.toBe(ds.split[2]);
  });

  it('a labelled video missing in a modality is an error, or dropped on request', () => {
    const entry = (T: number, D: number) => ({ features: new Float32Array(T * D), shape: [T, D] as [number, number], intervals: Float64Array.from({ length: 2 * T }, (_, k) => Math.floor(k / 2) + (k % 2)) });
    const labels: Csd = { name: 'L', metadata: {}, entries: { v1: entry(1, 1), v2: entry(1, 1) } };
    const audio: Csd = { name: 'A', metadata: {}, entries: { v1: entry(2, 3) } };
    expect(() => datasetFromCsd({ audio }, labels, 'L.csd')).toThrow(DataFormatError);
    expect(() => datasetFromCsd({ audio }, labels, 'L.csd')).toThrow(/video v2 has labels but no entry in audio/);
    expect(datasetFromCsd({ audio }, labels, 'L.csd', { onMissing: 'drop' }).ids).toEqual(['v1[0]']);
  });
});
