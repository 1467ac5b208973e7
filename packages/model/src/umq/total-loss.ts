/**
 * UMQ's training objective (Eq 23), a pure function of the loss terms and their weights, and
 * the flat names under which the trainer logs the terms.
 */
import { tf } from '@umq/core';
import type { LossWeights } from './options';
import type { UMQLossTerms } from './loss-terms';

/**
 * `L_qe` of Eq 21: the estimator's four losses, plus L_uni when `λ_uni` is null (the paper
 * folds the heads' loss into L_qe); null without an estimator.
 *
 * @example
 * ```ts
 * const lQe = qualityObjective(terms, { uni: null }); // L_low + L_high + L_rank + L_noise + L_uni
 * ```
 */
export function qualityObjective(terms: UMQLossTerms, weights: Pick<Required<LossWeights>, 'uni'>): tf.Scalar | null {
  if (!terms.quality) return null;
  return weights.uni === null && terms.uni ? (tf.add(terms.quality.total, terms.uni) as tf.Scalar) : terms.quality.total;
}

/**
 * Eq 23: `L = L_task + λ_uni L_uni + λ_dec L_dec + λ_qe L_qe + λ_enh L_enh + λ_moe L_moe`, plus
 * the beyond-paper terms when present (`λ_fused L_fused`, `λ_qsup L_qsup`). With `λ_uni` null,
 * L_uni sits inside L_qe (Eq 21, the paper). Absent terms (parts left out) add nothing.
 *
 * @example
 * ```ts
 * const loss = totalLoss(terms, DEFAULT_PRESET.lossWeights); // scalar
 * ```
 */
export function totalLoss(terms: UMQLossTerms, weights: Required<LossWeights>): tf.Scalar {
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [terms.task];
    const weighted = (t: tf.Tensor | null, w: number) => {
      if (t) parts.push(tf.mul(t, w));
    };
    weighted(terms.fusedPath, weights.fusedPath);
    weighted(qualityObjective(terms, weights), weights.qe);
    if (weights.uni !== null) weighted(terms.uni, weights.uni);
    weighted(terms.qualitySupervision, weights.qualitySupervision);
    weighted(terms.decoupling?.total ?? null, weights.dec);
    weighted(terms.enhancer, weights.enh);
    weighted(terms.moe?.total ?? null, weights.moe);
    return tf.addN(parts) as tf.Scalar;
  });
}

/**
 * The terms under the names the trainer logs (`L_task`, `L_qe`, `L_orth`, ...), for any model's
 * `ModelOutput.terms`. The caller owns the scalars (shared with `terms`, plus `L_qe` when it
 * includes L_uni).
 *
 * @example
 * ```ts
 * const logged = termsForLog(terms, weights); // { L_task, L_uni, L_low, ..., L_moe }
 * ```
 */
export function termsForLog(terms: UMQLossTerms, weights: Pick<Required<LossWeights>, 'uni'>): Record<string, tf.Scalar> {
  const out: Record<string, tf.Scalar> = { L_task: terms.task };
  if (terms.fusedPath) out.L_fused = terms.fusedPath;
  if (terms.uni) out.L_uni = terms.uni;
  if (terms.quality) Object.assign(out, { L_low: terms.quality.low, L_high: terms.quality.high, L_rank: terms.quality.rank, L_noise: terms.quality.noise, L_qe: qualityObjective(terms, weights)! });
  if (terms.qualitySupervision) out.L_qsup = terms.qualitySupervision;
  if (terms.decoupling) Object.assign(out, { L_dec: terms.decoupling.total, L_orth: terms.decoupling.orth, L_mi: terms.decoupling.mi, L_spec: terms.decoupling.spec, L_rec: terms.decoupling.rec });
  if (terms.enhancer) out.L_enh = terms.enhancer;
  if (terms.moe) Object.assign(out, { L_moe: terms.moe.total, L_bal: terms.moe.balance, L_var: terms.moe.variance, L_cfg: terms.moe.config });
  return out;
}
