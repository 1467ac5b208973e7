/**
 * `@umq/model`: the UMQ model assembled from `@umq/quality`, `@umq/enhancer` and `@umq/moe`
 * (each injectable), the early/late-fusion baselines, the trainer with its serial step runner,
 * the evaluation protocols, saved models read from bytes, and report tables and plots. This
 * entry runs in a browser; what needs Node (model folders, checkpoints, encoder worker threads,
 * sweeps, searches, the job queue, report files, the `umq` CLI) is in `@umq/model/node` (and, in
 * Node, exported here too through the `node` export condition).
 *
 * @packageDocumentation
 */
export { UMQModel } from './umq/umq-model';
export type { UMQModelOptions, UMQOutput } from './umq/umq-model';
export type { UMQConfig, UMQOverrides, UMQGroup, EncoderOptions, QualityOptions, DecouplingOptions, BaselineOptions, EnhancerOptions, MoEOptions, LatePathOptions, LossWeights, EncoderGradients, QualitySupervision } from './umq/options';
export { GROUP_DEFAULTS, SPEC_PRESET, PAPER_PRESET, DEFAULT_PRESET, PRESET_NAMES, preset } from './umq/presets';
export type { Preset, PresetName } from './umq/presets';
export { resolveUMQConfig, checkUMQConfig, mergeOverrides, setOption, optionPaths } from './umq/resolve';
export { ABLATIONS } from './umq/ablations';
export type { AblationName } from './umq/ablations';
export { LateFusionWeights, confidence } from './umq/late-fusion-weights';
export type { LateFusionWeighting, LateFusionWeightsOptions } from './umq/late-fusion-weights';
export type { UMQComponents, QualityEstimatorPart, UnimodalHeadsPart, DecouplerPart, BaselinePart, EnhancerPart, MoEPart } from './umq/components';
export { paperTrainingNoise } from './umq/training-noise';
export type { TrainingNoisePart, TrainingDraws, NoisyCopy } from './umq/training-noise';
export { scoreQuality } from './umq/stages/quality-stage';
export type { QualityScores, QualityStageOptions } from './umq/stages/quality-stage';
export { enhance } from './umq/stages/enhancement-stage';
export type { EnhancementParts, EnhancementInputs, Enhanced } from './umq/stages/enhancement-stage';
export { fuseAndRoute } from './umq/stages/fusion-stage';
export type { FusionParts, FusionInputs, Fused } from './umq/stages/fusion-stage';
export { addLatePath } from './umq/stages/late-path';
export { umqLossTerms } from './umq/loss-terms';
export type { UMQLossTerms, LossInputs } from './umq/loss-terms';
export { totalLoss, qualityObjective, termsForLog } from './umq/total-loss';
export type { ModalityInput, ModelBatch, ModelOutput, ForwardOptions, LossRequest, HarnessModel, EncoderSeparable } from './types';
export { isEncoderSeparable } from './types';
export { ModalityEncoders } from './encoders/modality-encoders';
export type { ModalityEncodersOptions, ModalityEncoder, LanguageProjection } from './encoders/modality-encoders';
export { VectorEncoder } from './encoders/vector-encoder';
export type { VectorEncoderOptions } from './encoders/vector-encoder';
export { SequenceEncoder } from './encoders/sequence-encoder';
export type { SequenceEncoderOptions } from './encoders/sequence-encoder';
export { EarlyFusion } from './baselines/early-fusion';
export type { EarlyFusionOptions } from './baselines/early-fusion';
export { LateFusion } from './baselines/late-fusion';
export type { LateFusionOptions } from './baselines/late-fusion';
export { QualityLateFusion } from './baselines/quality-late-fusion';
export type { QualityLateFusionOptions, LateWeighting } from './baselines/quality-late-fusion';
export { FeedForward } from './baselines/feed-forward';
export { UnimodalModel } from './baselines/unimodal';
export type { UnimodalModelOptions } from './baselines/unimodal';
export { TMC, TMC_DEFAULTS } from './baselines/tmc';
export type { TMCOptions } from './baselines/tmc';
export { ETMC, ETMC_DEFAULTS } from './baselines/etmc';
export type { ETMCOptions } from './baselines/etmc';
export { ECML, ECML_DEFAULTS } from './baselines/ecml';
export type { ECMLOptions } from './baselines/ecml';
export { TrustDiscountedFusion, ETF_DEFAULTS } from './baselines/etf';
export type { TrustDiscountedFusionOptions } from './baselines/etf';
export { EvidentialMultiView } from './baselines/evidential-multiview';
export type { EvidentialMultiViewOptions, TrustOptions } from './baselines/evidential-multiview';
export { QMF } from './baselines/qmf';
export type { QMFOptions } from './baselines/qmf';
export { PDF } from './baselines/pdf';
export type { PDFOptions } from './baselines/pdf';
export { LossHistory, historyRankingLoss } from './baselines/loss-history';
export { TrustReferee, refereeTargets } from './baselines/trust-referee';
export type { TrustRefereeOptions, TrustOpinion } from './baselines/trust-referee';
export { ViewClassifier } from './baselines/view-classifier';
export type { ViewClassifierOptions, ViewClassifierResult } from './baselines/view-classifier';
export type { FeedForwardOptions } from './baselines/feed-forward';
export { buildModel, datasetShape, MODEL_NAMES } from './models';
export type { ModelName, ModelBuildOptions, DataShape } from './models';
export { train } from './train/trainer';
export { TRAIN_DEFAULTS } from './train/train-options';
export type { TrainOptions, ResolvedTrainOptions, Monitor } from './train/train-options';
export type { TrainResult, TrainData, EpochRecord } from './train/epoch-record';
export { SerialRunner, applyStep } from './train/step-runner';
export type { StepRunner, RunnerSpec, RunnerStart, StepInfo, StepResult } from './train/step-runner';
export { createRunner } from './train/create-runner';
export { registerTrainPlatform } from './train/platform';
export type { TrainPlatform, RunnerFactory } from './train/platform';
export type { CheckpointStore, TrainerState } from './train/checkpoint-store';
export type { EncoderSplit } from './train/encoder-workers/messages';
export { readSlots, writeSlots, copyOptimizer } from './train/optimizer-slots';
export type { SlotState, NamedParameters } from './train/optimizer-slots';
export { splitBatches, splitSize, batchOf, labelBatch } from './train/split';
export type { SplitArrays, SplitBatch } from './train/split';
export { predict, evaluateLoss } from './train/evaluate';
export type { Predictions } from './train/evaluate';
export { predictionRecords } from './eval/prediction-records';
export type { PredictionRecord } from './eval/prediction-records';
export { loadModelFromBytes, savedModelConfig, modelFromSavedConfig, assertSameModalities } from './saved-model';
export type { SavedModelConfig, LoadedModel } from './saved-model';
export { settingCorruptions, settingsFor, settingKey, parseSetting, PROTOCOL_NAMES } from './eval/settings';
export type { EvalSetting, ProtocolName, SettingCorruptions } from './eval/settings';
export { taskMetrics, primaryMetric } from './eval/task-metrics';
export type { MetricValues } from './eval/task-metrics';
export { qualityDiagnostics } from './eval/quality-diagnostics';
export type { QualityDiagnostics } from './eval/quality-diagnostics';
export { runExperiment, trainExperiment, routingByConfig } from './eval/run-experiment';
export { ensureValidation, subsampleTrainPerClass } from './eval/validation';
export { prepareSplits, RECIPE_NAMES, RECIPE_TRAINING } from './eval/recipes';
export type { RecipeName, PreparedSplits } from './eval/recipes';
export type { ExperimentSpec, ExperimentOptions, ResultRow, TrainedExperiment } from './eval/run-experiment';
export { markdownTable, pairedTable, auilcTable, qualityTable, summaryCsv } from './report/tables';
export { summarizeRows } from './report/summarize';
export type { SummaryEntry } from './report/summarize';
export { linePlot, barChart } from './report/svg';
export type { Series, PlotOptions } from './report/svg';
