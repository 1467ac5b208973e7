/**
 * Padding-aware statistics: a row mask `[B]` (1 = real row, 0 = padding) turns every mean over
 * the batch into a mean over the real rows only.
 */
import { tf, ShapeError } from '@umq/core';

/** A row mask: a `[B]` tensor (bool or 0/1 numbers) or a plain array; 1/true = real row. */
export type RowMask = tf.Tensor | ArrayLike<number | boolean>;

/**
 * Reads a row mask into host 0/1 values, checking its length.
 *
 * @param mask - the mask, or undefined for "every row is real".
 * @param rows - the batch size B.
 * @param where - the caller's name, used in error messages.
 * @example
 * ```ts
 * rowMaskData([1, 1, 0], 3, 'MixtureOfExperts.call'); // Float32Array [1, 1, 0]
 * ```
 */
export function rowMaskData(mask: RowMask | undefined, rows: number, where: string): Float32Array | null {
  if (mask === undefined || mask === null) return null;
  let raw: ArrayLike<number | boolean>;
  if (mask instanceof tf.Tensor) {
    if (mask.rank !== 1 || mask.shape[0] !== rows) {
      throw new ShapeError(`${where}: \`mask\` must have shape [${rows}] (one entry per row), got [${mask.shape.join(', ')}]: pass a [B] row mask, 1 = real row`);
    }
    raw = mask.dataSync() as ArrayLike<number>;
  } else {
    raw = mask;
  }
  if (raw.length !== rows) {
    throw new ShapeError(`${where}: \`mask\` has ${raw.length} entries, but the batch has ${rows} rows: pass one entry per row, 1 = real row`);
  }
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = raw[i] ? 1 : 0;
  return out;
}

/**
 * The mean of `v [B]` over the real rows: `Σ m_i v_i / max(Σ m_i, 1)` (the plain mean without
 * a mask).
 *
 * @example
 * ```ts
 * maskedMean(tf.tensor1d([1, 2, 9]), tf.tensor1d([1, 1, 0])); // 1.5
 * ```
 */
export function maskedMean(v: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (!mask) return tf.mean(v) as tf.Scalar;
    return tf.div(tf.sum(tf.mul(v, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
