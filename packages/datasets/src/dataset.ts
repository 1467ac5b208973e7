/**
 * The in-memory data model: named modalities stored column-wise in typed arrays (no object
 * per sample), labels, split membership, sample ids and group ids.
 */
import { OptionError, ShapeError, type ModalityArray } from '@umq/core';
import { SPLIT, SPLIT_NAMES, type DatasetSummary, type ModalitySpec, type SplitName, type SplitSummary, type TaskSpec } from './types';

/** Everything needed to build a {@link MultimodalDataset}. */
export interface DatasetInit {
  /** Data set name (for summaries and errors). Default `'dataset'`. */
  name?: string;
  /** One spec per modality, same order as `features`. */
  modalities: ModalitySpec[];
  /** The task and label coding. */
  task: TaskSpec;
  /** One array per modality: `n` samples of `[t, d]` (t = 1 for vectors). */
  features: ModalityArray[];
  /** One label per sample (0/1, class index, or real value). */
  labels: Float32Array;
  /** Split code per sample (0 train, 1 valid, 2 test). */
  split: Uint8Array;
  /** Sample ids; default `'0'..'n-1'`. */
  ids?: string[];
  /** Group ids (video or speaker); default: the sample id (every sample its own group). */
  groups?: string[];
}

/**
 * A multimodal data set held in typed arrays: MOSEI-sized data (23k samples x 3 sequences)
 * fits, and subsets copy only the rows they keep. Immutable by convention: every transform
 * (subset, standardisation, corruption through {@link MultimodalDataset.withFeatures}) returns
 * a new data set.
 *
 * @example
 * ```ts
 * const ds = makeSynthetic({ seed: 1 });
 * const train = ds.select('train');
 * console.log(train.size, ds.summary().splits.test.samples);
 * ```
 */
export class MultimodalDataset {
  /** Data set name. */
  readonly name: string;
  /** Modalities, in the order of `features`. */
  readonly modalities: readonly ModalitySpec[];
  /** The task and label coding. */
  readonly task: TaskSpec;
  /** Features per modality (row-major `[n, t, d]`, mask `[n, t]` or null). */
  readonly features: readonly ModalityArray[];
  /** One label per sample. */
  readonly labels: Float32Array;
  /** Split code per sample: 0 train, 1 valid, 2 test (see `SPLIT`). */
  readonly split: Uint8Array;
  /** Sample ids. */
  readonly ids: readonly string[];
  /** Group ids (video or speaker) for group-aware splits. */
  readonly groups: readonly string[];

  /**
   * Builds and validates a data set (shapes, label coding, split codes).
   *
   * @throws ShapeError when arrays disagree in size; OptionError for a bad task or labels.
   */
  constructor(init: DatasetInit) {
    const n = init.labels.length;
    const name = init.name ?? 'dataset';
    if (init.modalities.length === 0) throw new OptionError(`dataset ${name}: needs at least one modality, got none`);
    if (init.features.length !== init.modalities.length) {
      throw new ShapeError(`dataset ${name}: ${init.modalities.length} modality specs but ${init.features.length} feature arrays: pass one array per modality`);
    }
    const seen = new Set<string>();
    init.modalities.forEach((m, i) => {
      if (seen.has(m.name)) throw new OptionError(`dataset ${name}: modality name ${JSON.stringify(m.name)} appears twice: names must be unique`);
      seen.add(m.name);
      const f = init.features[i] as ModalityArray;
      const where = `dataset ${name}, modality ${JSON.stringify(m.name)}`;
      if (f.n !== n) throw new ShapeError(`${where}: ${f.n} samples but ${n} labels: every modality needs one row per label`);
      if (f.d !== m.dim) throw new ShapeError(`${where}: features have ${f.d} columns but the spec says dim ${m.dim}`);
      if (f.t !== m.maxLen) throw new ShapeError(`${where}: features have ${f.t} steps but the spec says maxLen ${m.maxLen}`);
      if (m.kind === 'vector' && f.t !== 1) throw new ShapeError(`${where}: a vector modality has t = 1, got ${f.t}: use kind 'sequence'`);
      if (f.values.length !== f.n * f.t * f.d) throw new ShapeError(`${where}: values has length ${f.values.length}, expected n*t*d = ${f.n * f.t * f.d}`);
      if (f.mask && f.mask.length !== f.n * f.t) throw new ShapeError(`${where}: mask has length ${f.mask.length}, expected n*t = ${f.n * f.t}`);
    });
    if (init.split.length !== n) throw new ShapeError(`dataset ${name}: split has ${init.split.length} entries, expected ${n} (one per sample)`);
    for (let i = 0; i < n; i++) {
      if ((init.split[i] as number) > 2) throw new OptionError(`dataset ${name}: split code ${init.split[i]} at sample ${i}: use 0 train, 1 valid, 2 test`);
    }
    checkLabels(name, init.task, init.labels);
    const ids = init.ids ?? Array.from({ length: n }, (_, i) => String(i));
    const groups = init.groups ?? ids;
    if (ids.length !== n) throw new ShapeError(`dataset ${name}: ${ids.length} ids for ${n} samples`);
    if (groups.length !== n) throw new ShapeError(`dataset ${name}: ${groups.length} group ids for ${n} samples`);
    this.name = name;
    this.modalities = init.modalities.map((m) => ({ ...m }));
    this.task = init.task;
    this.features = init.features;
    this.labels = init.labels;
    this.split = init.split;
    this.ids = ids;
    this.groups = groups;
  }

