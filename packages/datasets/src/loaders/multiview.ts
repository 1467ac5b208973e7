/**
 * Multi-view MATLAB v5 files (handwritten digits, CUB, ...) to a {@link MultimodalDataset}:
 * the layout is detected from the variable names.
 */
import { DataFormatError, OptionError, type ModalityArray, type Seed } from '@umq/core';
import { MultimodalDataset } from '../dataset';
import { carveValidationByGroup, stratifiedSplit, type SplitFractions } from '../split';
import { SPLIT, type ModalitySpec } from '../types';
import type { MatValue } from '../formats/mat';

/** A parsed MAT variable (from `readMat`). */
export type MatVariable = MatValue;

/** Which way a cell's matrices are stored: `'auto'` decides from the label count. */
export type MatOrientation = 'auto' | 'samples-by-features' | 'features-by-samples';

/** Options of {@link multiviewFromMat}. */
export interface MultiviewOptions {
  /** View names (default `view1..viewK`). */
  viewNames?: string[];
  /** Split fractions when the file has no split. Default `{ train: 0.7, valid: 0.1, test: 0.2 }`. */
  fractions?: SplitFractions;
  /** When the file has a train/test split: fraction of training samples moved to validation (stratified). Default 0. */
  validFraction?: number;
  /** Seed of any split drawn here. Default 0. */
  seed?: Seed;
  /** Orientation of the matrices in a cell `X`. Default `'auto'` (the dimension equal to the label count is the sample axis; d x N when both are). */
  orientation?: MatOrientation;
  /** Data set name. Default `'multiview'`. */
  name?: string;
}

/** A 2-D numeric variable as row-major float32 `[rows, cols]` of the MATLAB dims. */
function matrix(v: MatVariable | undefined, what: string, file: string): { rows: number; cols: number; data: Float32Array } {
  if (!v || v.kind !== 'numeric') throw new DataFormatError(`${what} should be a numeric matrix, got ${v ? v.kind : 'nothing'}`, file);
  if (v.dims.length !== 2) throw new DataFormatError(`${what} has ${v.dims.length} dimensions [${v.dims.join(', ')}], expected a 2-D matrix`, file);
  const [rows, cols] = v.dims as [number, number];
  const data = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) data[r * cols + c] = Number(v.data[c * rows + r]);
  return { rows, cols, data };
}

/** A label vector (any shape with one element per sample). */
function labelVector(v: MatVariable | undefined, what: string, file: string): Float64Array {
  if (!v || v.kind !== 'numeric') throw new DataFormatError(`${what} should be a numeric label vector, got ${v ? v.kind : 'nothing'}`, file);
  if (v.dims.filter((d) => d !== 1).length > 1) throw new DataFormatError(`${what} has dims [${v.dims.join(', ')}], expected a vector (N x 1 or 1 x N)`, file);
  return Float64Array.from(v.data as ArrayLike<number | bigint>, (x) => Number(x));
}

function transpose(m: { rows: number; cols: number; data: Float32Array }): { rows: number; cols: number; data: Float32Array } {
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = m.data[r * m.cols + c] as number;
  return { rows: m.cols, cols: m.rows, data: out };
}

function checkFinite(m: { rows: number; cols: number; data: Float32Array }, what: string, file: string): void {
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k]!)) {
      throw new DataFormatError(`${what}: sample ${Math.floor(k / m.cols) + 1}, feature ${(k % m.cols) + 1} is ${m.data[k]} (not finite): fix the file`, file);
    }
  }
}

/**
 * Builds a data set from the variables of a multi-view MAT file. Layouts, detected in order:
 * - `x1_train..xK_train`, `x1_test..xK_test` with `gt_train`/`gt_test` (or `y_train`/`y_test`):
 *   N x d matrices (transposed when stored d x N), the file's train/test split kept
 *   (handwritten: 1,600 / 400);
 * - a cell `X` (or `data`) of K matrices, d x N or N x d, labels `Y`, `gt`, `y` or `labels`;
 *   no split in the file, so a seeded stratified one is drawn (`fractions`).
 *
 * Labels: the sorted distinct label values are mapped to class indices 0..C-1 (so MATLAB's
 * 1..C become 0..C-1); `classNames` keeps the original values. Binary files become a
 * 2-class multiclass task.
 *
 * @param vars - Variables from `readMat`.
 * @param file - File name for errors.
 * @throws DataFormatError when no known layout matches or shapes disagree.
 * @example
 * ```ts
 * const ds = multiviewFromMat(readMat(bytes, 'hw.mat'), 'hw.mat', { seed: 1 });
 * ```
 */
