/**
 * QMF's history-based ranking regulariser (Zhang et al., "Provable Dynamic Fusion for Low-Quality
 * Multimodal Data", ICML 2023; after Moon et al.'s Correctness Ranking Loss, ICML 2020).
 * Official code: QingyangZhang/QMF, `text-image-classification/src/utils/utils.py` (`History`)
 * and `train_qmf.py` / `train_df.py` (`rank_loss`).
 */
import { tf } from '@umq/core';

/**
 * Per training sample, the running sum of its loss over every step it was in (QMF's
 * `History.correctness`, which despite the name accumulates the cross-entropy), keyed by the
 * sample's index in the training split. Host memory, not part of the model's saved state: a
 * resumed run starts its history afresh.
 *
 * @example
 * ```ts
 * const h = new LossHistory();
 * h.add(Int32Array.from([0, 3]), Float32Array.from([0.7, 2.1]));
 * h.normalized(Int32Array.from([0, 3])); // [0.333, 1]: (sum − min) / (max − min) over all stored samples
 * ```
 */
export class LossHistory {
  private sums = new Float64Array(0);

  /** Adds each sample's loss to its running sum (indices >= 0; the store grows as needed). */
  add(index: ArrayLike<number>, losses: ArrayLike<number>): void {
    let top = 0;
    for (let i = 0; i < index.length; i++) top = Math.max(top, index[i] + 1);
    if (top > this.sums.length) {
      const grown = new Float64Array(Math.max(top, 2 * this.sums.length));
      grown.set(this.sums);
      this.sums = grown;
    }
    for (let i = 0; i < index.length; i++) this.sums[index[i]] += losses[i];
  }

  /**
   * The running sums of `index`, min-max normalised over every stored sample (QMF's
   * `correctness_normalize`, over its zero-initialised array of the training set's size; samples
   * not yet seen count as 0 here too); all 0 when every sum is equal.
   */
  normalized(index: ArrayLike<number>): Float32Array {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of this.sums) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const out = new Float32Array(index.length);
    if (!(hi > lo)) return out;
    for (let i = 0; i < index.length; i++) out[i] = (this.sums[index[i]] - lo) / (hi - lo);
    return out;
  }
}

/**
 * QMF's ranking loss between each sample and the next one in the batch (`torch.roll(·, −1)`):
 * with h the normalised loss histories, t = sign(h_i − h_{i+1}) and margin |h_i − h_{i+1}|,
 * `mean_i max(0, t · (c_i − c_{i+1}) − margin)`: a sample with the larger history of loss is
 * penalised for more confidence than its neighbour's plus the margin. (This is the official
 * `MarginRankingLoss(c_i, c_{i+1} + margin / t, −t)` written out; pairs with t = 0 cost 0.)
 * Differentiable in `confidence`.
 *
 * @param confidence - `[B]` confidences (QMF: the energy logsumexp(z)/10)
 * @param history - `[B]` normalised loss histories of the same samples
 * @returns the scalar loss
 * @example
 * ```ts
 * historyRankingLoss(tf.tensor1d([0.9, 0.2]), Float32Array.from([1, 0])); // pairs (0,1), (1,0): max(0, 0.7 − 1) + max(0, 0.7 − 1) = 0
 * ```
 */
export function historyRankingLoss(confidence: tf.Tensor, history: Float32Array): tf.Scalar {
  return tf.tidy(() => {
    const B = history.length;
    const next = Float32Array.from({ length: B }, (_, i) => history[(i + 1) % B]);
    const sign = new Float32Array(B);
    const margin = new Float32Array(B);
    for (let i = 0; i < B; i++) {
      sign[i] = Math.sign(history[i] - next[i]);
      margin[i] = Math.abs(history[i] - next[i]);
    }
    const c2 = tf.concat([tf.slice(confidence, [1], [B - 1]), tf.slice(confidence, [0], [1])]);
    const diff = tf.mul(tf.tensor1d(sign), tf.sub(confidence, c2));
    return tf.mean(tf.relu(tf.sub(diff, tf.tensor1d(margin)))) as tf.Scalar;
  });
}
