import { describe, it, expect, beforeAll } from 'vitest';
import { DataFormatError } from '@umq/core';
import { sharedDataFile } from '../../../../tools/testing/shared-data';
import { loadDataset } from '../node/load';
import type { MultimodalDataset } from '../dataset';
import { multiviewFromMat, type MatVariable } from './multiview';

const hw = sharedDataFile('multiview', 'handwritten_6views.mat');
const cub = sharedDataFile('multiview', 'cub_googlenet_doc2vec_c10.mat');

/** A MATLAB numeric matrix [rows, cols] from row-major values (stored column-major). */
function mat(rows: number, cols: number, rowMajor: number[], className: 'double' | 'uint8' = 'double'): MatVariable {
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[c * rows + r] = rowMajor[r * cols + c]!;
  return { kind: 'numeric', className, dims: [rows, cols], data };
}

describe('multiviewFromMat (layouts from hand-built variables)', () => {
  it('reads x{k}_train/test with gt_train/test, transposing d x N views, labels 1..C -> 0..C-1', () => {
    const vars: Record<string, MatVariable> = {
      x1_train: mat(3, 2, [1, 2, 3, 4, 5, 6]),
      x1_test: mat(1, 2, [7, 8]),
      x2_train: mat(1, 3, [10, 20, 30]), // stored d x N (1 x 3)
      x2_test: mat(1, 1, [40]),
      gt_train: mat(3, 1, [1, 2, 3], 'uint8'),
      gt_test: mat(1, 1, [2], 'uint8'),
    };
    const ds = multiviewFromMat(vars, 'toy.mat');
    expect(ds.modalities.map((m) => `${m.name}:${m.dim}`)).toEqual(['view1:2', 'view2:1']);
    expect(Array.from(ds.features[0]!.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(ds.features[1]!.values)).toEqual([10, 20, 30, 40]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 1]);
    expect(ds.task).toEqual({ type: 'multiclass', classes: 3, classNames: ['1', '2', '3'] });
    expect(Array.from(ds.split)).toEqual([0, 0, 0, 2]);
  });

  it('reads a cell X (d x N) with labels gt and draws a seeded stratified split', () => {
    const n = 20;
    const X: MatVariable = { kind: 'cell', dims: [1, 2], cells: [mat(2, n, Array.from({ length: 2 * n }, (_, i) => i)), mat(3, n, Array.from({ length: 3 * n }, (_, i) => -i))] };
    const gt = mat(n, 1, Array.from({ length: n }, (_, i) => (i % 2) + 1));
    const a = multiviewFromMat({ X, gt }, 'toy.mat', { seed: 3, fractions: { train: 0.6, valid: 0.2, test: 0.2 }, viewNames: ['img', 'txt'] });
    const b = multiviewFromMat({ X, gt }, 'toy.mat', { seed: 3, fractions: { train: 0.6, valid: 0.2, test: 0.2 } });
    expect(a.modalities.map((m) => `${m.name}:${m.dim}`)).toEqual(['img:2', 'txt:3']);
    // sample 1 of view 1 is column 1 of the 2 x n matrix: values 1 and n+1
    expect([a.features[0]!.values[2], a.features[0]!.values[3]]).toEqual([1, n + 1]);
    expect(Array.from(a.split)).toEqual(Array.from(b.split));
    expect(a.summary().splits.train.classCounts).toEqual([6, 6]);
    expect(a.summary().splits.valid.classCounts).toEqual([2, 2]);
  });

  it.each([
    ['no known layout', { foo: mat(1, 1, [1]) }, /no known multi-view layout.*foo/],
    ['views and labels disagree', { X: { kind: 'cell', dims: [1, 1], cells: [mat(2, 3, [1, 2, 3, 4, 5, 6])] } as MatVariable, gt: mat(4, 1, [1, 2, 1, 2]) }, /X\{1\} has dims \[2, 3\], but the labels have 4 samples/],
    ['a train view without test labels', { x1_train: mat(1, 1, [1]), gt_train: mat(1, 1, [1]) }, /no label pair gt_train\/gt_test/],
    ['a single class', { X: { kind: 'cell', dims: [1, 1], cells: [mat(1, 2, [1, 2])] } as MatVariable, gt: mat(2, 1, [1, 1]) }, /1 distinct value/],
    ['a NaN feature', { X: { kind: 'cell', dims: [1, 1], cells: [mat(1, 2, [1, NaN])] } as MatVariable, gt: mat(2, 1, [1, 2]) }, /view 1: sample 2, feature 1 is NaN/],
  ])('rejects %s with a DataFormatError', (_n, vars, msg) => {
    expect(() => multiviewFromMat(vars as Record<string, MatVariable>, 'bad.mat')).toThrow(DataFormatError);
    expect(() => multiviewFromMat(vars as Record<string, MatVariable>, 'bad.mat')).toThrow(msg);
  });
});

