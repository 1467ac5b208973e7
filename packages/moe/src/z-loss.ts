/**
 * The ST-MoE router z-loss.
 */
import { tf } from '@umq/core';
import { maskedMean } from './row-mask';

/**
 * Router z-loss (Zoph et al. 2022, ST-MoE, Eq 5): `mean_i (log Σ_j exp(logit_ij))^2`; keeps
 * gate logits small for numerical stability.
 *
 * @param logits - gate logits `[B, E]` (before the softmax).
 * @param mask - optional `[B]` float row mask.
 * @example
 * ```ts
 * routerZLoss(tf.tensor2d([[0, 0]])); // (ln 2)^2 = 0.4805
 * ```
 */
export function routerZLoss(logits: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => maskedMean(tf.square(tf.logSumExp(logits, -1)), mask));
}
