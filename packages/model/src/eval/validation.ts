/**
 * A validation split for data sets that ship only train and test (e.g. the multi-view MAT
 * files): a stratified share of the training split, drawn with a fixed seed so every run seed
 * sees the same split (the PyTorch reference held out 16 per class of Handwritten's 1,600).
 */
import { Rng, OptionError } from '@umq/core';
import { stratifiedSplit, SPLIT, type MultimodalDataset } from '@umq/datasets';

/**
 * Returns `ds` unchanged when it has a validation split, else a copy whose validation split is
 * `fraction` of the training samples (stratified by class; seed `seed`).
 *
 * @example
 * ```ts
 * const ds2 = ensureValidation(ds); // 10% of train, stratified, seed 0
 * ```
 */
export function ensureValidation(ds: MultimodalDataset, fraction = 0.1, seed = 0): MultimodalDataset {
  if (ds.indices('valid').length > 0) return ds;
  const train = ds.indices('train');
  if (train.length < 2) return ds;
  const labels = Float32Array.from(train, (i) => ds.labels[i]);
  const sub = stratifiedSplit(labels, ds.task, { train: 1 - fraction, valid: fraction, test: 0 }, seed);
  const split = Uint8Array.from(ds.split);
  train.forEach((i, k) => (split[i] = sub[k] === SPLIT.valid ? SPLIT.valid : SPLIT.train));
  return ds.withSplit(split);
}

/**
 * Keeps at most `perClass` training samples of each class (seeded choice); validation and test
 * are untouched. For the small-data, many-class check of issue 9.
 *
 * @example
 * ```ts
 * const small = subsampleTrainPerClass(ds, 10); // about ten training samples per class
 * ```
 */
export function subsampleTrainPerClass(ds: MultimodalDataset, perClass: number, seed = 0): MultimodalDataset {
  const train = ds.indices('train');
  const byClass = new Map<number, number[]>();
  for (const i of train) {
    const c = ds.task.type === 'regression' ? 0 : ds.labels[i];
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  }
  const rng = new Rng(seed).fork('subsample');
  const keep = new Set<number>();
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = byClass.get(c)!;
    rng.shuffle(idx);
    idx.slice(0, perClass).forEach((i) => keep.add(i));
  }
  const rows: number[] = [];
  for (let i = 0; i < ds.size; i++) if (ds.split[i] !== SPLIT.train || keep.has(i)) rows.push(i);
  return ds.subset(rows);
}

/** One fold of a k-fold cross-validation over a data set's training and validation samples. */
export interface FoldSpec {
  /** This fold, 0-based. */
  index: number;
  /** Number of folds K (>= 2). */
  count: number;
  /** Seed of the assignment of samples to folds. */
  seed: number;
}

/**
 * The data set with fold `index` of a stratified k-fold partition of its training and
 * validation samples as the validation split and the other folds as training; the test split
 * is untouched (never used for selection). Where a validation split is small (CUB's 60
 * samples, Handwritten's 160), averaging over folds resolves differences one split cannot.
 *
 * @example
 * ```ts
 * const folds = [0, 1, 2, 3, 4].map((index) => kFoldSplit(ds, { index, count: 5, seed: 0 }));
 * ```
 */
export function kFoldSplit(ds: MultimodalDataset, fold: FoldSpec): MultimodalDataset {
  if (!Number.isInteger(fold.count) || fold.count < 2 || !Number.isInteger(fold.index) || fold.index < 0 || fold.index >= fold.count) {
    throw new OptionError(`kFoldSplit: fold ${fold.index} of ${fold.count} is not a fold: use count >= 2 and 0 <= index < count`);
  }
  const pool = [...ds.indices('train'), ...ds.indices('valid')].sort((a, b) => a - b);
  const byClass = new Map<number, number[]>();
  for (const i of pool) {
    const c = ds.task.type === 'regression' ? 0 : ds.labels[i];
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  }
  const rng = new Rng(fold.seed).fork('k-fold');
  const split = Uint8Array.from(ds.split);
  let offset = 0; // classes continue where the previous one stopped, so the folds' sizes differ by at most one
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(c)!;
    rng.shuffle(members);
    members.forEach((i, k) => (split[i] = (offset + k) % fold.count === fold.index ? SPLIT.valid : SPLIT.train));
    offset += members.length;
  }
  return ds.withSplit(split);
}
