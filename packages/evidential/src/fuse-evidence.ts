/**
 * One entry point for the evidence fusion rules, chosen by name.
 */
import { tf, assertOneOf } from '@umq/core';
import { dempsterFold } from './dempster';
import { evidenceAverage, sequentialEvidenceAverage } from './average';

/**
 * How views' evidence is combined: `'dempster'` (TMC's reduced Dempster rule, folded),
 * `'average'` (ECML paper: mean evidence), `'sequential-average'` (RCML code: pairwise average
 * in view order).
 */
export type EvidenceFusionRule = 'dempster' | 'average' | 'sequential-average';

/**
 * Every fusion rule, in a stable order.
 *
 * @example
 * ```ts
 * for (const rule of EVIDENCE_FUSION_RULES) fuseEvidence(views, rule);
 * ```
 */
export const EVIDENCE_FUSION_RULES: readonly EvidenceFusionRule[] = ['dempster', 'average', 'sequential-average'];

/**
 * Fuses the views' evidence by the named rule ({@link dempsterFold}, {@link evidenceAverage} or
 * {@link sequentialEvidenceAverage}).
 *
 * @param evidence - a stack `[M, ..., K]` or a list of M tensors `[..., K]`
 * @param rule - the rule
 * @example
 * ```ts
 * fuseEvidence(tf.tensor3d([[[2, 0]], [[1, 3]]]), 'dempster'); // [[4, 3]]
 * fuseEvidence(tf.tensor3d([[[2, 0]], [[1, 3]]]), 'average');  // [[1.5, 1.5]]
 * ```
 */
export function fuseEvidence(evidence: tf.Tensor | readonly tf.Tensor[], rule: EvidenceFusionRule): tf.Tensor {
  assertOneOf('fuseEvidence rule', rule, EVIDENCE_FUSION_RULES);
  switch (rule) {
    case 'dempster':
      return dempsterFold(evidence);
    case 'average':
      return evidenceAverage(evidence);
    case 'sequential-average':
      return sequentialEvidenceAverage(evidence);
  }
}
