/**
 * CMU-MultimodalSDK computational sequences (`.csd`) to a {@link MultimodalDataset}: one
 * sequence per modality plus a label sequence whose rows (with their time intervals) define
 * the samples.
 */
import { DataFormatError, OptionError, Rng, type ModalityArray, type Seed } from '@umq/core';
import type { Csd } from '../formats/csd';
import { MultimodalDataset } from '../dataset';
import { imputeNonFinite } from '../preprocess';
import type { SplitFractions } from '../split';
import { SPLIT, type ModalitySpec, type TaskSpec } from '../types';
import { assertFiniteFeatures } from './arrays';
import type { NonFinitePolicy } from './mosi';

/** Standard folds: video ids per split (e.g. the SDK's `standard_train_fold`). */
export interface CsdFolds {
  /** Training video ids. */
  train: string[];
  /** Validation video ids. */
  valid: string[];
  /** Test video ids. */
  test: string[];
}

/** Options of {@link datasetFromCsd}. */
export interface CsdOptions {
  /** Folds by video id; samples of videos in no fold are left out. Default: a seeded split by whole videos (`fractions`). */
  folds?: CsdFolds;
  /** Fractions of videos per split without `folds`. Default `{ train: 0.7, valid: 0.1, test: 0.2 }`. */
  fractions?: SplitFractions;
  /** Seed of a drawn split. Default 0. */
  seed?: Seed;
  /** Steps kept per sample (longer segments keep their first `maxLen` steps). Default: the longest segment. */
  maxLen?: number;
  /** `'regression'` (label column 0 as is) or `'binary'` (label >= 0 positive). Default `'regression'`. */
  task?: 'regression' | 'binary';
  /** A label entry missing from a modality: `'error'` (default) or `'drop'` the samples of that video. */
  onMissing?: 'error' | 'drop';
  /** NaN/Inf handling. Default `'error'`. */
  nonFinite?: NonFinitePolicy;
  /** Data set name. Default `'csd'`. */
  name?: string;
}

/**
 * Builds a data set from computational sequences. Each row k of label entry `vid` (interval
 * `[s, e]`, value in column 0) is one sample with id `vid[k]` and group `vid`; its steps in a
 * modality are that modality's rows of `vid` whose interval midpoint lies in `[s, e)` (the
 * SDK's alignment to label intervals), padded to `maxLen` with mask 0. A segment with no step
 * in a modality gets an all-zero mask there.
 *
 * @param modalities - Sequence per modality name, in order.
 * @param labels - The label sequence (e.g. `CMU_MOSI_Opinion_Labels`).
 * @param file - Name of the label file, for errors.
 * @throws DataFormatError when a video is missing (`onMissing: 'error'`) or values are not finite.
 * @example
 * ```ts
 * const ds = datasetFromCsd({ audio: await readCsd('COVAREP.csd') }, await readCsd('Labels.csd'), 'Labels.csd');
 * ```
 */
