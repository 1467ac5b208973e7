/**
 * Trust discounting of a view's opinion (Jøsang, "Subjective Logic", 2016, section 14.3.2,
 * probability-sensitive trust discounting), as used before fusion by Lu et al., "Navigating
 * Conflicting Views: Harnessing Trust for Learning" (ICML 2025; OverfitFlow/Trust4Conflict).
 */
import { tf, ShapeError } from '@umq/core';
import { assertEvidence } from './opinion';

/**
 * Discounts a view's evidence by a trust t in [0, 1] (the projected probability that the view
 * can be trusted). In opinion form: b' = t · b, u' = 1 − t · (1 − u) (belief moves to
 * uncertainty; t = 1 keeps the opinion, t = 0 makes it vacuous). In evidence form, with
 * E = Σ_k e_k: `e' = t K e / (K + (1 − t) E)`, which is what this computes. Differentiable in
 * both `evidence` and `trust`.
 *
 * @param evidence - `[..., K]` non-negative evidence
 * @param trust - `[...]` trust in [0, 1] per opinion (the evidence's leading shape), or a
 *   shape that broadcasts against it (e.g. a scalar)
 * @returns the discounted evidence `[..., K]`
 * @example
 * ```ts
 * // e = (2, 0), K = 2: b = (0.5, 0), u = 0.5; t = 0.5 -> b' = (0.25, 0), u' = 0.75 -> e' = (2/3, 0)
 * trustDiscount(tf.tensor2d([[2, 0]]), tf.tensor1d([0.5])); // [[0.6667, 0]]
 * ```
 */
export function trustDiscount(evidence: tf.Tensor, trust: tf.Tensor): tf.Tensor {
  const K = assertEvidence('trustDiscount', evidence);
  if (!(trust instanceof tf.Tensor) || trust.rank > evidence.rank - 1) {
    throw new ShapeError(`trustDiscount: \`trust\` must be a tensor of the evidence's leading shape [${evidence.shape.slice(0, -1).join(', ')}] (one trust per opinion), got ${trust instanceof tf.Tensor ? `[${trust.shape.join(', ')}]` : typeof trust}`);
  }
  return tf.tidy(() => {
    const t = tf.expandDims(trust, -1); // [..., 1]
    const total = tf.sum(evidence, -1, true); // E [..., 1]
    const denom = tf.add(K, tf.mul(tf.sub(1, t), total));
    return tf.div(tf.mul(tf.mul(t, K), evidence), denom);
  });
}
