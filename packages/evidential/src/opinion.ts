/**
 * Subjective-logic opinions from evidence: the Dirichlet distribution of evidential deep
 * learning (Sensoy et al. 2018) as TMC uses it (Han et al., ICLR 2021, Eq 1-3).
 */
import { tf, ShapeError } from '@umq/core';

/** The opinion a non-negative evidence vector defines (every tensor new, owned by the caller). */
export interface DirichletOpinion {
  /** Dirichlet parameters α = e + 1, `[..., K]`. */
  alpha: tf.Tensor;
  /** Dirichlet strength S = Σ_k α_k, `[...]`. */
  strength: tf.Tensor;
  /** Belief masses b = e / S, `[..., K]`. */
  belief: tf.Tensor;
  /** Uncertainty mass u = K / S in (0, 1], `[...]`; Σ_k b_k + u = 1. */
  uncertainty: tf.Tensor;
  /** Expected class probabilities α / S (the Dirichlet mean), `[..., K]`. */
  probability: tf.Tensor;
}

/** Checks that `evidence` has a class axis of at least 2 (the last axis). */
export function assertEvidence(fn: string, evidence: tf.Tensor, name = 'evidence'): number {
  if (!(evidence instanceof tf.Tensor) || evidence.rank < 1) {
    throw new ShapeError(`${fn}: \`${name}\` must be a tensor [..., K] of non-negative evidence, got ${evidence instanceof tf.Tensor ? 'a scalar' : typeof evidence}`);
  }
  const K = evidence.shape[evidence.rank - 1];
  if (K < 2) throw new ShapeError(`${fn}: \`${name}\` has ${K} class(es) on its last axis [${evidence.shape.join(', ')}]: the class axis must be last and K >= 2`);
  return K;
}

/**
 * The Dirichlet opinion of non-negative evidence e (e.g. `softplus` of a view's logits):
 * α = e + 1, S = Σ α, belief b = e / S, uncertainty u = K / S, expected probability α / S
 * (TMC Eq 1-3). Differentiable in `evidence`.
 *
 * @param evidence - `[..., K]`, entries >= 0, classes on the last axis
 * @returns the opinion's tensors (see {@link DirichletOpinion})
 * @example
 * ```ts
 * const o = dirichletOpinion(tf.tensor2d([[4, 0, 0]])); // S = 7
 * o.belief;       // [[4/7, 0, 0]]
 * o.uncertainty;  // [3/7]
 * o.probability;  // [[5/7, 1/7, 1/7]]
 * ```
 */
export function dirichletOpinion(evidence: tf.Tensor): DirichletOpinion {
  const K = assertEvidence('dirichletOpinion', evidence);
  return tf.tidy(() => {
    const alpha = tf.add(evidence, 1);
    const strength = tf.sum(alpha, -1, true); // [..., 1]
    const belief = tf.div(evidence, strength);
    const probability = tf.div(alpha, strength);
    const uncertainty = tf.squeeze(tf.div(K, strength), [-1]);
    return { alpha, strength: tf.squeeze(strength, [-1]), belief, uncertainty, probability };
  }) as unknown as DirichletOpinion;
}

/**
 * The evidence of an opinion: S = K / u, e = b · S (the inverse of {@link dirichletOpinion}).
 *
 * @param belief - `[..., K]` belief masses
 * @param uncertainty - `[...]` uncertainty masses in (0, 1]
 * @example
 * ```ts
 * evidenceFromOpinion(tf.tensor2d([[0.5, 0.25]]), tf.tensor1d([0.25])); // [[4, 2]]
 * ```
 */
export function evidenceFromOpinion(belief: tf.Tensor, uncertainty: tf.Tensor): tf.Tensor {
  const K = assertEvidence('evidenceFromOpinion', belief, 'belief');
  return tf.tidy(() => tf.mul(belief, tf.expandDims(tf.div(K, uncertainty), -1)));
}

/**
 * Evidential confidence 1 − u = Σ_k e_k / S: how much of a view's opinion is committed to some
 * class, in [0, 1); usable as a per-sample-modality quality signal.
 *
 * @param evidence - `[..., K]`, entries >= 0
 * @returns `[...]`
 * @example
 * ```ts
 * evidentialConfidence(tf.tensor2d([[8, 0], [0, 0]])); // [0.8, 0]
 * ```
 */
export function evidentialConfidence(evidence: tf.Tensor): tf.Tensor {
  const K = assertEvidence('evidentialConfidence', evidence);
  return tf.tidy(() => {
    const total = tf.sum(evidence, -1);
    return tf.div(total, tf.add(total, K));
  });
}
