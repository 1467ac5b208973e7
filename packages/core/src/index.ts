/**
 * `@umq/core`: the compute layer of the UMQ packages. It selects the tensor engine
 * ({@link initEngine}), provides fast differentiable ops and modules, seeded randomness
 * ({@link Rng}), named errors ({@link UmqError}) and model state as bytes (safetensors).
 * This entry runs in a browser; file IO is in `@umq/core/node` (and, in Node, exported here
 * too through the `node` export condition).
 *
 * @packageDocumentation
 */
export { tf } from './tf';
export { initEngine } from './engine-browser';
export { currentEngine, requireEngine } from './engine';
export type { EngineName, EngineInfo, EngineOptions, EnginePlatform, SkippedEngine, WasmPaths } from './engine';
export { UmqError, ShapeError, OptionError, DataFormatError, EngineError, StateError, NumericError, DivergenceError, WorkerError } from './errors';
export type { UmqErrorCode } from './errors';
export { assertNumberInRange, assertInteger, assertOneOf, assertShape, assertRank, assertModalityScores, assertModalityStack } from './validate';
export type { ModalityArray } from './data';
export { Rng, deriveSeed } from './random';
export type { Seed } from './random';
export { linear } from './ops/linear';
export { stopGradient } from './ops/stop-gradient';
export { l2Normalize, cosineSimilarity } from './ops/normalize';
export { maskedMeanPool } from './ops/pool';
export { sequencePacking, packSequence, unpackSequence, type SequencePacking } from './ops/sequence-packing';
export { layerNorm } from './ops/layer-norm';
export { dropout, dropoutMask, trainingDropout } from './ops/dropout';
export { batchMatMul } from './ops/batch-matmul';
export { setSimdKernels, simdKernelChoice, type SimdKernelChoice } from './kernels/choice';
export { wasmBatchGemm, wasmGemmAvailable, wasmGemmFlops, wasmGemmVariant, wasmGemmRelaxedUnavailableReason, setGemmVariant } from './kernels/wasm-gemm';
export type { GemmVariant, GemmVariantChoice } from './kernels/wasm-gemm';
export { readValues, tensorFromFill } from './kernels/backend-heap';
export { installLightSave, uninstallLightSave, shareData, lightReshape } from './kernels/light-save';
export { installLeanGradients, uninstallLeanGradients } from './kernels/lean-gradients';
export { installInPlaceSlices, uninstallInPlaceSlices } from './kernels/wasm-slice';
export { installBlockSums, uninstallBlockSums } from './kernels/wasm-sum';
export { conv1d } from './ops/conv1d';
export { seededRandomNormal, fillSeededNormal } from './ops/random-normal';
export { groupedLinear } from './ops/grouped-linear';
export { inputLinear } from './ops/input-linear';
export { perSampleTaskLoss } from './ops/task-loss';
export type { TaskType } from './ops/task-loss';
export { Module, EVAL } from './nn/module';
export type { CallContext } from './nn/module';
export { uniformInit } from './nn/init';
export { Linear } from './nn/linear';
export type { LinearOptions } from './nn/linear';
export { MLP, activate } from './nn/mlp';
export type { MLPOptions, Activation } from './nn/mlp';
export { GroupedLinear, GroupedMLP } from './nn/grouped';
export { DerivedTensor } from './nn/derived-tensor';
export type { GroupedLinearOptions, GroupedMLPOptions } from './nn/grouped';
export { ModalityMLPs, ModalityLinears } from './nn/modality';
export type { ModalityMLPsOptions, ModalityLinearsOptions } from './nn/modality';
export { LayerNorm } from './nn/layer-norm';
export type { LayerNormOptions } from './nn/layer-norm';
export { Conv1d } from './nn/conv1d';
export type { Conv1dOptions } from './nn/conv1d';
export { MultiHeadSelfAttention } from './nn/attention';
export type { MultiHeadSelfAttentionOptions, AttentionResult } from './nn/attention';
export { TransformerEncoderLayer } from './nn/transformer';
export type { TransformerEncoderLayerOptions } from './nn/transformer';
export { AdamW } from './optim/adamw';
export type { AdamWOptions, NamedTensor, WeightDecayMode } from './optim/adamw';
export { clipByGlobalNorm, clipScale, scaleGradients, squaredNorms, globalNorm } from './optim/clip';
export type { ClipOptions, ClipResult } from './optim/clip';
export { constantSchedule, warmupCosineSchedule, stepDecaySchedule } from './optim/schedules';
export type { LrSchedule, ConstantScheduleOptions, WarmupCosineScheduleOptions, StepDecayScheduleOptions } from './optim/schedules';
export { encodeSafetensors, decodeSafetensors, decodedToTensor } from './io/safetensors';
export type { SafetensorsEntry, DecodedTensor, DecodedSafetensors, DecodeOptions } from './io/safetensors';
export type { SafetensorsDtype, SafetensorsData } from './io/safetensors-dtypes';
export { encodeModuleState, loadModuleStateFromBytes, parseModuleConfig, MODEL_FILE, CONFIG_FILE } from './io/module-state';
export type { LoadModuleStateOptions, LoadModuleStateResult } from './io/module-state';
export { encodeOptimizerState, loadOptimizerStateFromBytes, OPTIMIZER_FILE } from './io/optimizer-state';
export type { LoadOptimizerStateOptions } from './io/optimizer-state';
