/**
 * The conflictive-consistency loss of ECML / RCML (Xu et al., "Reliable Conflictive Multi-View
 * Learning", AAAI 2024, Eq 11-12): the degree of conflict between every pair of views'
 * opinions. Official code: jiajunsi/RCML, `loss_function.py` (`get_dc_loss`).
 */
import { tf, ShapeError } from '@umq/core';
import { dirichletOpinion } from './opinion';

/**
 * The degree of conflict between views, averaged over the batch:
 * `mean_b Σ_i Σ_j pd(i, j) · cc(i, j)` over ordered pairs of views, where
 * pd(i, j) = Σ_k |p^i_k − p^j_k| / (2 (M − 1)) is the projected distance of the expected
 * probabilities p = α / S, and cc(i, j) = (1 − u^i)(1 − u^j) the conjunctive certainty. As in the
 * official code, every unordered pair is counted twice (i = j adds 0), so this is twice the sum
 * over unordered pairs. RCML adds it to the evidential loss with weight γ = 1. Differentiable in
 * `evidence` (|·| has gradient 0 where two views' probabilities tie exactly).
 *
 * @param evidence - `[M, B, K]` views' non-negative evidence (M >= 2)
 * @returns the scalar loss
 * @example
 * ```ts
 * // two views, one sample, K = 2: p¹ = (5/7, 2/7), u¹ = 2/7; p² = (2/7, 5/7), u² = 2/7
 * conflictiveConsistencyLoss(tf.tensor3d([[[4, 1]], [[1, 4]]])); // 2 · (3/7) · (5/7)² = 0.4373
 * ```
 */
export function conflictiveConsistencyLoss(evidence: tf.Tensor): tf.Scalar {
  const shape: readonly number[] = evidence instanceof tf.Tensor ? evidence.shape : [];
  if (shape.length !== 3 || shape[0] < 2 || shape[2] < 2) {
    throw new ShapeError(`conflictiveConsistencyLoss: \`evidence\` must be [M, B, K] with M >= 2 views and K >= 2 classes, got ${evidence instanceof tf.Tensor ? `[${evidence.shape.join(', ')}]` : typeof evidence}`);
  }
  const M = evidence.shape[0];
  return tf.tidy(() => {
    const { probability: p, uncertainty: u } = dirichletOpinion(evidence); // [M, B, K], [M, B]
    const diff = tf.abs(tf.sub(tf.expandDims(p, 0), tf.expandDims(p, 1))); // [M, M, B, K]
    const pd = tf.div(tf.sum(diff, -1), 2 * (M - 1)); // [M, M, B]
    const certainty = tf.sub(1, u); // [M, B]
    const cc = tf.mul(tf.expandDims(certainty, 0), tf.expandDims(certainty, 1)); // [M, M, B]
    return tf.mean(tf.sum(tf.mul(pd, cc), [0, 1])) as tf.Scalar;
  });
}
