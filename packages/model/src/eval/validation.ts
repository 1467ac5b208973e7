/**
 * A validation split for data sets that ship only train and test (e.g. the multi-view MAT
 * files): a stratified share of the training split, drawn with a fixed seed so every run seed
 * sees the same split (the PyTorch reference held out 16 per class of Handwritten's 1,600).
 */
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
