/**
 * Mini-batches as tensors: seeded shuffling, per-modality `[B, D]` or `[B, T, D]` features
 * with `[B, T]` masks, float32 labels. Tensors are created per batch and owned by the caller.
 */
import { OptionError, Rng, assertInteger, tf, type ModalityArray, type Seed } from '@umq/core';
import { MultimodalDataset } from './dataset';
import type { SplitName } from './types';

/** Plain arrays to batch when there is no {@link MultimodalDataset} (e.g. corrupted copies). */
export interface BatchArrays {
  /** Features per modality; all with the same `n`. */
  features: readonly ModalityArray[];
  /** One label per sample. */
  labels: Float32Array;
  /** Which samples to batch (default: all `0..n-1`). */
  indices?: Int32Array;
}

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Samples per batch (an integer >= 1). The paper's presets use 32-64. */
  batchSize: number;
  /** Shuffle the order (seeded). Default `false` (storage order). */
  shuffle?: boolean;
  /** Shuffle seed, required when `shuffle` is true; derive it per epoch (e.g. `deriveSeed(run, 'epoch', e)`). */
  seed?: Seed;
  /** Drop the last incomplete batch. Default `false`. */
  dropLast?: boolean;
  /** With a data set: batch only this split (default: every sample). */
  split?: SplitName;
}

/**
 * One mini-batch. The caller owns the tensors: call `dispose()` when done (or dispose the
 * tensors one by one).
 */
export interface Batch {
  /** Features per modality: `[B, D]` for vectors, `[B, T, D]` for sequences (float32). */
  x: tf.Tensor[];
  /** Per modality: `[B, T]` float32 0/1 mask for sequences (1 = valid step), `null` for vectors. */
  mask: (tf.Tensor | null)[];
  /** Labels `[B]` float32 for every task (class indices as floats for multiclass; `perSampleTaskLoss` accepts them). */
  y: tf.Tensor;
  /** Sample indices (into the data set / arrays) of the batch rows. */
  index: Int32Array;
  /** Disposes every tensor of the batch. */
  dispose(): void;
}

function resolve(source: MultimodalDataset | BatchArrays, split?: SplitName): { features: readonly ModalityArray[]; labels: Float32Array; indices: Int32Array; sequence: boolean[] } {
  if (source instanceof MultimodalDataset) {
    const indices = split ? source.indices(split) : Int32Array.from({ length: source.size }, (_, i) => i);
    return { features: source.features, labels: source.labels, indices, sequence: source.modalities.map((m) => m.kind === 'sequence') };
  }
  if (split) throw new OptionError('batches: `split` needs a MultimodalDataset; with plain arrays pass `indices` instead');
  const n = source.labels.length;
  source.features.forEach((f, m) => {
    if (f.n !== n) throw new OptionError(`batches: features[${m}] has ${f.n} samples but there are ${n} labels`);
  });
  const indices = source.indices ?? Int32Array.from({ length: n }, (_, i) => i);
  for (const i of indices) if (i < 0 || i >= n) throw new OptionError(`batches: index ${i} is outside [0, ${n - 1}]`);
  return { features: source.features, labels: source.labels, indices, sequence: source.features.map(isSequenceArray) };
}

/**
 * Builds the tensors of one batch from the given sample indices.
 *
 * @example
 * ```ts
 * const b = makeBatch(ds, Int32Array.from([0, 1, 2]));
 * b.dispose();
 * ```
 */
export function makeBatch(source: MultimodalDataset | BatchArrays, index: Int32Array): Batch {
  const r = resolve(source);
  return build(r.features, r.labels, r.sequence, index);
}

function build(features: readonly ModalityArray[], labels: Float32Array, sequence: boolean[], index: Int32Array): Batch {
  const b = index.length;
  const x: tf.Tensor[] = [];
  const mask: (tf.Tensor | null)[] = [];
  features.forEach((f, m) => {
    const row = f.t * f.d;
    const vals = new Float32Array(b * row);
    for (let k = 0; k < b; k++) {
      const i = index[k] as number;
      vals.set(f.values.subarray(i * row, (i + 1) * row), k * row);
    }
    if (sequence[m]) {
      x.push(tf.tensor3d(vals, [b, f.t, f.d], 'float32'));
      const mv = new Float32Array(b * f.t);
      if (f.mask) {
        for (let k = 0; k < b; k++) {
          const i = index[k] as number;
          for (let t = 0; t < f.t; t++) mv[k * f.t + t] = f.mask[i * f.t + t] as number;
        }
      } else mv.fill(1);
      mask.push(tf.tensor2d(mv, [b, f.t], 'float32'));
    } else {
      x.push(tf.tensor2d(vals, [b, f.d], 'float32'));
      mask.push(null);
    }
  });
  const yv = new Float32Array(b);
  for (let k = 0; k < b; k++) yv[k] = labels[index[k] as number] as number;
  const y = tf.tensor1d(yv, 'float32');
  return {
    x,
    mask,
    y,
    index,
    dispose() {
      tf.dispose([...x, ...mask.filter((t): t is tf.Tensor => t !== null), y]);
    },
  };
}

