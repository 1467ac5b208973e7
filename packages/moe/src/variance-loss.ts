/**
 * UMQ Eq 13, the per-sample variance hinge of the MQ-MoE gate.
 */
import { tf } from '@umq/core';
import { maskedMean } from './row-mask';

/**
 * Per-sample variance loss (UMQ Eq 13, "preventing uniform probabilities"):
 * `L_var = mean_i max(0, γ - Var_j g_ij)`, with the population variance over the E experts.
 *
 * Note (spec, section 6): a probability vector over E experts has variance at most
 * `(E-1)/E^2` (0.09 for E = 10), so for E >= 10 and the paper's γ = 0.1 the hinge is always
 * active and the term is a constant-pressure sharpening penalty. It is kept literal.
 *
 * @param probs - gate probabilities `g [B, E]`.
 * @param gamma - the variance floor γ (paper: 0.1).
 * @param mask - optional `[B]` float row mask (1 = real row).
 * @example
 * ```ts
 * varianceLoss(tf.tensor2d([[0.25, 0.25, 0.25, 0.25]]), 0.1); // 0.1 (uniform row: Var = 0)
 * ```
 */
export function varianceLoss(probs: tf.Tensor, gamma = 0.1, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const { variance } = tf.moments(probs, -1); // [B], population variance
    return maskedMean(tf.relu(tf.sub(gamma, variance)), mask);
  });
}
