/**
 * L_rank of UMQ Eq 18: a representation with a lower unimodal loss must score higher.
 */
import { tf, stopGradient, assertNumberInRange, assertOneOf, assertModalityScores } from '@umq/core';

/**
 * Which pairs Eq 18 compares: `'all'` (every pair of the M·B representations of the batch, so
 * scores are comparable across modalities; the spec's reading) or `'withinModality'`.
 */
export type RankPairs = 'all' | 'withinModality';

/** Result of {@link rankLoss}. */
export interface RankLoss {
  /** `mean over counted pairs of max(0, q^j - q^i + μ)`, 0 without pairs (scalar). */
  loss: tf.Scalar;
  /** Fraction of counted pairs whose hinge is active (> 0) (scalar, no gradient). */
  hingeActive: tf.Scalar;
}

/**
 * `L_rank = mean over pairs with sg(ℓ^i) < sg(ℓ^j) of max(0, q^j - q^i + μ)` (UMQ Eq 18).
 * O((M·B)^2) memory for `'all'`; fine for batch sizes of a few hundred.
 *
 * @param q - quality scores `[M, B]`.
 * @param ell - per-sample unimodal losses `[M, B]` (stop-gradiented here).
 * @param mu - margin μ. Paper (Table 10): 0.05 for MOSI, 0.1 otherwise.
 * @param pairs - pairs over all representations (default `'all'`) or within each modality.
 * @example
 * ```ts
 * const { loss, hingeActive } = rankLoss(q, ell, 0.1); // pairs over all M·B rows
 * ```
 */
export function rankLoss(q: tf.Tensor, ell: tf.Tensor, mu: number, pairs: RankPairs = 'all'): RankLoss {
  const [M, B] = assertModalityScores('rankLoss', 'q', q);
  assertModalityScores('rankLoss', 'ell', ell, [M, B]);
  assertNumberInRange('rankLoss.mu', mu, 0, Number.MAX_VALUE);
  assertOneOf('rankLoss.pairs', pairs, ['all', 'withinModality'] as const);
  return tf.tidy(() => {
    const N = M * B;
    const qf = tf.reshape(q, [N]);
    const lf = tf.reshape(stopGradient(ell), [N]);
    // [i, j]: 1 where ℓ_i < ℓ_j
    let pair = tf.step(tf.sub(tf.reshape(lf, [1, N]), tf.reshape(lf, [N, 1])));
    if (pairs === 'withinModality') {
      const block = new Float32Array(N * N);
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) block[i * N + j] = Math.floor(i / B) === Math.floor(j / B) ? 1 : 0;
      pair = tf.mul(pair, tf.tensor2d(block, [N, N]));
    }
    const hinge = tf.relu(tf.add(tf.sub(tf.reshape(qf, [1, N]), tf.reshape(qf, [N, 1])), mu)); // [i, j]: q_j - q_i + μ
    const n = tf.maximum(tf.sum(pair), 1);
    const loss = tf.div(tf.sum(tf.mul(hinge, pair)), n) as tf.Scalar;
    const hingeActive = tf.div(tf.sum(tf.mul(tf.step(hinge), pair)), n) as tf.Scalar;
    return { loss, hingeActive };
  });
}
