/**
 * L_enh of UMQ Eq 22: the enhancer must restore corrupted high-quality representations.
 */
import { tf, stopGradient, assertNumberInRange, assertModalityScores, assertModalityStack } from '@umq/core';
import { checkSameShape } from './check';

/** Result of {@link enhancerLoss}. */
export interface EnhancerLoss {
  /** Mean over selected rows of `||ũ - sg(u)||^2`; 0 when none is selected (scalar). */
  loss: tf.Scalar;
  /** Fraction of rows with `sg(q) > τ` (scalar, no gradient). */
  selectedFraction: tf.Scalar;
}

/**
 * `L_enh = mean over {(m, i): sg(q_m^i) > τ} of ||Enh(AddNoise(u_m^i)) - sg(u_m^i)||^2`
 * (UMQ Eq 22), 0 when no row is selected.
 *
 * @param enhanced - the enhancer's output on the corrupted rows `[M, B, d]`.
 * @param clean - the clean representations u `[M, B, d]` (stop-gradiented here).
 * @param q - quality scores of the clean rows `[M, B]` (stop-gradiented here).
 * @param tau - quality threshold τ. Table 10: 0.5 (MOSI, SIMS, UR-FUNNY) or 0.6 (MOSEI, MUStARD).
 * @example
 * ```ts
 * const { noisy } = addNoise(u, rng.tfSeed()); // from @umq/quality, or any corruption
 * const out = enh.enhance(noisy, qNoisy, context);
 * const { loss, selectedFraction } = enhancerLoss(out, u, q, 0.5);
 * ```
 */
export function enhancerLoss(enhanced: tf.Tensor, clean: tf.Tensor, q: tf.Tensor, tau: number): EnhancerLoss {
  assertModalityStack('enhancerLoss', 'clean', clean, null, null);
  checkSameShape('enhancerLoss', 'enhanced', enhanced, clean);
  assertModalityScores('enhancerLoss', 'q', q, [clean.shape[0] as number, clean.shape[1] as number]);
  assertNumberInRange('enhancerLoss.tau', tau, 0, 1);
  return tf.tidy(() => {
    const sel = tf.step(tf.sub(stopGradient(q), tau)); // [M, B], 1 where q > τ
    const err = tf.sum(tf.square(tf.sub(enhanced, stopGradient(clean))), -1);
    const loss = tf.div(tf.sum(tf.mul(err, sel)), tf.maximum(tf.sum(sel), 1)) as tf.Scalar;
    return { loss, selectedFraction: tf.mean(sel) as tf.Scalar };
  });
}
