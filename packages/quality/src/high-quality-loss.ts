/**
 * L_high of UMQ Eq 17: representations the unimodal head fits almost perfectly get a label
 * above α.
 */
import { tf, stopGradient, assertNumberInRange, assertModalityScores } from '@umq/core';

/** Result of {@link highQualityLoss}. */
export interface HighQualityLoss {
  /** `mean over selected rows of max(0, α - q)`, 0 when no row is selected (scalar). */
  loss: tf.Scalar;
  /** Fraction of rows with `ℓ < θ` (scalar, no gradient). */
  selectedFraction: tf.Scalar;
}

/**
 * `L_high = mean over {(m, i): sg(ℓ_m^i) < θ} of max(0, α - q_m^i)` (UMQ Eq 17), 0 when no
 * representation is selected.
 *
 * @param q - quality scores `[M, B]`.
 * @param ell - per-sample unimodal losses ℓ `[M, B]` (stop-gradiented here).
 * @param theta - θ, the loss below which a representation counts as highest quality. Paper: 0.01.
 * @param alpha - α, the label of those representations. Paper: 0.95.
 * @example
 * ```ts
 * const { loss, selectedFraction } = highQualityLoss(q, ell, 0.01, 0.95);
 * ```
 */
export function highQualityLoss(q: tf.Tensor, ell: tf.Tensor, theta: number, alpha: number): HighQualityLoss {
  const shape = assertModalityScores('highQualityLoss', 'q', q);
  assertModalityScores('highQualityLoss', 'ell', ell, shape);
  assertNumberInRange('highQualityLoss.theta', theta, 0, Number.MAX_VALUE);
  assertNumberInRange('highQualityLoss.alpha', alpha, 0, 1);
  return tf.tidy(() => {
    const sel = tf.step(tf.sub(theta, stopGradient(ell))); // [M, B], 1 where ℓ < θ
    const n = tf.sum(sel);
    const loss = tf.div(tf.sum(tf.mul(tf.relu(tf.sub(alpha, q)), sel)), tf.maximum(n, 1)) as tf.Scalar;
    return { loss, selectedFraction: tf.mean(sel) as tf.Scalar };
  });
}
