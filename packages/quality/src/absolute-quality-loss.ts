/**
 * The "without rank-guided training" ablation of UMQ Table 6: absolute quality labels.
 */
import { tf, stopGradient, assertModalityScores } from '@umq/core';

/**
 * `mean (q - exp(-sg(ℓ)))^2`: regresses the quality scores onto a fixed transform of the
 * unimodal loss instead of ranking them (the "w/o rank-guided training" ablation; spec
 * section 12). Used in place of Eq 18 (with the clean ℓ) and Eq 20 (with ℓ of the
 * corrupted copies).
 *
 * @param q - quality scores `[M, B]`.
 * @param ell - per-sample unimodal losses of the same rows `[M, B]` (stop-gradiented here).
 * @example
 * ```ts
 * const lAbs = absoluteQualityLoss(q, ell); // scalar
 * ```
 */
export function absoluteQualityLoss(q: tf.Tensor, ell: tf.Tensor): tf.Scalar {
  const shape = assertModalityScores('absoluteQualityLoss', 'q', q);
  assertModalityScores('absoluteQualityLoss', 'ell', ell, shape);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(q, tf.exp(tf.neg(stopGradient(ell)))))) as tf.Scalar);
}
