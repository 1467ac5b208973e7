/**
 * L_noise of UMQ Eq 20: a corrupted copy must score below its original.
 */
import { tf, assertNumberInRange, assertModalityScores } from '@umq/core';

/** Result of {@link noiseRankLoss}. */
export interface NoiseRankLoss {
  /** `mean max(0, q(AddNoise(u)) - q(u) + μ)` (scalar). */
  loss: tf.Scalar;
  /** Fraction of rows whose hinge is active (scalar, no gradient). */
  hingeActive: tf.Scalar;
}

/**
 * `L_noise = mean max(0, q(AddNoise(u)) - q(u) + μ)` (UMQ Eq 20; AddNoise is Eq 19, see
 * {@link addNoise}). Gradients reach both scores.
 *
 * @param qNoisy - scores of the corrupted copies `[M, B]`.
 * @param qClean - scores of the originals `[M, B]`, row for row.
 * @param mu - margin μ. Paper (Table 10): 0.05 for MOSI, 0.1 otherwise.
 * @example
 * ```ts
 * const { loss } = noiseRankLoss(qe.call(addNoise(u, rng.tfSeed()).noisy), qe.call(u), 0.1);
 * ```
 */
export function noiseRankLoss(qNoisy: tf.Tensor, qClean: tf.Tensor, mu: number): NoiseRankLoss {
  const shape = assertModalityScores('noiseRankLoss', 'qNoisy', qNoisy);
  assertModalityScores('noiseRankLoss', 'qClean', qClean, shape);
  assertNumberInRange('noiseRankLoss.mu', mu, 0, Number.MAX_VALUE);
  return tf.tidy(() => {
    const h = tf.relu(tf.add(tf.sub(qNoisy, qClean), mu));
    return { loss: tf.mean(h) as tf.Scalar, hingeActive: tf.mean(tf.step(h)) as tf.Scalar };
  });
}