describe.skipIf(!hw)('handwritten_6views.mat (real data)', () => {
  let ds: MultimodalDataset;
  beforeAll(async () => {
    ds = await loadDataset({ kind: 'mat', path: hw! });
  });
  it('has 2,000 samples, 10 classes, six views 240/76/216/47/64/6, split 1,600/400', () => {
    const s = ds.summary();
    expect(s.samples).toBe(2000);
    expect(s.modalities.map((m) => m.dim)).toEqual([240, 76, 216, 47, 64, 6]);
    expect(s.modalities.map((m) => m.name)).toEqual(['view1', 'view2', 'view3', 'view4', 'view5', 'view6']);
    expect(s.task).toMatchObject({ type: 'multiclass', classes: 10 });
    expect(s.splits.train.samples).toBe(1600);
    expect(s.splits.test.samples).toBe(400);
    expect(s.splits.valid.samples).toBe(0);
    expect(s.splits.train.classCounts!.reduce((a, b) => a + b)).toBe(1600);
    expect(Math.min(...ds.labels)).toBe(0);
    expect(Math.max(...ds.labels)).toBe(9);
  });
  it('matches scipy.io.loadmat values (x2_train[0,0], x2_train[3,5], x1_test[2,7], gt)', () => {
    const v2 = ds.features[1]!.values;
    expect(v2[0]).toBe(Math.fround(0.0542642));
    expect(v2[3 * 76 + 5]).toBe(Math.fround(0.01263674));
    expect(ds.features[0]!.values[(1600 + 2) * 240 + 7]).toBe(6);
    expect(ds.labels[0]).toBe(0); // gt_train[0] = 1
    expect(ds.labels[1999]).toBe(9); // gt_test[399] = 10
  });
  it('carves a stratified validation split from train when asked', async () => {
    const v = await loadDataset({ kind: 'mat', path: hw!, validFraction: 0.1, seed: 2 });
    const s = v.summary().splits;
    expect(s.valid.samples + s.train.samples).toBe(1600);
    expect(s.valid.samples).toBeGreaterThan(140);
    expect(s.valid.samples).toBeLessThan(180);
    expect(s.test.samples).toBe(400);
  });
});

describe.skipIf(!cub)('cub_googlenet_doc2vec_c10.mat (real data)', () => {
  it('has 600 samples, 10 classes of 60, views 1024 + 300, a seeded 70/10/20 split', async () => {
    const ds = await loadDataset({ kind: 'mat', path: cub!, seed: 1 });
    const s = ds.summary();
    expect(s.samples).toBe(600);
    expect(s.modalities.map((m) => m.dim)).toEqual([1024, 300]);
    expect(s.task).toMatchObject({ type: 'multiclass', classes: 10 });
    expect(s.splits.train.classCounts).toEqual(new Array(10).fill(42));
    expect(s.splits.valid.samples).toBe(60);
    expect(s.splits.test.samples).toBe(120);
    // scipy: X{1}[5, 3] (feature 5 of sample 3), X{2}[7, 599], gt[599] = 10
    expect(ds.features[0]!.values[3 * 1024 + 5]).toBe(Math.fround(0.001380945323035121));
    expect(ds.features[1]!.values[599 * 300 + 7]).toBe(Math.fround(0.017539000138640404));
    expect(ds.labels[599]).toBe(9);
  });
});
