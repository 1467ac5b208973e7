/**
 * Beyond the paper (issue 9): the quality-weighted late-fusion path added to the fused
 * prediction, `logits = P(o) + Σ_m w_m P_m(u_m)` with `w` from the quality scores.
 */
import { tf } from '@umq/core';
import type { LateFusionWeights } from '../late-fusion-weights';
import type { LatePathGate } from '../late-path-gate';

/**
 * `fused + Σ_m w_m · heads_m` (or, with a gate, `g fused + (1 - g) Σ_m w_m · heads_m`),
 * `w = weights(q, heads)` `[M, B]` (q detached inside).
 *
 * @param fused - the fused path's prediction `[B, out]`
 * @param q - quality scores `[M, B]`
 * @param headLogits - the unimodal heads' logits `[M, B, out]`
 * @example
 * ```ts
 * const logits = addLatePath(fusedLogits, new LateFusionWeights({ modalities: 3 }), q, headLogits); // [B, out]
 * ```
 */
export function addLatePath(fused: tf.Tensor, weights: LateFusionWeights, q: tf.Tensor, headLogits: tf.Tensor, gate: LatePathGate | null = null): tf.Tensor {
  return tf.tidy(() => {
    const w = weights.call(q, headLogits); // [M, B]
    const late = tf.sum(tf.mul(tf.expandDims(w, -1), headLogits), 0); // [B, out]
    return gate ? gate.mix(fused, late, q) : tf.add(fused, late);
  });
}
