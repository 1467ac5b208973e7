/**
 * `@umq/quality`: the modality quality estimator of UMQ (Eq 1), the unimodal prediction heads
 * and the losses that train the estimator (Eq 16-21), plus AddNoise (Eq 19). Representations
 * are stacked modality-major: `u [M, B, d]`, scores `q [M, B]`.
 *
 * @packageDocumentation
 */
export { QualityEstimator } from './quality-estimator';
export type { QualityEstimatorOptions } from './quality-estimator';
export { UnimodalHeads, unimodalLoss } from './unimodal-heads';
export type { UnimodalHeadsOptions, UnimodalLoss } from './unimodal-heads';
export { addNoise } from './add-noise';
export type { NoisyRepresentation } from './add-noise';
export { lowQualityLoss } from './low-quality-loss';
export { highQualityLoss } from './high-quality-loss';
export type { HighQualityLoss } from './high-quality-loss';
export { rankLoss } from './rank-loss';
export type { RankLoss, RankPairs } from './rank-loss';
export { noiseRankLoss } from './noise-rank-loss';
export type { NoiseRankLoss } from './noise-rank-loss';
export { absoluteQualityLoss } from './absolute-quality-loss';
export { qualityLosses } from './quality-losses';
export type { QualityLabels, QualityLossOptions, QualityLossInputs, QualityLosses } from './quality-losses';