export function multiviewFromMat(vars: Record<string, MatVariable>, file: string, options: MultiviewOptions = {}): MultimodalDataset {
  const seed = options.seed ?? 0;
  const views: Array<{ rows: number; cols: number; data: Float32Array }> = [];
  let raw: Float64Array;
  let split: Uint8Array | null = null;
  const trainKeys = Object.keys(vars).filter((k) => /^x\d+_train$/i.test(k)).sort((a, b) => parseInt(a.slice(1), 10) - parseInt(b.slice(1), 10));
  if (trainKeys.length > 0) {
    const labelKey = ['gt', 'y', 'Y', 'labels'].find((k) => vars[`${k}_train`] && vars[`${k}_test`]);
    if (!labelKey) throw new DataFormatError(`found ${trainKeys.join(', ')} but no label pair gt_train/gt_test (or y_train/y_test)`, file);
    const yTr = labelVector(vars[`${labelKey}_train`], `${labelKey}_train`, file);
    const yTe = labelVector(vars[`${labelKey}_test`], `${labelKey}_test`, file);
    for (const kTr of trainKeys) {
      const kTe = kTr.replace(/_train$/i, '_test');
      const parts = [
        [kTr, yTr.length],
        [kTe, yTe.length],
      ].map(([k, n]) => {
        let m = matrix(vars[k as string], k as string, file);
        if (m.rows !== n && m.cols === n) m = transpose(m);
        if (m.rows !== n) throw new DataFormatError(`${k} is ${m.rows} x ${m.cols}, but the labels have ${n} samples: expected ${n} rows (or columns)`, file);
        return m;
      });
      const [a, b] = parts as [typeof parts[0], typeof parts[0]];
      if (a.cols !== b.cols) throw new DataFormatError(`${kTr} has ${a.cols} features but ${kTe} has ${b.cols}`, file);
      const data = new Float32Array((a.rows + b.rows) * a.cols);
      data.set(a.data, 0);
      data.set(b.data, a.data.length);
      views.push({ rows: a.rows + b.rows, cols: a.cols, data });
    }
    raw = new Float64Array(yTr.length + yTe.length);
    raw.set(yTr, 0);
    raw.set(yTe, yTr.length);
    split = new Uint8Array(raw.length);
    split.fill(SPLIT.test, yTr.length);
  } else {
    const cellKey = ['X', 'data', 'x'].find((k) => vars[k]?.kind === 'cell');
    const labelKey = ['Y', 'gt', 'y', 'labels', 'truth'].find((k) => vars[k]?.kind === 'numeric');
    if (!cellKey || !labelKey) {
      throw new DataFormatError(`no known multi-view layout: expected x1_train..xK_train with gt_train/gt_test, or a cell X with labels Y or gt; the file has ${Object.keys(vars).join(', ') || 'no variables'}`, file);
    }
    raw = labelVector(vars[labelKey], labelKey, file);
    const n = raw.length;
    const cell = vars[cellKey] as Extract<MatVariable, { kind: 'cell' }>;
    const orientation = options.orientation ?? 'auto';
    cell.cells.forEach((c, k) => {
      let m = matrix(c, `${cellKey}{${k + 1}}`, file);
      if (orientation === 'features-by-samples' || (orientation === 'auto' && m.cols === n)) m = transpose(m);
      if (m.rows !== n) throw new DataFormatError(`${cellKey}{${k + 1}} has dims [${(c as { dims: number[] }).dims.join(', ')}], but the labels have ${n} samples: expected d x ${n} or ${n} x d`, file);
      views.push(m);
    });
    if (views.length === 0) throw new DataFormatError(`cell ${cellKey} is empty: expected one matrix per view`, file);
  }
  views.forEach((v, k) => checkFinite(v, `view ${k + 1}`, file));

  // Labels: sorted distinct values -> 0..C-1.
  const distinct = [...new Set(raw)].sort((a, b) => a - b);
  if (distinct.some((v) => !Number.isFinite(v))) throw new DataFormatError('labels contain NaN/Inf', file);
  if (distinct.length < 2) throw new DataFormatError(`labels have ${distinct.length} distinct value(s), expected at least 2 classes`, file);
  const code = new Map(distinct.map((v, i) => [v, i]));
  const labels = Float32Array.from(raw, (v) => code.get(v)!);
  const task = { type: 'multiclass' as const, classes: distinct.length, classNames: distinct.map(String) };

  if (!split) {
    split = stratifiedSplit(labels, task, options.fractions ?? { train: 0.7, valid: 0.1, test: 0.2 }, seed);
  } else if (options.validFraction) {
    const ids = Array.from({ length: labels.length }, (_, i) => String(i));
    // Stratified choice of single samples: each training sample is its own group, per class.
    const out = split.slice();
    for (let c = 0; c < distinct.length; c++) {
      const members = ids.filter((_, i) => split![i] === SPLIT.train && labels[i] === c);
      const carved = carveValidationByGroup(new Uint8Array(members.length), members, { fraction: options.validFraction, seed: `${String(seed)}/class${c}` });
      members.forEach((id, k) => {
        out[Number(id)] = carved[k]!;
      });
    }
    split = out;
  }
  const names = options.viewNames ?? views.map((_, k) => `view${k + 1}`);
  if (names.length !== views.length) throw new OptionError(`viewNames has ${names.length} names but ${file} has ${views.length} views`);
  const modalities: ModalitySpec[] = views.map((v, k) => ({ name: names[k]!, kind: 'vector', dim: v.cols, maxLen: 1 }));
  const features: ModalityArray[] = views.map((v) => ({ values: v.data, n: v.rows, t: 1, d: v.cols, mask: null }));
  return new MultimodalDataset({ name: options.name ?? 'multiview', modalities, task, features, labels, split, ids: Array.from({ length: labels.length }, (_, i) => String(i)) });
}
