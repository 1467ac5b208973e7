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
    const p = headProbabilities(headLogits, task); // [M, B, C]
    const total = tf.sum(p, 0, true); // [1, B, C]
    const withOthers = tf.sum(tf.mul(p, tf.sub(total, p)), -1); // Σ_{n≠m} p_m · p_n, [M, B]
    return tf.div(withOthers, M - 1);
  });
}

/**
 * {@link headAgreement} with each other view's say weighted by its quality:
 * `A_m = 1 - mean_{n≠m} q_n (1 - Σ_c p_m(c) p_n(c))`. A disagreement with a view the estimator
 * trusts (q_n near 1) counts in full, one with a view it does not (a missing or ruined view, q_n
 * near 0) not at all: with two views, a present view beside a missing one keeps its q, while the
 * missing one beside a present view loses it. With every q = 1 it is {@link headAgreement}.
 * `[M, B, out]` logits and q `[M, B]` -> `[M, B]` in [0, 1], detached.
 *
 * @param headLogits - the unimodal heads' logits `[M, B, out]`, M >= 2
 * @param q - the views' quality scores `[M, B]` (detached inside)
 * @param task - the heads' task
 * @example
 * ```ts
 * const a = trustedHeadAgreement(heads.call(u), q, 'multiclass'); // [M, B]
 * ```
 */
export function trustedHeadAgreement(headLogits: tf.Tensor, q: tf.Tensor, task: TaskType): tf.Tensor {
  return tf.tidy(() => {
    const [M, B] = headLogits.shape as [number, number, number];
    if (task === 'regression') return tf.ones([M, B]);
    const p = headProbabilities(headLogits, task); // [M, B, C]
    const pairs = tf.sum(tf.mul(tf.expandDims(p, 1), tf.expandDims(p, 0)), -1); // [M, N, B]: Σ_c p_m p_n
    const qs = tf.expandDims(stopGradient(q), 0); // [1, N, B]
    const doubt = tf.sum(tf.mul(qs, tf.sub(1, pairs)), 1); // Σ_n q_n (1 - p_m·p_n), [M, B], n = m included
    const self = tf.mul(stopGradient(q), tf.sub(1, tf.sum(tf.square(p), -1))); // the n = m term
    return tf.sub(1, tf.div(tf.sub(doubt, self), M - 1));
  });
}

/** The heads' class distributions `[M, B, C]` from detached logits (binary read as two classes). */
function headProbabilities(headLogits: tf.Tensor, task: TaskType): tf.Tensor {
  const z = stopGradient(headLogits);
  return task === 'binary' ? tf.concat([tf.sigmoid(tf.neg(z)), tf.sigmoid(z)], -1) : tf.softmax(z);
}
