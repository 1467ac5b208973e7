/**
 * `@umq/evidential`: evidential multi-view fusion on tfjs. A view's non-negative evidence
 * defines a Dirichlet opinion (belief, uncertainty u = K/S); views are combined by the reduced
 * Dempster rule of TMC or by the evidence averages of ECML/RCML, optionally after discounting
 * each view by a trust; training uses the evidential loss with an annealed KL term and the
 * conflictive-consistency loss. Evidence is laid out classes-last (`[..., K]`), view stacks
 * views-first (`[M, B, K]`). Depends only on `@umq/core`.
 *
 * @packageDocumentation
 */
export { digamma, lgamma } from './special-functions';
export { dirichletOpinion, evidenceFromOpinion, evidentialConfidence } from './opinion';
export type { DirichletOpinion } from './opinion';
export { dempsterCombine, dempsterFold } from './dempster';
export { evidenceAverage, sequentialEvidenceAverage } from './average';
export { fuseEvidence, EVIDENCE_FUSION_RULES } from './fuse-evidence';
export type { EvidenceFusionRule } from './fuse-evidence';
export { trustDiscount } from './trust-discount';
export { evidentialLoss, klToUniformDirichlet, annealingCoefficient } from './evidential-loss';
export type { EvidentialLossOptions } from './evidential-loss';
export { conflictiveConsistencyLoss } from './consistency-loss';