  /** Number of samples. */
  get size(): number {
    return this.labels.length;
  }

  /**
   * Indices of the samples of one split, in storage order.
   *
   * @example
   * ```ts
   * const trainIdx = ds.indices('train'); // Int32Array
   * ```
   */
  indices(split: SplitName): Int32Array {
    const code = splitCode(split);
    let c = 0;
    for (let i = 0; i < this.size; i++) if (this.split[i] === code) c++;
    const out = new Int32Array(c);
    let k = 0;
    for (let i = 0; i < this.size; i++) if (this.split[i] === code) out[k++] = i;
    return out;
  }

  /**
   * Index of a modality by name.
   *
   * @throws OptionError when there is no such modality.
   * @example
   * ```ts
   * const audio = ds.features[ds.modalityIndex('audio')];
   * ```
   */
  modalityIndex(name: string): number {
    const i = this.modalities.findIndex((m) => m.name === name);
    if (i < 0) throw new OptionError(`dataset ${this.name} has no modality ${JSON.stringify(name)}: it has ${this.modalities.map((m) => m.name).join(', ')}`);
    return i;
  }

  /**
   * A new data set with the given samples (copied, in the given order; repeats allowed).
   *
   * @example
   * ```ts
   * const first10 = ds.subset(Int32Array.from({ length: 10 }, (_, i) => i));
   * ```
   */
  subset(indices: ArrayLike<number>): MultimodalDataset {
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] as number;
      if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new OptionError(`subset: index ${i} at position ${k} is outside [0, ${this.size - 1}]`);
    }
    return new MultimodalDataset({
      name: this.name,
      modalities: this.modalities.map((m) => ({ ...m })),
      task: this.task,
      features: this.features.map((f) => gatherRows(f, indices)),
      labels: gatherScalar(this.labels, indices, Float32Array),
      split: gatherScalar(this.split, indices, Uint8Array),
      ids: Array.from(indices, (i) => this.ids[i] as string),
      groups: Array.from(indices, (i) => this.groups[i] as string),
    });
  }

  /**
   * The samples of one split as a new data set (split codes kept).
   *
   * @example
   * ```ts
   * const test = ds.select('test');
   * ```
   */
  select(split: SplitName): MultimodalDataset {
    return this.subset(this.indices(split));
  }

  /**
   * The same samples with new features (e.g. a corrupted or standardised copy). Shapes must
   * match the modality specs; labels, splits, ids and groups are shared.
   *
   * @example
   * ```ts
   * const noisy = ds.withFeatures(ds.features.map((f) => ({ ...f, values: f.values.map((v) => v + 0.1) })));
   * ```
   */
  withFeatures(features: ModalityArray[]): MultimodalDataset {
    return new MultimodalDataset({ name: this.name, modalities: this.modalities.map((m) => ({ ...m })), task: this.task, features, labels: this.labels, split: this.split, ids: [...this.ids], groups: [...this.groups] });
  }

  /**
   * The same samples with new split codes (e.g. after carving a validation split).
   *
   * @example
   * ```ts
   * const ds2 = ds.withSplit(carveValidationByGroup(ds.split, ds.groups, { groups: 6, seed: 0 }));
   * ```
   */
  withSplit(split: Uint8Array): MultimodalDataset {
    return new MultimodalDataset({ name: this.name, modalities: this.modalities.map((m) => ({ ...m })), task: this.task, features: [...this.features], labels: this.labels, split, ids: [...this.ids], groups: [...this.groups] });
  }

  /**
   * Sizes per split, modality names, kinds and dims, the task, class counts and groups per split.
   *
   * @example
   * ```ts
   * console.table(ds.summary().splits);
   * ```
   */
  summary(): DatasetSummary {
    const splits = {} as Record<SplitName, SplitSummary>;
    const classes = this.task.type === 'binary' ? 2 : this.task.type === 'multiclass' ? this.task.classes : 0;
    SPLIT_NAMES.forEach((s, code) => {
      const groups = new Set<string>();
      const counts = new Array<number>(classes).fill(0);
      let samples = 0;
      for (let i = 0; i < this.size; i++) {
        if (this.split[i] !== code) continue;
        samples++;
        groups.add(this.groups[i] as string);
        if (classes) counts[this.labels[i] as number]! += 1;
      }
      splits[s] = classes ? { samples, groups: groups.size, classCounts: counts } : { samples, groups: groups.size };
    });
    return { name: this.name, samples: this.size, modalities: this.modalities.map((m) => ({ ...m })), task: this.task, splits };
  }
}

