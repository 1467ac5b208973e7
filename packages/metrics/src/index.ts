/**
 * `@umq/metrics`: evaluation metrics of the UMQ framework with MMSA / scikit-learn / scipy
 * semantics, on plain arrays (no tensors, no dependencies).
 *
 * - Sentiment regression (MOSI / MOSEI, [-3, 3]): {@link regressionMetrics}: Acc7/5/3, Acc2
 *   and F1 in the "has0" and "non0" conventions, MAE, Corr.
 * - CH-SIMS ([-1, 1]): {@link simsMetrics}: Acc2/3/5, F1, MAE, Corr.
 * - Classification: {@link binaryMetrics}, {@link multiclassMetrics}, and the label-level
 *   {@link accuracy}, {@link weightedF1}, {@link macroF1}, {@link binaryF1}.
 * - Robustness curves: {@link auilc} (CIDer Eq 31).
 * - Over seeds: {@link aggregate}, {@link summarizeMetrics}, {@link formatMeanStd}.
 * - Diagnostics: {@link pearson}, {@link spearman}, {@link rocAuc}, {@link pairedDifference}.
 *
 * Undefined metrics are `null`, never NaN; bad input throws {@link MetricsError}
 * (`code: 'E_METRIC_INPUT'`).
 *
 * @packageDocumentation
 */
export { MetricsError } from './errors';
export type { NumberArray } from './validate';
export { roundHalfEven, clip } from './rounding';
export { accuracy, f1PerClass, weightedF1, macroF1, binaryF1 } from './f1';
export type { F1Options, ClassF1 } from './f1';
export { regressionMetrics } from './regression';
export type { RegressionMetrics } from './regression';
export { simsMetrics, simsClass, SIMS_EDGES } from './sims';
export type { SimsMetrics } from './sims';
export { binaryMetrics, multiclassMetrics } from './classification';
export type {
  BinaryInput,
  BinaryOptions,
  BinaryMetrics,
  MulticlassOptions,
  MulticlassMetrics,
} from './classification';
export { pearson, spearman, averageRanks } from './correlation';
export { rocAuc } from './roc-auc';
export { auilc } from './auilc';
export type { AuilcOptions } from './auilc';
export { aggregate, summarizeMetrics, formatMeanStd } from './aggregate';
export type {
  SeedValue,
  ValuesBySeed,
  Aggregate,
  RunMetrics,
  MetricSummary,
  SummarizeOptions,
} from './aggregate';
export { pairedDifference } from './paired';
export type { PairedDifference } from './paired';
