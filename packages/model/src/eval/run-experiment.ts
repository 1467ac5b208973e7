/**
 * One experiment: a model trained and tested under one setting with one seed. Features are
 * standardised with training statistics before any corruption (so N(0, 1) noise has the
 * data's scale); training corruption is re-drawn every epoch, validation and test corruption
 * once per seed (spec: "Drawing corruptions during training").
 */
import type { Seed } from '@umq/core';
import { applyCorruption, corruptionSeed, type CorruptionProtocol } from '@umq/corruptions';
import type { MultimodalDataset, ScalerParams } from '@umq/datasets';
import { buildModel, type ModelName, type ModelBuildOptions } from '../models';
import { mergeOverrides } from '../umq/resolve';
import { train } from '../train/trainer';
import type { TrainOptions } from '../train/train-options';
import type { TrainResult } from '../train/epoch-record';
import { predict, type Predictions } from '../train/evaluate';
import type { HarnessModel } from '../types';
import type { SplitArrays } from '../train/split';
import { settingCorruptions, settingKey, type EvalSetting } from './settings';
import { prepareSplits, RECIPE_TRAINING, type RecipeName } from './recipes';
import { ensureValidation, kFoldSplit, type FoldSpec } from './validation';
import { taskMetrics, type MetricValues } from './task-metrics';
import { qualityDiagnostics, type QualityDiagnostics } from './quality-diagnostics';
import { qualityBuckets, type QualityBuckets } from './quality-buckets';
import type { AblationName } from '../umq/ablations';

/** One experiment. */
export interface ExperimentSpec {
  /** Model name. */
  model: ModelName;
  /** UMQ ablation (UMQ models only). Default 'full'. */
  ablation?: AblationName;
  /** Variant label for rows (e.g. a search trial); default the ablation or 'default'. */
  variant?: string;
  /** Corruption setting. */
  setting: EvalSetting;
  /** Run seed: initialisation, batch order, dropout and corruption draws. */
  seed: number;
  /** Per-experiment model overrides (a search trial), on top of the run's options. */
  modelOverrides?: ModelBuildOptions;
  /** Per-experiment training overrides (a search trial). */
  trainOverrides?: Omit<TrainOptions, 'seed'>;
  /** Cross-validation: train and validate on this fold of the training and validation samples ({@link kFoldSplit}); the test split is untouched. */
  fold?: FoldSpec;
}

/** One result row (`results.json`). */
export interface ResultRow {
  /** Model name. */
  model: ModelName;
  /** Variant (ablation or search label). */
  variant: string;
  /** Protocol name. */
  protocol: string;
  /** Protocol rate, or null (clean, hetero-mixed). */
  rate: number | null;
  /** Run seed. */
  seed: number;
  /** Test metrics. */
  metrics: MetricValues;
  /** The same metrics on the (equally corrupted) validation split, for model selection. */
  validMetrics?: MetricValues;
  /** Realised corruption rate of the test split (e.g. the missing rate reached). */
  realisedRate: number | null;
  /** Quality diagnostics (models with estimated quality, settings with a true quality). */
  quality?: QualityDiagnostics;
  /** Samples and correct predictions by true-quality bucket of the test split (settings that report quality). */
  qualityBuckets?: QualityBuckets;
  /** Mean estimated quality per modality on the test split (models with a quality estimate). */
  meanQuality?: number[];
  /** Share of top-k selections per expert, by quality configuration κ ('101' = modalities 1 and 3 above τ). */
  routing?: Record<string, number[]>;
  /** Epochs trained. */
  epochs: number;
  /** Epoch whose weights were kept (best validation loss). */
  bestEpoch: number;
  /** Wall-clock seconds of the run. */
  seconds: number;
}

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  /** Model hyper-parameters. */
  model?: ModelBuildOptions;
  /** Training options (seed is set from the spec), over the recipe's. */
  train?: Omit<TrainOptions, 'seed'>;
  /** How the data are split and scaled and models trained ({@link RecipeName}). Default 'default'. */
  recipe?: RecipeName;
}

/** Everything a trained experiment leaves: its row, the model (owned by the caller), the scaler, the test predictions. */
export interface TrainedExperiment {
  /** The result row. */
  row: ResultRow;
  /** The trained model (the caller disposes it). */
  model: HarnessModel;
  /** The feature scaling fitted on the training split. */
  scaler: ScalerParams;
  /** Predictions on the corrupted test split. */
  predictions: Predictions;
  /** The corrupted test split the predictions are for. */
  test: SplitArrays;
  /** Training history. */
  result: TrainResult;
}

/**
 * Share of top-k selections per expert, grouped by configuration κ (or 'all' without κ).
 *
 * @example
 * ```ts
 * const { topIndices, k, config } = predict(model, testSplit);
 * const shares = routingByConfig(topIndices!, k!, config ?? null, 3); // { '101': [0.2, 0.1, ...], ... }
 * ```
 */