/**
 * The split code of a split name.
 *
 * @throws OptionError for an unknown name.
 * @example
 * ```ts
 * splitCode('valid'); // 1
 * ```
 */
export function splitCode(split: SplitName): number {
  const c = (SPLIT as Record<string, number>)[split];
  if (c === undefined) throw new OptionError(`unknown split ${JSON.stringify(split)}: use 'train', 'valid' or 'test'`);
  return c;
}

function checkLabels(name: string, task: TaskSpec, labels: Float32Array): void {
  const bad = (i: number, why: string): never => {
    throw new OptionError(`dataset ${name}: label ${labels[i]} at sample ${i} ${why}`);
  };
  if (task.type === 'multiclass' && (!Number.isInteger(task.classes) || task.classes < 2)) {
    throw new OptionError(`dataset ${name}: a multiclass task needs an integer classes >= 2, got ${task.classes}`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    if (!Number.isFinite(y)) bad(i, 'is not finite');
    if (task.type === 'binary' && y !== 0 && y !== 1) bad(i, 'is not 0 or 1 (binary task)');
    if (task.type === 'multiclass' && (!Number.isInteger(y) || y < 0 || y >= task.classes)) bad(i, `is not a class index in 0..${task.classes - 1}`);
  }
}

function gatherScalar<T extends Float32Array | Uint8Array>(src: T, idx: ArrayLike<number>, C: { new (n: number): T }): T {
  const out = new C(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k] as number] as number;
  return out;
}

/**
 * Copies the given rows of a {@link ModalityArray} into a new one.
 *
 * @example
 * ```ts
 * const rows = gatherRows(ds.features[0], [0, 5, 9]); // n = 3
 * ```
 */
export function gatherRows(f: ModalityArray, idx: ArrayLike<number>): ModalityArray {
  const row = f.t * f.d;
  const values = new Float32Array(idx.length * row);
  const mask = f.mask ? new Uint8Array(idx.length * f.t) : null;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    values.set(f.values.subarray(i * row, (i + 1) * row), k * row);
    if (mask && f.mask) mask.set(f.mask.subarray(i * f.t, (i + 1) * f.t), k * f.t);
  }
  return { values, n: idx.length, t: f.t, d: f.d, mask };
}
