/**
 * UMQ Eq 12, the batch-level balance loss of the MQ-MoE gate.
 */
import { tf } from '@umq/core';

/**
 * Balance loss (UMQ Eq 12, "equal selection probabilities across all experts at the batch
 * level"): `L_bal = E · Σ_j (mean_i g_ij - 1/E)^2`, zero when the mean gate is uniform.
 *
 * @param probs - gate probabilities `g [B, E]` (rows sum to 1).
 * @param mask - optional `[B]` float row mask (1 = real row); the mean runs over real rows.
 * @example
 * ```ts
 * balanceLoss(tf.tensor2d([[0.9, 0.1], [0.1, 0.9]])); // 0 (balanced on average)
 * ```
 */
export function balanceLoss(probs: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const E = probs.shape[probs.rank - 1] as number;
    const mean = meanProbs(probs, mask); // [E]
    return tf.mul(tf.sum(tf.square(tf.sub(mean, 1 / E))), E) as tf.Scalar;
  });
}

/**
 * The mean gate probability per expert, `mean_i g_ij` over the real rows: `[E]`.
 *
 * @example
 * ```ts
 * meanProbs(tf.tensor2d([[0.9, 0.1], [0.3, 0.7]]), tf.tensor1d([1, 0])); // [0.9, 0.1]
 * ```
 */
export function meanProbs(probs: tf.Tensor, mask?: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    if (!mask) return tf.mean(probs, 0) as tf.Tensor1D;
    const m = tf.expandDims(mask, 1);
    return tf.div(tf.sum(tf.mul(probs, m), 0), tf.maximum(tf.sum(mask), 1)) as tf.Tensor1D;
  });
}
