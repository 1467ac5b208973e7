/**
 * `@umq/model`: the UMQ model assembled from `@umq/quality`, `@umq/enhancer` and `@umq/moe`
 * (each injectable), the early/late-fusion baselines, the trainer, the evaluation protocols,
 * sweeps and reports, and the `umq` CLI.
 *
 * @packageDocumentation
 */
export { UMQModel } from './umq/umq-model';
export type { UMQModelOptions } from './umq/umq-model';
export { LateFusionWeights, confidence } from './umq/late-fusion-weights';
export type { LateFusionWeighting, LateFusionWeightsOptions } from './umq/late-fusion-weights';
export type { UMQComponents, QualityEstimatorPart, UnimodalHeadsPart, DecouplerPart, BaselinePart, EnhancerPart, MoEPart } from './umq/components';
export { UMQ_DEFAULTS, ABLATIONS } from './options';
export type { UMQOptions, UMQHyperParameters, AblationName, MissingFill, RankPairs, LanguageProjection, QualitySupervision, EncoderGradients } from './options';
export { preset, PRESET_NAMES } from './presets';
export type { Preset, PresetName } from './presets';
export type { ModalityInput, ModelBatch, ModelOutput, ForwardOptions, HarnessModel } from './types';
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
export type { FeedForwardOptions } from './baselines/feed-forward';
export { buildModel, datasetShape, MODEL_NAMES } from './models';
export type { ModelName, ModelBuildOptions, DataShape } from './models';
export { train } from './train/trainer';
export type { TrainOptions, TrainResult, TrainData, EpochRecord } from './train/trainer';
export type { EncoderSplit } from './train/encoder-worker-protocol';
export { learningRateAt } from './train/schedule';
export type { LrSchedule } from './train/schedule';
export { splitBatches, splitSize } from './train/split';
export type { SplitArrays, SplitBatch } from './train/split';
export { predict, evaluateLoss } from './train/evaluate';
export type { Predictions } from './train/evaluate';
export { saveModel, loadModel, assertSameModalities } from './saved-model';
export type { SavedModelConfig } from './saved-model';
export { settingCorruptions, settingsFor, settingKey, parseSetting, PROTOCOL_NAMES } from './eval/settings';
export type { EvalSetting, ProtocolName, SettingCorruptions } from './eval/settings';
export { taskMetrics, primaryMetric } from './eval/task-metrics';
export type { MetricValues } from './eval/task-metrics';
export { qualityDiagnostics } from './eval/quality-diagnostics';
export type { QualityDiagnostics } from './eval/quality-diagnostics';
export { runExperiment, trainExperiment, routingByConfig } from './eval/run-experiment';
export { ensureValidation, subsampleTrainPerClass } from './eval/validation';
export type { ExperimentSpec, ExperimentOptions, ResultRow, TrainedExperiment } from './eval/run-experiment';
export { runSweep, runShard, planExperiments, readRows, rowKey } from './eval/sweep';
export type { SweepPlan, SweepOptions } from './eval/sweep';
export { runSearch, sampleTrials, DEFAULT_SEARCH_SPACE } from './eval/search';
export type { SearchPlan, SearchResult, SearchSpace, TrialConfig } from './eval/search';
export { writeReport, readResults } from './report/write';
export type { ResultsFile } from './report/write';
export { markdownTable, pairedTable, auilcTable, qualityTable, summaryCsv } from './report/tables';
export { summarizeRows } from './report/summarize';
export type { SummaryEntry } from './report/summarize';
export { linePlot, barChart } from './report/svg';
export type { Series, PlotOptions } from './report/svg';
export { main } from './cli/main';
