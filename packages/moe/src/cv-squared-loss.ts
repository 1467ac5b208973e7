/**
 * Shazeer et al. 2017 ("Outrageously Large Neural Networks: The Sparsely-Gated
 * Mixture-of-Experts Layer"), section 4 and appendix A: the importance and load losses, both
 * the squared coefficient of variation of a per-expert quantity.
 */
import { tf } from '@umq/core';

/**
 * Squared coefficient of variation `Var(v) / (mean(v)^2 + 1e-10)` of a `[E]` vector
 * (population variance, as Shazeer's `cv_squared`).
 *
 * @example
 * ```ts
 * cvSquared(tf.tensor1d([1, 1, 1])); // 0
 * ```
 */
export function cvSquared(v: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(v);
    return tf.div(variance, tf.add(tf.square(mean), 1e-10)) as tf.Scalar;
  });
}

/**
 * Importance `Σ_i g_ij` per expert over the real rows: `[E]` (Shazeer 2017, Eq 6).
 *
 * @param probs - gate probabilities `g [B, E]`.
 * @param mask - optional `[B]` float row mask.
 * @example
 * ```ts
 * importance(tf.tensor2d([[0.7, 0.3], [0.4, 0.6]])); // [1.1, 0.9]
 * ```
 */
export function importance(probs: tf.Tensor, mask?: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(mask ? tf.mul(probs, tf.expandDims(mask, 1)) : probs, 0) as tf.Tensor1D);
}

function standardNormalCdf(z: tf.Tensor): tf.Tensor {
  return tf.mul(0.5, tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2))));
}

/**
 * Smooth load estimator of noisy top-k gating (Shazeer 2017, appendix A, Eq 8-10): the
 * probability that expert j would still be chosen for row i if only its noise were redrawn,
 * `P_ij = Φ((clean_ij - kth_excluding(noisy_i, k, j)) / std_ij)`, summed over the real rows.
 * The threshold is the (k+1)-th largest noisy logit when j is in the top k, else the k-th.
 * Differentiable in the clean logits, the noisy logits (through the thresholds) and the noise
 * std. With `k = E` every expert always receives every row and the result is the row count.
 *
 * @param clean - clean gate logits `[B, E]`.
 * @param noisy - noisy gate logits `[B, E]` (the ones the top-k was taken on).
 * @param noiseStd - noise standard deviations `[B, E]` (> 0).
 * @param k - experts per row.
 * @param mask - optional `[B]` float row mask.
 * @example
 * ```ts
 * const load = smoothLoad(clean, noisy, std, 2); // [E]
 * ```
 */
export function smoothLoad(clean: tf.Tensor, noisy: tf.Tensor, noiseStd: tf.Tensor, k: number, mask?: tf.Tensor): tf.Tensor1D {
  const [B, E] = noisy.shape as [number, number];
  if (k >= E) return tf.tidy(() => tf.fill([E], mask ? tf.sum(mask).dataSync()[0] : B) as tf.Tensor1D);
  const data = noisy.dataSync();
  // one-hot of the k-th and (k+1)-th largest per row, and the top-k mask (constants)
  const inTop = new Float32Array(B * E);
  const kth = new Float32Array(B * E);
  const k1th = new Float32Array(B * E);
  const order = Array.from({ length: E }, (_, j) => j);
  for (let b = 0; b < B; b++) {
    const off = b * E;
    const o = order.slice().sort((p, q) => data[off + q] - data[off + p] || p - q);
    for (let s = 0; s < k; s++) inTop[off + o[s]] = 1;
    kth[off + o[k - 1]] = 1;
    k1th[off + o[k]] = 1;
  }
  return tf.tidy(() => {
    const isIn = tf.tensor2d(inTop, [B, E]);
    const thrIn = tf.sum(tf.mul(noisy, tf.tensor2d(k1th, [B, E])), -1, true); // [B, 1]
    const thrOut = tf.sum(tf.mul(noisy, tf.tensor2d(kth, [B, E])), -1, true); // [B, 1]
    const pIn = standardNormalCdf(tf.div(tf.sub(clean, thrIn), noiseStd));
    const pOut = standardNormalCdf(tf.div(tf.sub(clean, thrOut), noiseStd));
    const p = tf.add(tf.mul(pIn, isIn), tf.mul(pOut, tf.sub(1, isIn))); // [B, E]
    return tf.sum(mask ? tf.mul(p, tf.expandDims(mask, 1)) : p, 0) as tf.Tensor1D;
  });
}
