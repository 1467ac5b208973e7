/**
 * MMSA feature pickles (`aligned_50.pkl`, `unaligned_50.pkl` of MOSI, MOSEI, SIMS) to a
 * {@link MultimodalDataset}.
 */
import { DataFormatError, OptionError, type ModalityArray } from '@umq/core';
import { isNdArray, isNumericNdArray, type NdArray, type NumericNdArray } from '../formats/ndarray';
import type { PyDict, PyValue } from '../formats/pickle';
import { MultimodalDataset } from '../dataset';
import { imputeNonFinite } from '../preprocess';
import { SPLIT, type ModalitySpec, type SplitName, type TaskSpec } from '../types';
import { assertFiniteFeatures, maskFromLengths, toFloat32, toModality } from './arrays';
import type { NonFinitePolicy } from './mosi';

/**
 * Which MMSA labels to use: `'regression'` (`regression_labels`, MOSI/MOSEI in [-3, 3], SIMS in
 * [-1, 1]), `'binary'` (regression label >= 0 is positive: MMSA's "Has0" convention) or
 * `'classification'` (`classification_labels`, 3 classes).
 */
export type MmsaLabels = 'regression' | 'binary' | 'classification';

/** Options of {@link datasetFromMmsa}. */
export interface MmsaOptions {
  /** Label set. Default `'regression'`. */
  labels?: MmsaLabels;
  /** Known label range for regression (MOSI/MOSEI `[-3, 3]`, SIMS `[-1, 1]`). Default: none. */
  range?: [number, number];
  /** Modality keys, in order. Default `['text', 'audio', 'vision']`. */
  modalities?: string[];
  /** NaN/Inf handling (MOSEI's audio has -Inf cells). Default `'error'`. */
  nonFinite?: NonFinitePolicy;
  /** Data set name. Default `'mmsa'`. */
  name?: string;
}

const SPLITS: SplitName[] = ['train', 'valid', 'test'];

function isDict(v: PyValue | undefined): v is PyDict {
  return v instanceof Map;
}

function get(d: PyDict, key: string, where: string, file: string): PyValue {
  if (!d.has(key)) throw new DataFormatError(`${where} has no ${JSON.stringify(key)}: it has ${[...d.keys()].map((k) => JSON.stringify(k)).join(', ')}`, file);
  return d.get(key) as PyValue;
}

function asNumeric(v: PyValue, what: string, file: string): NumericNdArray | Float32Array {
  if (isNdArray(v)) {
    if (!isNumericNdArray(v)) throw new DataFormatError(`${what} should be numeric, got dtype ${v.dtype}`, file);
    return v;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'bigint')) return Float32Array.from(v as Array<number | bigint>, (x) => Number(x));
  throw new DataFormatError(`${what} should be a numpy array or a list of numbers`, file);
}

function vector(v: PyValue, what: string, file: string): Float32Array {
  const a = asNumeric(v, what, file);
  if (a instanceof Float32Array) return a;
  if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1)) throw new DataFormatError(`${what} has shape [${a.shape.join(', ')}], expected [N]`, file);
  return toFloat32(a, what, file);
}

/**
 * Builds a data set from an unpickled MMSA feature file: a dict with `train`, `valid`, `test`,
 * each a dict with `text` / `audio` / `vision` arrays `[N, T, D]`, optional
 * `{modality}_lengths` (valid steps are `0..len-1`; no lengths = every step valid),
 * `regression_labels`, `classification_labels` and `id` (`video$_$clip`; the group is the
 * part before `$_$`). Splits are kept as released.
 *
 * @throws DataFormatError when keys are missing or sizes disagree.
 * @example
 * ```ts
 * const ds = datasetFromMmsa(unpickle(bytes, 'aligned_50.pkl'), 'aligned_50.pkl', { labels: 'binary' });
 * ```
 */
