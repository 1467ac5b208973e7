/**
 * A split as plain arrays (after any corruption), and the model batches cut from it (built on
 * `@umq/datasets`' batching, plus the true quality for oracle models).
 */
import { tf, ShapeError, type ModalityArray, type Seed } from '@umq/core';
import { batches, makeBatch, type Batch } from '@umq/datasets';
import type { ModelBatch } from '../types';

/** A split's data as typed arrays: what a protocol produces and the trainer consumes. */
export interface SplitArrays {
  /** Per modality features (`t = 1` for vectors). */
  features: ModalityArray[];
  /** Labels `[N]`. */
  labels: Float32Array;
  /** True per-sample-modality quality, per modality `[N]` (1 - r; 0 if missing), when known. */
  quality?: Float32Array[];
}

/** A model batch and the tensors to free after use. */
export interface SplitBatch extends ModelBatch {
  /** Sample indices of the rows. */
  index: Int32Array;
  /** Frees every tensor of the batch. */
  dispose(): void;
}

/**
 * Number of samples of a split (checked consistent).
 *
 * @example
 * ```ts
 * splitSize({ features: [text, audio], labels }); // labels.length
 * ```
 */
export function splitSize(split: SplitArrays): number {
  const n = split.labels.length;
  split.features.forEach((f, m) => {
    if (f.n !== n) throw new ShapeError(`modality ${m} has ${f.n} samples but there are ${n} labels: the split's arrays must be aligned`);
  });
  return n;
}

function withQuality(split: SplitArrays, b: Batch): SplitBatch {
  const out: SplitBatch = { x: b.x, mask: b.mask, y: b.y, index: b.index, dispose: () => b.dispose() };
  return addQuality(split, out);
}

function addQuality(split: SplitArrays, out: SplitBatch): SplitBatch {
  if (split.quality) {
    const b = { index: out.index, dispose: out.dispose };
    const m = split.quality.length;
    const n = b.index.length;
    const qb = new Float32Array(m * n);
    for (let k = 0; k < m; k++) for (let i = 0; i < n; i++) qb[k * n + i] = split.quality[k][b.index[i]];
    const q = tf.tensor2d(qb, [m, n]);
    out.quality = q;
    out.dispose = () => {
      b.dispose();
      q.dispose();
    };
  }
  return out;
}

/**
 * The model batch of rows `index` of a split (features, labels, and the true quality when the
 * split has it). The caller disposes it.
 *
 * @example
 * ```ts
 * const batch = batchOf(split, Int32Array.from([3, 1, 4])); ...; batch.dispose();
 * ```
 */
export function batchOf(split: SplitArrays, index: Int32Array): SplitBatch {
  return withQuality(split, makeBatch(split, index));
}

/**
 * The batch of rows `index` without features (`x` and `mask` empty): labels and true quality
 * only, for a runner whose features go elsewhere (encoder workers). The caller disposes it.
 *
 * @example
 * ```ts
 * const batch = labelBatch(split, index); // batch.y [B], batch.x []
 * ```
 */
export function labelBatch(split: SplitArrays, index: Int32Array): SplitBatch {
  const y = tf.tensor1d(Float32Array.from(index, (i) => split.labels[i]));
  return addQuality(split, { x: [], mask: [], y, index, dispose: () => y.dispose() });
}

/**
 * Model batches over a split: shuffled by `seed` when given, the last partial batch dropped when
 * `dropLast`. The caller disposes each batch.
 *
 * @example
 * ```ts
 * for (const b of splitBatches(split, 64, { seed: 1 })) { ...; b.dispose(); }
 * ```
 */
export function* splitBatches(split: SplitArrays, batchSize: number, options: { seed?: Seed; dropLast?: boolean } = {}): Generator<SplitBatch> {
  const n = splitSize(split);
  const shuffle = options.seed !== undefined;
  // Never drop the only batch of a split smaller than one batch.
  const dropLast = (options.dropLast ?? false) && n >= batchSize;
  for (const b of batches(split, { batchSize, shuffle, seed: options.seed, dropLast })) yield withQuality(split, b);
}