export function routingByConfig(topIndices: Int32Array, k: number, config: Uint8Array | null, m: number, numExperts = Math.max(0, ...topIndices) + 1): Record<string, number[]> {
  const n = topIndices.length / k;
  const counts: Record<string, number[]> = {};
  for (let i = 0; i < n; i++) {
    const key = config ? Array.from(config.subarray(i * m, (i + 1) * m)).join('') : 'all';
    counts[key] ??= new Array(numExperts).fill(0);
    for (let j = 0; j < k; j++) counts[key][topIndices[i * k + j]] += 1;
  }
  for (const key of Object.keys(counts)) {
    const total = counts[key].reduce((a, b) => a + b, 0);
    counts[key] = counts[key].map((c) => c / total);
  }
  return counts;
}

/**
 * Trains and tests one model under one setting.
 *
 * @example
 * ```ts
 * const row = await runExperiment(ds, { model: 'late-fusion', setting: { kind: 'noise', rate: 0.3 }, seed: 1 });
 * ```
 */
export async function runExperiment(dataset: MultimodalDataset, spec: ExperimentSpec, options: ExperimentOptions = {}): Promise<ResultRow> {
  const done = await trainExperiment(dataset, spec, options);
  done.model.dispose();
  return done.row;
}

/**
 * Trains and tests one model under one setting and keeps the model (the caller disposes it):
 * what `umq train` runs.
 *
 * @example
 * ```ts
 * const { row, model } = await trainExperiment(ds, { model: 'umq', setting: { kind: 'clean' }, seed: 1 });
 * model.dispose();
 * ```
 */
export async function trainExperiment(dataset: MultimodalDataset, spec: ExperimentSpec, options: ExperimentOptions = {}): Promise<TrainedExperiment> {
  const t0 = Date.now();
  const recipe = options.recipe ?? 'default';
  const { dataset: ds, scaler, train: trainClean, valid: validClean, test: testClean, whole } = prepareSplits(spec.fold ? kFoldSplit(ensureValidation(dataset), spec.fold) : dataset, recipe, spec.seed);
  const prot = settingCorruptions(spec.setting);
  const label = JSON.stringify(spec.setting);
  const classes = ds.task.type === 'multiclass' ? ds.task.classes : 2;
  const corrupt = (split: SplitArrays, protocol: CorruptionProtocol, seed: Seed): { split: SplitArrays; realised: number | null } => {
    const r = applyCorruption(split.features, protocol, seed, protocol.kind === 'conflict' ? { labels: split.labels, classes, ...(protocol.donor === 'first' ? { donors: whole } : {}) } : {});
    return { split: { features: r.data, labels: split.labels, quality: r.quality }, realised: r.rate };
  };
  const valid = validClean ? corrupt(validClean, prot.valid, corruptionSeed(spec.seed, 'valid', label)).split : null;
  const test = corrupt(testClean, prot.test, corruptionSeed(spec.seed, 'test', label));
  const model = buildModel(spec.model, ds, { ...(mergeOverrides(options.model ?? {}, spec.modelOverrides ?? {}) as ModelBuildOptions), ablation: spec.ablation ?? 'full', seed: spec.seed });
  let result: TrainResult;
  try {
    result = await train(model, { train: (epoch) => corrupt(trainClean, prot.train, corruptionSeed(spec.seed, 'train', label, epoch)).split, valid }, { ...RECIPE_TRAINING[recipe], ...options.train, ...spec.trainOverrides, seed: spec.seed });
    const pred = predict(model, test.split, 256);
    const metrics = taskMetrics(model.task, pred.logits, pred.outDim, test.split.labels);
    const { protocol, rate } = settingKey(spec.setting);
    const row: ResultRow = {
      model: spec.model,
      variant: spec.variant ?? spec.ablation ?? 'default',
      protocol,
      rate,
      seed: spec.seed,
      metrics,
      realisedRate: test.realised,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      seconds: (Date.now() - t0) / 1000,
    };
    if (valid) {
      const vp = predict(model, valid, 256);
      row.validMetrics = taskMetrics(model.task, vp.logits, vp.outDim, valid.labels);
    }
    if (test.split.quality) row.qualityBuckets = qualityBuckets(model.task, pred.logits, pred.outDim, test.split.labels, test.split.quality);
    if (pred.quality) {
      row.meanQuality = pred.quality.map((q) => q.reduce((a, b) => a + b, 0) / Math.max(1, q.length));
      if (test.split.quality) row.quality = qualityDiagnostics(pred.quality, test.split.quality);
    }
    if (pred.topIndices && pred.k) row.routing = routingByConfig(pred.topIndices, pred.k, pred.config ?? null, model.numModalities, pred.numExperts);
    return { row, model, scaler, predictions: pred, test: test.split, result };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
