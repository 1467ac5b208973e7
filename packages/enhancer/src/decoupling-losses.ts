/**
 * The four modality-decoupling losses of UMQ Eq 2-5 and their sum (Eq 6).
 */
import { tf, l2Normalize, assertNumberInRange, assertModalityStack } from '@umq/core';
import { checkSameShape } from './check';

/** Result of {@link decouplingLosses}. Per-modality terms are `[M]`; the rest are scalars. */
export interface DecouplingLosses {
  /** Eq 2, `mean_i (N(s)·N(c))^2` per modality, `[M]`. */
  orth: tf.Tensor1D;
  /** Eq 3, `mean_i [max(0, ||N(s)-N(u)||^2 - δ) + max(0, ||N(c)-N(u)||^2 - δ)]`, `[M]`. */
  mi: tf.Tensor1D;
  /** Eq 4, `(1/B^2) Σ_ij ||c_i - c_j||^2 = 2 Σ_dims Var_batch(c)`, `[M]`. */
  spec: tf.Tensor1D;
  /** Eq 5, `mean_i ||û_i - u_i||^2`, `[M]`. */
  rec: tf.Tensor1D;
  /** Eq 6, `L_dec = Σ_m (orth + mi + spec + rec)` (scalar). */
  total: tf.Scalar;
  /** Fraction of the 2·M·B hinges of Eq 3 that are active (> 0) (scalar, no gradient). */
  miHingeActive: tf.Scalar;
}

/**
 * The decoupling losses of UMQ Eq 2-6 for stacked tensors `u, s, c, uRec [M, B, d]`.
 * L_spec is computed in O(B·d) as twice the population batch variance summed over dims,
 * which equals the O(B^2·d) pairwise form of Eq 4.
 *
 * @param delta - δ of Eq 3, a hinge on the squared distance of L2-normalised vectors (in
 *   [0, 4]). Table 10: 0.2 (MOSI, MOSEI, MUStARD) or 0.1 (SIMS, UR-FUNNY).
 * @example
 * ```ts
 * const { s, c, reconstruction } = decoupler.call(u);
 * const { total, orth, mi, spec, rec } = decouplingLosses(u, s, c, reconstruction!, 0.2);
 * ```
 */
export function decouplingLosses(u: tf.Tensor, s: tf.Tensor, c: tf.Tensor, uRec: tf.Tensor, delta: number): DecouplingLosses {
  assertModalityStack('decouplingLosses', 'u', u, null, null);
  for (const [name, x] of [['s', s], ['c', c], ['uRec', uRec]] as const) checkSameShape('decouplingLosses', name, x, u);
  assertNumberInRange('decouplingLosses.delta', delta, 0, 4);
  return tf.tidy(() => {
    const nS = l2Normalize(s), nC = l2Normalize(c), nU = l2Normalize(u);
    const orth = tf.mean(tf.square(tf.sum(tf.mul(nS, nC), -1)), 1) as tf.Tensor1D;
    const dS = tf.sum(tf.square(tf.sub(nS, nU)), -1); // [M, B]
    const dC = tf.sum(tf.square(tf.sub(nC, nU)), -1);
    const hS = tf.relu(tf.sub(dS, delta)), hC = tf.relu(tf.sub(dC, delta));
    const mi = tf.mean(tf.add(hS, hC), 1) as tf.Tensor1D;
    const spec = tf.mul(2, tf.sum(tf.moments(c, 1).variance, -1)) as tf.Tensor1D;
    const rec = tf.mean(tf.sum(tf.square(tf.sub(uRec, u)), -1), 1) as tf.Tensor1D;
    const total = tf.sum(tf.addN([orth, mi, spec, rec])) as tf.Scalar;
    const miHingeActive = tf.div(tf.add(tf.mean(tf.step(hS)), tf.mean(tf.step(hC))), 2) as tf.Scalar;
    return { orth, mi, spec, rec, total, miHingeActive };
  });
}