export function datasetFromMmsa(value: PyValue, file: string, options: MmsaOptions = {}): MultimodalDataset {
  if (!isDict(value)) throw new DataFormatError('expected a dict with keys train, valid, test (an MMSA feature pickle)', file);
  const mods = options.modalities ?? ['text', 'audio', 'vision'];
  const which = options.labels ?? 'regression';
  if (!['regression', 'binary', 'classification'].includes(which)) throw new OptionError(`datasetFromMmsa: \`labels\` must be 'regression', 'binary' or 'classification', got ${JSON.stringify(which)}`);
  const parts = SPLITS.map((s) => {
    const d = get(value, s, 'the pickle', file);
    if (!isDict(d)) throw new DataFormatError(`${s} should be a dict of arrays`, file);
    const feats = mods.map((m) => {
      const a = get(d, m, s, file);
      if (!isNdArray(a) || !isNumericNdArray(a) || a.shape.length !== 3) throw new DataFormatError(`${s}.${m} should be a numeric array [N, T, D]${isNdArray(a) ? `, got shape [${a.shape.join(', ')}] dtype ${a.dtype}` : ''}`, file);
      const lens = d.get(`${m}_lengths`);
      const mask = lens === undefined || lens === null ? null : maskFromLengths(vector(lens, `${s}.${m}_lengths`, file), a.shape[1]!, `${s}.${m}_lengths`, file);
      return toModality(a, mask, `${s}.${m}`, file);
    });
    const n = feats[0]!.n;
    feats.forEach((f, k) => {
      if (f.n !== n) throw new DataFormatError(`${s}.${mods[k]} has ${f.n} samples but ${s}.${mods[0]} has ${n}`, file);
    });
    const key = which === 'classification' ? 'classification_labels' : 'regression_labels';
    let y = vector(get(d, key, s, file), `${s}.${key}`, file);
    if (y.length !== n) throw new DataFormatError(`${s}.${key} has ${y.length} labels for ${n} samples`, file);
    if (which === 'binary') y = Float32Array.from(y, (v) => (v >= 0 ? 1 : 0));
    const idv = d.get('id');
    let ids: string[];
    if (idv === undefined) ids = Array.from({ length: n }, (_, i) => `${s}_${i}`);
    else {
      const arr = idv as NdArray | PyValue[];
      const raw: unknown[] = isNdArray(arr as PyValue) ? Array.from((arr as NdArray).data as ArrayLike<unknown>) : (arr as PyValue[]);
      if (!Array.isArray(raw) || raw.length !== n) throw new DataFormatError(`${s}.id should hold ${n} ids`, file);
      ids = raw.map((v) => String(v));
    }
    return { feats, y, ids };
  });
  const n = parts.reduce((s, p) => s + p.y.length, 0);
  const features: ModalityArray[] = mods.map((_, k) => {
    const t = Math.max(...parts.map((p) => p.feats[k]!.t));
    const d = parts[0]!.feats[k]!.d;
    const values = new Float32Array(n * t * d);
    const anyMask = parts.some((p) => p.feats[k]!.mask !== null) || parts.some((p) => p.feats[k]!.t !== t);
    const mask = anyMask ? new Uint8Array(n * t) : null;
    let off = 0;
    for (const [s, p] of parts.entries()) {
      const f = p.feats[k]!;
      if (f.d !== d) throw new DataFormatError(`${SPLITS[s]}.${mods[k]} has ${f.d} features but train.${mods[k]} has ${d}`, file);
      for (let i = 0; i < f.n; i++, off++) {
        values.set(f.values.subarray(i * f.t * d, (i + 1) * f.t * d), off * t * d);
        if (mask) {
          if (f.mask) mask.set(f.mask.subarray(i * f.t, (i + 1) * f.t), off * t);
          else mask.fill(1, off * t, off * t + f.t);
        }
      }
    }
    return { values, n, t, d, mask };
  });
  const labels = new Float32Array(n);
  const split = new Uint8Array(n);
  const ids: string[] = [];
  let off = 0;
  parts.forEach((p, s) => {
    labels.set(p.y, off);
    split.fill(SPLIT[SPLITS[s]!], off, off + p.y.length);
    ids.push(...p.ids);
    off += p.y.length;
  });
  const groups = ids.map((id) => (id.includes('$_$') ? id.slice(0, id.indexOf('$_$')) : id));
  let task: TaskSpec;
  if (which === 'binary') task = { type: 'binary' };
  else if (which === 'classification') task = { type: 'multiclass', classes: Math.max(2, ...Array.from(labels, (v) => v + 1)) };
  else task = options.range ? { type: 'regression', range: options.range } : { type: 'regression' };
  const modalities: ModalitySpec[] = features.map((f, k) => ({ name: mods[k]!, kind: 'sequence', dim: f.d, maxLen: f.t }));
  const ds = new MultimodalDataset({ name: options.name ?? 'mmsa', modalities, task, features, labels, split, ids, groups });
  if ((options.nonFinite ?? 'error') === 'impute') return imputeNonFinite(ds).dataset;
  features.forEach((f, k) => assertFiniteFeatures(f, mods[k]!, file));
  return ds;
}