export function datasetFromCsd(modalities: Record<string, Csd>, labels: Csd, file: string, options: CsdOptions = {}): MultimodalDataset {
  const names = Object.keys(modalities);
  if (names.length === 0) throw new OptionError('datasetFromCsd: give at least one modality sequence');
  const dims = names.map((m) => {
    const first = Object.values(modalities[m]!.entries)[0];
    if (!first) throw new DataFormatError(`modality ${m} (${modalities[m]!.name}) has no entries`, file);
    return first.shape[1];
  });
  const vids = Object.keys(labels.entries).sort();
  const samples: Array<{ vid: string; k: number; s: number; e: number; y: number }> = [];
  for (const vid of vids) {
    const missing = names.filter((m) => !modalities[m]!.entries[vid]);
    if (missing.length > 0) {
      if ((options.onMissing ?? 'error') === 'drop') continue;
      throw new DataFormatError(`video ${vid} has labels but no entry in ${missing.join(', ')}: pass \`onMissing: 'drop'\` to leave it out`, file);
    }
    const L = labels.entries[vid]!;
    for (let k = 0; k < L.shape[0]; k++) {
      const y = L.features[k * L.shape[1]] as number;
      if (!Number.isFinite(y)) throw new DataFormatError(`label of ${vid}[${k}] is ${y}`, file);
      samples.push({ vid, k, s: L.intervals[2 * k] as number, e: L.intervals[2 * k + 1] as number, y });
    }
  }
  if (samples.length === 0) throw new DataFormatError('no samples: no labelled video has an entry in every modality', file);

  // Steps of each modality per sample (row indices).
  const rows = names.map((m, mi) =>
    samples.map(({ vid, s, e }) => {
      const E = modalities[m]!.entries[vid]!;
      if (E.shape[1] !== dims[mi]) throw new DataFormatError(`modality ${m}, video ${vid}: ${E.shape[1]} features, other videos have ${dims[mi]}`, file);
      const out: number[] = [];
      for (let t = 0; t < E.shape[0]; t++) {
        const mid = ((E.intervals[2 * t] as number) + (E.intervals[2 * t + 1] as number)) / 2;
        if (mid >= s && mid < e) out.push(t);
      }
      return out;
    }),
  );
  const longest = Math.max(1, ...rows.flatMap((r) => r.map((x) => x.length)));
  const maxLen = options.maxLen ?? longest;
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new OptionError(`datasetFromCsd: \`maxLen\` must be an integer >= 1, got ${maxLen}`);
  const n = samples.length;
  const features: ModalityArray[] = names.map((m, mi) => {
    const d = dims[mi]!;
    const values = new Float32Array(n * maxLen * d);
    const mask = new Uint8Array(n * maxLen);
    rows[mi]!.forEach((steps, i) => {
      const E = modalities[m]!.entries[samples[i]!.vid]!;
      steps.slice(0, maxLen).forEach((t, j) => {
        values.set(E.features.subarray(t * d, (t + 1) * d), (i * maxLen + j) * d);
        mask[i * maxLen + j] = 1;
      });
    });
    return { values, n, t: maxLen, d, mask };
  });

  // Splits by whole videos.
  const split = new Uint8Array(n);
  const keep: number[] = [];
  if (options.folds) {
    const code = new Map<string, number>();
    (['train', 'valid', 'test'] as const).forEach((s) => options.folds![s].forEach((v) => code.set(v, SPLIT[s])));
    samples.forEach((x, i) => {
      const c = code.get(x.vid);
      if (c !== undefined) {
        split[i] = c;
        keep.push(i);
      }
    });
  } else {
    const f = options.fractions ?? { train: 0.7, valid: 0.1, test: 0.2 };
    const videos = [...new Set(samples.map((x) => x.vid))];
    new Rng(options.seed ?? 0).fork('csd-split').shuffle(videos);
    const nTest = Math.round(videos.length * f.test);
    const nValid = Math.round(videos.length * f.valid);
    const code = new Map(videos.map((v, k) => [v, k < nTest ? SPLIT.test : k < nTest + nValid ? SPLIT.valid : SPLIT.train]));
    samples.forEach((x, i) => {
      split[i] = code.get(x.vid)!;
      keep.push(i);
    });
  }
  const task: TaskSpec = options.task === 'binary' ? { type: 'binary' } : { type: 'regression' };
  const labelsArr = Float32Array.from(samples, (x) => (task.type === 'binary' ? (x.y >= 0 ? 1 : 0) : x.y));
  const specs: ModalitySpec[] = names.map((m, mi) => ({ name: m, kind: 'sequence', dim: dims[mi]!, maxLen }));
  let ds = new MultimodalDataset({
    name: options.name ?? 'csd',
    modalities: specs,
    task,
    features,
    labels: labelsArr,
    split,
    ids: samples.map((x) => `${x.vid}[${x.k}]`),
    groups: samples.map((x) => x.vid),
  });
  if (keep.length !== n) ds = ds.subset(keep);
  if ((options.nonFinite ?? 'error') === 'impute') return imputeNonFinite(ds).dataset;
  ds.features.forEach((f, k) => assertFiniteFeatures(f, names[k]!, file));
  return ds;
}
