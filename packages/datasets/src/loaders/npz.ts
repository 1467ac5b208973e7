/**
 * `.npz` archives to a {@link MultimodalDataset}, under a simple documented convention.
 */
import { DataFormatError, OptionError, type ModalityArray, type Seed } from '@umq/core';
import { isNumericNdArray, type NdArray, type NumericNdArray } from '../formats/ndarray';
import { MultimodalDataset } from '../dataset';
import { imputeNonFinite } from '../preprocess';
import { stratifiedSplit, type SplitFractions } from '../split';
import type { ModalitySpec, TaskSpec } from '../types';
import { assertFiniteFeatures, inferTask, maskFromLengths, toFloat32, toModality } from './arrays';
import type { NonFinitePolicy } from './mosi';

/** Options of {@link datasetFromNpz}. */
export interface NpzOptions {
  /** Modality array names, in order (default: every other `[N, D]` / `[N, T, D]` array, in archive order). */
  modalities?: string[];
  /** Task (default: inferred from the labels: {0,1} binary, integers 0..C-1 with C > 2 multiclass, else regression). */
  task?: TaskSpec;
  /** Split fractions when the archive has no `split` array. Default `{ train: 0.7, valid: 0.1, test: 0.2 }`. */
  fractions?: SplitFractions;
  /** Seed of a drawn split. Default 0. */
  seed?: Seed;
  /** NaN/Inf handling. Default `'error'`. */
  nonFinite?: NonFinitePolicy;
  /** Data set name. Default `'npz'`. */
  name?: string;
}

const RESERVED = new Set(['labels', 'y', 'label', 'split', 'ids', 'groups']);

function strings(a: NdArray | undefined, n: number, what: string, file: string): string[] | undefined {
  if (!a) return undefined;
  const out = isNumericNdArray(a) ? Array.from(a.data as ArrayLike<number | bigint>, (v) => String(v)) : a.data.map((v) => String(v));
  if (out.length !== n) throw new DataFormatError(`${what} has ${out.length} entries, expected ${n} (one per sample)`, file);
  return out;
}

/**
 * Builds a data set from parsed `.npz` arrays. Convention: labels in `labels` (or `y`,
 * `label`), shape `[N]`; each modality an array `[N, D]` (vector) or `[N, T, D]` (sequence)
 * with an optional `<name>_mask` `[N, T]` (nonzero = valid) or `<name>_lengths` `[N]`;
 * optional `split` `[N]` (0 train, 1 valid, 2 test, or the strings `train`/`valid`/`test`),
 * `ids` and `groups` `[N]`. Without `split`, a seeded stratified split is drawn.
 *
 * @throws DataFormatError when arrays are missing or disagree in size.
 * @example
 * ```ts
 * const ds = datasetFromNpz(parseNpz(bytes, 'd.npz'), 'd.npz');
 * ```
 */
export function datasetFromNpz(arrays: Record<string, NdArray>, file: string, options: NpzOptions = {}): MultimodalDataset {
  const labelKey = ['labels', 'y', 'label'].find((k) => arrays[k] !== undefined);
  if (!labelKey) throw new DataFormatError(`no labels: expected an array named labels (or y); the archive has ${Object.keys(arrays).join(', ')}`, file);
  const labels = toFloat32(arrays[labelKey]!, labelKey, file);
  const n = labels.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(labels[i]!)) throw new DataFormatError(`${labelKey}[${i}] is ${labels[i]}: labels must be finite`, file);
  const names =
    options.modalities ??
    Object.keys(arrays).filter((k) => {
      const a = arrays[k]!;
      return !RESERVED.has(k) && !/_(mask|lengths)$/.test(k) && isNumericNdArray(a) && (a.shape.length === 2 || a.shape.length === 3) && a.shape[0] === n;
    });
  if (names.length === 0) throw new DataFormatError(`no modality arrays: expected arrays of shape [${n}, D] or [${n}, T, D]`, file);
  const features: ModalityArray[] = names.map((name) => {
    const a = arrays[name];
    if (!a) throw new OptionError(`modality ${JSON.stringify(name)} is not in ${file}: it has ${Object.keys(arrays).join(', ')}`);
    if (!isNumericNdArray(a) || a.shape[0] !== n) throw new DataFormatError(`${name} has shape [${a.shape.join(', ')}], expected [${n}, D] or [${n}, T, D]`, file);
    let mask: Uint8Array | null = null;
    if (a.shape.length === 3) {
      const t = a.shape[1]!;
      if (arrays[`${name}_mask`]) {
        const m = arrays[`${name}_mask`]!;
        if (m.shape.length !== 2 || m.shape[0] !== n || m.shape[1] !== t) throw new DataFormatError(`${name}_mask has shape [${m.shape.join(', ')}], expected [${n}, ${t}]`, file);
        mask = Uint8Array.from(toFloat32(m, `${name}_mask`, file), (v) => (v !== 0 ? 1 : 0));
      } else if (arrays[`${name}_lengths`]) {
        mask = maskFromLengths(toFloat32(arrays[`${name}_lengths`]!, `${name}_lengths`, file), t, `${name}_lengths`, file);
      }
    }
    return toModality(a as NumericNdArray, mask, name, file);
  });
  const task = options.task ?? inferTask(labels);
  let split: Uint8Array;
  const sa = arrays.split;
  if (sa) {
    const raw = strings(sa, n, 'split', file)!;
    split = Uint8Array.from(raw, (s, i) => {
      const code = { '0': 0, '1': 1, '2': 2, train: 0, valid: 1, val: 1, test: 2 }[s];
      if (code === undefined) throw new DataFormatError(`split[${i}] is ${JSON.stringify(s)}, expected 0/1/2 or train/valid/test`, file);
      return code;
    });
  } else {
    split = stratifiedSplit(labels, task, options.fractions ?? { train: 0.7, valid: 0.1, test: 0.2 }, options.seed ?? 0);
  }
  const ids = strings(arrays.ids, n, 'ids', file);
  const groups = strings(arrays.groups, n, 'groups', file);
  const modalities: ModalitySpec[] = features.map((f, k) => ({ name: names[k]!, kind: f.t > 1 || f.mask ? 'sequence' : 'vector', dim: f.d, maxLen: f.t }));
  const ds = new MultimodalDataset({ name: options.name ?? 'npz', modalities, task, features, labels, split, ...(ids ? { ids } : {}), ...(groups ? { groups } : {}) });
  if ((options.nonFinite ?? 'error') === 'impute') return imputeNonFinite(ds).dataset;
  features.forEach((f, k) => assertFiniteFeatures(f, names[k]!, file));
  return ds;
}
