/**
 * The GShard / Switch Transformer load-balancing loss.
 */
import { tf } from '@umq/core';
import { meanProbs } from './balance-loss';

/**
 * Load-balancing loss of GShard (Lepikhin et al. 2020) and Switch Transformer (Fedus et al.
 * 2021, Eq 4): `E · Σ_j f_j P_j`, with `f_j` the fraction of routing slots sent to expert j
 * (`Σ_i sel_ij / (N k)`, so `Σ_j f_j = 1` before capacity drops) and `P_j = mean_i g_ij`.
 * Equals 1 under uniform routing. Gradient flows through `P` only (`f` is a count).
 *
 * @param probs - gate probabilities `g [B, E]`.
 * @param selection - `[B, E]` 0/1 dispatch mask (constant).
 * @param k - experts per row.
 * @param mask - optional `[B]` float row mask.
 * @example
 * ```ts
 * switchLoss(probs, selectionMask, 2);
 * ```
 */
export function switchLoss(probs: tf.Tensor, selection: tf.Tensor, k: number, mask?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const E = probs.shape[1] as number;
    const n = mask ? tf.maximum(tf.sum(mask), 1) : tf.scalar(probs.shape[0] as number);
    const sel = mask ? tf.mul(selection, tf.expandDims(mask, 1)) : selection;
    const f = tf.div(tf.sum(sel, 0), tf.mul(n, k)); // [E]
    return tf.mul(tf.sum(tf.mul(f, meanProbs(probs, mask))), E) as tf.Scalar;
  });
}
