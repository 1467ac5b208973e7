import { describe, it, expect } from 'vitest';
import { DataFormatError, OptionError } from '@umq/core';
import { loadDataset } from './load';
import { DATASET_KINDS, type DatasetSpec } from '../spec';

describe('loadDataset', () => {
  it('builds the synthetic data set from options', async () => {
    const ds = await loadDataset({ kind: 'synthetic', samples: 300, task: 'multiclass', classes: 3, seed: 9 });
    expect(ds.size).toBe(300);
    expect(ds.task).toEqual({ type: 'multiclass', classes: 3 });
  });
  it('lists its kinds and rejects an unknown kind', async () => {
    expect(DATASET_KINDS).toEqual(['synthetic', 'mosi-utterance', 'mat', 'mmsa', 'csd', 'npz', 'av-digits']);
    await expect(loadDataset({ kind: 'mosei' } as unknown as DatasetSpec)).rejects.toThrow(OptionError);
    await expect(loadDataset({ kind: 'mosei' } as unknown as DatasetSpec)).rejects.toThrow(/unknown kind "mosei": use one of 'synthetic'/);
  });
  it('names a missing file', async () => {
    await expect(loadDataset({ kind: 'mat', path: '/nonexistent/x.mat' })).rejects.toThrow(DataFormatError);
    await expect(loadDataset({ kind: 'npz', path: '/nonexistent/x.npz' })).rejects.toThrow(/\/nonexistent\/x\.npz: cannot read the file/);
  });
});
