/**
 * `constantTopK`: top-k selection read on the host and returned as constant tensors.
 *
 * tfjs 4.22 has no gradient for `TopK`, and any `topk` whose input is on the gradient tape
 * breaks `tf.grad` ("gradient function not found for TopK") even when only its indices are
 * used. Reading the values once on the host and building the mask as a fresh tensor keeps
 * the selection off the tape; the gradient then flows through `mask * g`, exactly as
 * PyTorch's `g.topk(k)` + `scatter` does.
 */
import { tf, OptionError } from '@umq/core';

/** The selection made by {@link constantTopK}. */
export interface TopKSelection {
  /** `[B, E]` float32, 1 where an entry is among its row's k largest, else 0. Constant. */
  mask: tf.Tensor2D;
  /** `[B, k]` int32 indices of the k largest per row, largest first. Constant. */
  indices: tf.Tensor2D;
  /** The mask as host data (row-major `[B, E]`), for dispatch planning. */
  maskData: Float32Array;
  /** The indices as host data (row-major `[B, k]`). */
  indexData: Int32Array;
}

/**
 * Top-k of every row of a `[B, E]` tensor, as constants (no gradient path). Ties go to the
 * lower index, as `torch.topk` and `tf.topk` do on distinct values.
 *
 * @param x - `[B, E]` scores (any dtype convertible to float).
 * @param k - how many to keep per row, in `[1, E]`.
 * @example
 * ```ts
 * const { mask, indices } = constantTopK(tf.tensor2d([[0.1, 0.5, 0.4]]), 2);
 * // mask [[0, 1, 1]], indices [[1, 2]]
 * ```
 */
export function constantTopK(x: tf.Tensor, k: number): TopKSelection {
  if (x.rank !== 2) throw new OptionError(`constantTopK: expected a [B, E] tensor, got shape [${x.shape.join(', ')}]`);
  const [B, E] = x.shape as [number, number];
  if (!Number.isInteger(k) || k < 1 || k > E) throw new OptionError(`constantTopK: k must be an integer in [1, ${E}], got ${k}`);
  const v = x.dataSync();
  const maskData = new Float32Array(B * E);
  const indexData = new Int32Array(B * k);
  const order = new Int32Array(E);
  for (let b = 0; b < B; b++) {
    const off = b * E;
    for (let j = 0; j < E; j++) order[j] = j;
    // partial selection sort: k is small (3 or 4 in UMQ)
    for (let s = 0; s < k; s++) {
      let best = s;
      for (let j = s + 1; j < E; j++) {
        const a = v[off + order[j]];
        const c = v[off + order[best]];
        if (a > c || (a === c && order[j] < order[best])) best = j;
      }
      const t = order[s];
      order[s] = order[best];
      order[best] = t;
      indexData[b * k + s] = order[s];
      maskData[off + order[s]] = 1;
    }
  }
  return {
    mask: tf.tensor2d(maskData, [B, E], 'float32'),
    indices: tf.tensor2d(indexData, [B, k], 'int32'),
    maskData,
    indexData,
  };
}
