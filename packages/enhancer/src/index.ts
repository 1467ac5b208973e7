/**
 * `@umq/enhancer`: UMQ's modality decoupler (Eq 2-6), baseline representation (Eq 7),
 * quality enhancer (Eq 8) and enhancer loss (Eq 22). Representations are stacked
 * modality-major: `u [M, B, d]`, scores `q [M, B]`, baselines `b [M, d]`.
 *
 * @packageDocumentation
 */
export { ModalityDecoupler } from './decoupler';
export type { ModalityDecouplerOptions, DecouplerOutput } from './decoupler';
export { decouplingLosses } from './decoupling-losses';
export type { DecouplingLosses } from './decoupling-losses';
export { ModalityBaseline } from './baseline';
export type { ModalityBaselineOptions } from './baseline';
export { QualityEnhancer } from './quality-enhancer';
export type { QualityEnhancerOptions, EnhancerInputs, EnhancerOutput, AttendOptions } from './quality-enhancer';
export { enhancerLoss } from './enhancer-loss';
export type { EnhancerLoss } from './enhancer-loss';
