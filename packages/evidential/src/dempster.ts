/**
 * The reduced Dempster rule of TMC (Han et al., "Trusted Multi-View Classification", ICLR 2021,
 * Definition 3.1), on evidence. Official code: hanmenghan/TMC, `TMC ICLR/model.py`
 * (`DS_Combin_two`, folded over the views by `DS_Combin`).
 */
import { tf, ShapeError } from '@umq/core';
import { assertEvidence } from './opinion';

/**
 * Combines two views' evidence by the reduced Dempster rule of TMC. In opinion form (b, u from
 * {@link dirichletOpinion}), with conflict C = Σ_{i≠j} b¹_i b²_j:
 * b_k = (b¹_k b²_k + b¹_k u² + b²_k u¹) / (1 − C), u = u¹u² / (1 − C), S = K / u, e = b · S.
 * Substituting b = e / S and u = K / S, the normaliser 1 − C cancels and the rule is exactly
 * `e = e¹ + e² + e¹ ⊙ e² / K`, which is what this computes (no division by 1 − C, so no
 * instability when the views conflict). Symmetric and associative.
 *
 * @param e1 - `[..., K]` non-negative evidence of the first view
 * @param e2 - `[..., K]` of the second (same shape)
 * @returns the combined evidence `[..., K]`
 * @example
 * ```ts
 * dempsterCombine(tf.tensor2d([[2, 0]]), tf.tensor2d([[1, 3]])); // [[2 + 1 + 1, 0 + 3 + 0]] = [[4, 3]]
 * ```
 */
export function dempsterCombine(e1: tf.Tensor, e2: tf.Tensor): tf.Tensor {
  const K = assertEvidence('dempsterCombine', e1, 'e1');
  assertEvidence('dempsterCombine', e2, 'e2');
  if (e1.shape.length !== e2.shape.length || e1.shape.some((d, i) => d !== e2.shape[i])) {
    throw new ShapeError(`dempsterCombine: \`e1\` [${e1.shape.join(', ')}] and \`e2\` [${e2.shape.join(', ')}] must have the same shape`);
  }
  return tf.tidy(() => tf.add(tf.add(e1, e2), tf.div(tf.mul(e1, e2), K)));
}

/** The views of a stack `[M, ..., K]` or a list, checked (M >= 1). */
export function viewList(fn: string, evidence: tf.Tensor | readonly tf.Tensor[]): tf.Tensor[] {
  if (Array.isArray(evidence)) {
    if (evidence.length === 0) throw new ShapeError(`${fn}: the list of views' evidence is empty: pass at least one view`);
    return [...evidence];
  }
  const stack = evidence as tf.Tensor;
  if (!(stack instanceof tf.Tensor) || stack.rank < 2) {
    throw new ShapeError(`${fn}: evidence must be a stack [M, ..., K] (views first) or a list of [..., K] tensors, got ${stack instanceof tf.Tensor ? `shape [${stack.shape.join(', ')}]` : typeof stack}`);
  }
  return tf.unstack(stack, 0);
}

/**
 * The reduced Dempster rule folded over the views in order, as TMC's `DS_Combin` does:
 * ((e¹ ⊕ e²) ⊕ e³) ⊕ ... (the rule is associative, so the order only changes rounding).
 *
 * @param evidence - a stack `[M, ..., K]` (views first) or a list of M tensors `[..., K]`
 * @returns the fused evidence `[..., K]`
 * @example
 * ```ts
 * const views = tf.stack([tf.tensor2d([[2, 0]]), tf.tensor2d([[1, 3]]), tf.tensor2d([[0, 0]])]); // [3, 1, 2]
 * dempsterFold(views); // [[4, 3]]: a view without evidence changes nothing
 * ```
 */
export function dempsterFold(evidence: tf.Tensor | readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const views = viewList('dempsterFold', evidence);
    let fused = views[0];
    for (let v = 1; v < views.length; v++) fused = dempsterCombine(fused, views[v]);
    return views.length === 1 ? tf.clone(fused) : fused;
  });
}
