/**
 * `@umq/corruptions`: seeded noise and missing-modality corruption protocols of UMQ (Eq 19,
 * 29, 30, App. A.2/B.5) and CIDer (Sec. III-A and supplement: RMFM, traditional RMFM, RMM,
 * TMFM, STMFM, SMM), plus heterogeneous-quality protocols. Every protocol is a pure function
 * of (data, protocol, seed) that returns the masks it applied, the true per-sample-modality
 * quality and the realised rate, on typed arrays ({@link applyCorruption}) or tensors
 * ({@link applyCorruptionTensors}).
 *
 * @packageDocumentation
 */
export { applyCorruption, validateModalities } from './apply';
export { applyCorruptionTensors, disposeCorruptionTensors, modalityFromTensors } from './tensors';
export type { ModalityTensor, CorruptionTensorResult } from './tensors';
export { fillMissing } from './fill';
export { smmPatterns } from './modality-missing';
export { roundHalfEven } from './missing';
export { validateProtocol } from './validate-protocol';
export { describeProtocol, formatProtocol } from './describe';
export { parseProtocol } from './parse';
export { corruptionSeed } from './seeds';
export type { CorruptionSplit } from './seeds';
export { PROTOCOL_KINDS } from './protocol';
export type {
  CorruptionProtocol,
  CorruptionResult,
  CorruptionDetails,
  ModalityMasks,
  MissingFill,
  RateMode,
  CiderKind,
  CleanProtocol,
  GaussianProtocol,
  LaplaceProtocol,
  EraseProtocol,
  OtherNoisesProtocol,
  MissingProtocol,
  CiderProtocol,
  SmmProtocol,
  HeteroNoiseProtocol,
  HeteroMixedProtocol,
} from './protocol';
