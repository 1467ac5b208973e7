/**
 * `maskedMeanPool`: mean over valid time steps (UMQ Eq 28).
 */
import { tf } from '../tf';

/**
 * Mean of `x [B, T, d]` over the steps where `mask [B, T]` is 1; rows with no valid step give 0
 * (the divisor is clamped at 1, as the PyTorch reference). Without a mask, the plain mean.
 *
 * @example
 * ```ts
 * maskedMeanPool(tf.ones([2, 5, 8]), tf.ones([2, 5])); // [2, 8] of ones
 * ```
 */
export function maskedMeanPool(x: tf.Tensor, mask?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (!mask) return tf.mean(x, 1);
    const w = tf.expandDims(tf.cast(mask, x.dtype), -1); // [B, T, 1]
    const s = tf.sum(tf.mul(x, w), 1);
    return tf.div(s, tf.maximum(tf.sum(w, 1), 1));
  });
}
