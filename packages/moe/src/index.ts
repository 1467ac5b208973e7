/**
 * `@umq/moe`: a mixture-of-experts layer for tfjs, general beyond UMQ: a top-k softmax gate
 * over `[x ; side]` (optionally noisy), dense or sparse dispatch, capacity limit,
 * padding-aware routing, and the routing losses of UMQ (Eq 12-14), Shazeer et al. 2017,
 * GShard/Switch and ST-MoE, all returned from `call` with the routing.
 *
 * @packageDocumentation
 */
export { MixtureOfExperts, DEFAULT_LOSS_WEIGHTS } from './mixture-of-experts';
export type { MixtureOfExpertsOptions, MoECallArgs, MoELosses, MoELossRequest, MoELossWeights, MoERouting, MoEResult } from './mixture-of-experts';
export { TopKGate } from './gate';
export type { TopKGateOptions, GateOutput } from './gate';
export { ExpertList, mlpExperts } from './experts';
export { StackedExperts } from './stacked-experts';
export type { StackedExpertsOptions } from './stacked-experts';
export type { ExpertModule, ExpertFactory, ExpertListOptions } from './experts';
export { denseDispatch, sparseDispatch, applyCapacity } from './dispatch';
export type { DispatchMode } from './dispatch';
export { constantTopK } from './top-k';
export type { TopKSelection } from './top-k';
export { rowMaskData, maskedMean } from './row-mask';
export type { RowMask } from './row-mask';
export { balanceLoss, meanProbs } from './balance-loss';
export { varianceLoss } from './variance-loss';
export { configConsistencyLoss } from './config-consistency-loss';
export type { ConfigConsistencyResult } from './config-consistency-loss';
export { cvSquared, importance, smoothLoad } from './cv-squared-loss';
export { switchLoss } from './switch-loss';
export { routerZLoss } from './z-loss';
