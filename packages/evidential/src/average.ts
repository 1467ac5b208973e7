/**
 * Conflictive opinion aggregation of ECML / RCML (Xu et al., "Reliable Conflictive Multi-View
 * Learning", AAAI 2024, Definition 4 / Eq 7): averaging belief fusion, which on evidence is the
 * average of the views' evidence. Official code: jiajunsi/RCML, `model.py` (`RCML.forward`).
 */
import { tf } from '@umq/core';
import { viewList } from './dempster';

/**
 * The paper's aggregation: the mean of the views' evidence, `e = (1/M) Σ_m e^m`. For two
 * views this is exactly averaging belief fusion (b = (b¹u² + b²u¹)/(u¹ + u²),
 * u = 2u¹u²/(u¹ + u²)) in evidence form; for M views it weighs every view equally.
 *
 * @param evidence - a stack `[M, ..., K]` or a list of M tensors `[..., K]`
 * @returns `[..., K]`
 * @example
 * ```ts
 * evidenceAverage(tf.tensor3d([[[4, 0]], [[0, 2]]])); // [[2, 1]]
 * ```
 */
export function evidenceAverage(evidence: tf.Tensor | readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const views = viewList('evidenceAverage', evidence);
    return tf.div(tf.addN(views), views.length);
  });
}

/**
 * The released RCML code's aggregation: a sequential pairwise average in view order,
 * `e ← e¹; e ← (e^m + e) / 2` for m = 2..M. View m (1-based) gets weight 2^{−(M−m+1)}
 * for m >= 2 and the first view 2^{−(M−1)}: for six views 1/32, 1/32, 1/16, 1/8, 1/4, 1/2, so
 * the last view dominates. Equal to {@link evidenceAverage} for two views.
 *
 * @param evidence - a stack `[M, ..., K]` or a list of M tensors `[..., K]`
 * @returns `[..., K]`
 * @example
 * ```ts
 * sequentialEvidenceAverage(tf.tensor3d([[[4, 0]], [[0, 4]], [[8, 8]]])); // [[5, 5]]: ((4,0)+(0,4))/2 = (2,2), then ((8,8)+(2,2))/2
 * ```
 */
export function sequentialEvidenceAverage(evidence: tf.Tensor | readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const views = viewList('sequentialEvidenceAverage', evidence);
    let fused = views[0];
    for (let v = 1; v < views.length; v++) fused = tf.div(tf.add(views[v], fused), 2);
    return views.length === 1 ? tf.clone(fused) : fused;
  });
}