/**
 * Yields mini-batches over a data set (or one split of it) or plain arrays: every selected
 * sample exactly once per pass, in storage order or a seeded shuffle (same seed, same order).
 * Tensors are created lazily per batch; the caller disposes each batch.
 *
 * @example
 * ```ts
 * for (const b of batches(ds, { batchSize: 64, shuffle: true, seed: deriveSeed(1, 'epoch', 0), split: 'train' })) {
 *   // ... model.call(b.x, b.mask) ...
 *   b.dispose();
 * }
 * ```
 */
export function batches(source: MultimodalDataset | BatchArrays, options: BatchOptions): Generator<Batch, void, undefined> {
  // Validate eagerly (a generator body would only run at the first `next()`).
  const r = resolve(source, options.split);
  const order = batchIndices(r.indices, options);
  return (function* () {
    for (const index of order) yield build(r.features, r.labels, r.sequence, index);
  })();
}

/**
 * Whether plain arrays of one modality are batched as a sequence (`[B, T, D]` with a `[B, T]`
 * mask) or as vectors (`[B, D]`): sequences have more than one step or a padding mask. The one
 * rule every batch builder follows (tensors here, shared-memory buffers of worker threads).
 *
 * @example
 * ```ts
 * isSequenceArray({ values, n: 8, t: 1, d: 16, mask: null }); // false: batched as [B, 16]
 * ```
 */
export function isSequenceArray(f: ModalityArray): boolean {
  return f.t > 1 || f.mask !== null;
}

/**
 * The row indices of each batch {@link batches} yields, in order: `indices` (default
 * `0 .. n-1`) shuffled by `seed` when `shuffle`, cut into batches of `batchSize`, the last
 * partial one dropped when `dropLast`. For code that builds its batches itself (e.g. from
 * shared memory) and must cut them exactly as {@link batches} does.
 *
 * @example
 * ```ts
 * for (const index of batchIndices(1447, { batchSize: 64, shuffle: true, seed: 1, dropLast: true })) console.log(index.length); // 64
 * ```
 */
export function batchIndices(indices: number | Int32Array, options: Omit<BatchOptions, 'split'>): Int32Array[] {
  assertInteger('batchSize', options.batchSize, 1);
  const order = typeof indices === 'number' ? Int32Array.from({ length: indices }, (_, i) => i) : indices.slice();
  if (options.shuffle) {
    if (options.seed === undefined) throw new OptionError('batches: `shuffle: true` needs a `seed` (derive one per epoch, e.g. deriveSeed(runSeed, "epoch", e))');
    new Rng(options.seed).fork('batches').shuffle(order);
  }
  const bs = options.batchSize;
  const out: Int32Array[] = [];
  for (let start = 0; start < order.length; start += bs) {
    const end = Math.min(order.length, start + bs);
    if (options.dropLast && end - start < bs) break;
    out.push(order.slice(start, end));
  }
  return out;
}

/**
 * Number of batches {@link batches} yields for `n` samples.
 *
 * @example
 * ```ts
 * batchCount(1447, 64, false); // 23
 * ```
 */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/**
 * A whole split (or the whole data set) as one batch of tensors, e.g. for evaluation.
 *
 * @example
 * ```ts
 * const test = splitBatch(ds, 'test'); // test.x[0]: [N_test, D_0]
 * test.dispose();
 * ```
 */
export function splitBatch(ds: MultimodalDataset, split?: SplitName): Batch {
  const r = resolve(ds, split);
  return build(r.features, r.labels, r.sequence, r.indices);
}

/**
 * A split's plain arrays (copies of its rows), without tensors: the cheap way to hand a split
 * to code that works on typed arrays (corruptions, linear baselines).
 *
 * @example
 * ```ts
 * const { features, labels } = splitArrays(ds, 'train');
 * ```
 */
export function splitArrays(ds: MultimodalDataset, split: SplitName): {
  /** The split's features per modality. */
  features: ModalityArray[];
  /** Its labels. */
  labels: Float32Array;
  /** Its sample ids. */
  ids: string[];
  /** Its row indices in the whole data set. */
  index: Int32Array;
} {
  const sub = ds.select(split);
  return { features: [...sub.features], labels: sub.labels, ids: [...sub.ids], index: ds.indices(split) };
}
