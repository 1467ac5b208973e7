/**
 * Beyond the paper (issue 17): how much each view's unimodal prediction agrees with the other
 * views'. A view replaced by another sample's (a conflicting view) or ruined by noise predicts
 * something the others do not; its own representation can look perfectly clean, so a quality
 * estimator that reads one view at a time cannot see it, but the other views can.
 */
import { tf, stopGradient, type TaskType } from '@umq/core';

/**
 * `A_m = mean_{n≠m} Σ_c p_m(c) p_n(c)`: the probability that view m's head and another view's
 * head, each sampled from its predicted distribution, name the same class, averaged over the
 * other views; `[M, B, out]` logits -> `[M, B]` in [0, 1], detached (no gradient reaches the
 * heads through it). Confident agreeing heads give about 1, a confident head that disagrees
 * with the others about 0, an uncertain head about 1/C. Binary heads are read as two classes;
 * regression heads have no distribution: every A_m is 1.
 *
 * @param headLogits - the unimodal heads' logits `[M, B, out]`, M >= 2
 * @param task - the heads' task
 * @example
 * ```ts
 * const a = headAgreement(heads.call(u), 'multiclass'); // [M, B]
 * ```
 */
export function headAgreement(headLogits: tf.Tensor, task: TaskType): tf.Tensor {
  return tf.tidy(() => {
    const [M, B] = headLogits.shape as [number, number, number];
    if (task === 'regression') return tf.ones([M, B]);
    const z = stopGradient(headLogits);
    const p = task === 'binary' ? tf.concat([tf.sigmoid(tf.neg(z)), tf.sigmoid(z)], -1) : tf.softmax(z); // [M, B, C]
    const total = tf.sum(p, 0, true); // [1, B, C]
    const withOthers = tf.sum(tf.mul(p, tf.sub(total, p)), -1); // Σ_{n≠m} p_m · p_n, [M, B]
    return tf.div(withOthers, M - 1);
  });
}
