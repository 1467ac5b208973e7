/**
 * L_low of UMQ Eq 16: pure noise gets quality label 0.
 */
import { tf, assertModalityScores } from '@umq/core';

/**
 * `L_low = mean (σ(QE_m(ε)))^2` with `ε ~ N(0, I_d)` (UMQ Eq 16): the scores of pure-noise
 * representations regressed onto 0.
 *
 * @param qLow - quality scores of noise rows, `[M, N]` (e.g. `qe.call(tf.randomNormal([M, B, d]))`).
 * @returns the scalar loss.
 * @example
 * ```ts
 * const lLow = lowQualityLoss(qe.call(tf.randomNormal([3, 8, 16]))); // scalar
 * ```
 */
export function lowQualityLoss(qLow: tf.Tensor): tf.Scalar {
  assertModalityScores('lowQualityLoss', 'qLow', qLow);
  return tf.tidy(() => tf.mean(tf.square(qLow)) as tf.Scalar);
}
