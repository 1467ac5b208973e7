/**
 * A trained model on disk: `model.safetensors` (weights and buffers) and `config.json` (model
 * name, hyper-parameters, data shape, data set, feature scaler, training setting and seed), so
 * `umq eval` and `umq predict` can rebuild exactly the same model.
 */
import { saveModuleState, loadModuleState, readModuleConfig, StateError, OptionError, type Seed } from '@umq/core';
import { scalerFromJSON, scalerToJSON, type DatasetSpec, type ScalerJSON, type ScalerParams } from '@umq/datasets';
import { UMQModel } from './umq/umq-model';
import { buildModel, MODEL_NAMES, type DataShape, type ModelBuildOptions, type ModelName } from './models';
import { legacyOverrides, legacyParameterName } from './legacy-options';
import type { HarnessModel } from './types';
import type { EvalSetting } from './eval/settings';

/** The `config.json` of a saved model. */
export interface SavedModelConfig {
  /** Format tag of this file (`umq-model/1`: UMQ's options were flat, before issue 15; still read). */
  format: 'umq-model/2';
  /** The model name. */
  model: ModelName;
  /** The options it was built with. */
  options: ModelBuildOptions;
  /** Its modalities, task and output width. */
  shape: DataShape;
  /** The data set it was trained on. */
  dataset: DatasetSpec;
  /** The feature scaling fitted on the training split. */
  scaler: ScalerJSON;
  /** The corruption setting it was trained under. */
  setting: EvalSetting;
  /** The run seed. */
  seed: Seed;
  /** Test metrics at save time. */
  metrics?: Record<string, number | null>;
}

/**
 * Saves a trained model with everything needed to rebuild it.
 *
 * @example
 * ```ts
 * saveModel('runs/m1/model', model, { model: 'umq', options, shape, dataset, scaler, setting, seed: 1 });
 * ```
 */
export function saveModel(dir: string, model: HarnessModel, config: Omit<SavedModelConfig, 'format' | 'scaler'> & { scaler: ScalerParams }): void {
  // a UMQ model's resolved configuration is saved in full, so later changes of the defaults
  // do not change what a saved model rebuilds into
  const options: ModelBuildOptions = model instanceof UMQModel ? { ...model.config } : config.options;
  const full: SavedModelConfig = { ...config, options, format: 'umq-model/2', scaler: scalerToJSON(config.scaler) };
  saveModuleState(dir, model, full);
}

/**
 * Rebuilds a saved model and loads its weights; checks the config is one this version reads.
 *
 * @example
 * ```ts
 * const { model, config, scaler } = loadModel('runs/m1/model');
 * ```
 */
export function loadModel(dir: string): {
  /** The model with its weights. */
  model: HarnessModel;
  /** The saved configuration. */
  config: SavedModelConfig;
  /** The feature scaling to apply to new data. */
  scaler: ScalerParams;
} {
  const raw = readModuleConfig(dir) as Omit<Partial<SavedModelConfig>, 'format'> & { format?: unknown };
  if (raw.format !== 'umq-model/2' && raw.format !== 'umq-model/1') throw new StateError(`${dir}/config.json is not a saved umq model (format ${JSON.stringify(raw.format)}): pass the folder written by \`umq train --out DIR\` (DIR/model)`);
  if (!MODEL_NAMES.includes(raw.model as ModelName) || !raw.shape || !raw.scaler || typeof raw.options !== 'object' || raw.options === null) throw new StateError(`${dir}/config.json lacks model, options, shape or scaler: re-save the model`);
  const legacy = raw.format === 'umq-model/1' && (raw.model === 'umq' || raw.model === 'umq-oracle');
  const config = { ...raw, format: 'umq-model/2' } as SavedModelConfig;
  // UMQ's resolved options are complete, so any preset gives the same model; a version-1 file held the flat options of its day, read against the spec
  const options: ModelBuildOptions = legacy ? { preset: 'spec', ...legacyOverrides(raw.options as Record<string, unknown>) } : config.options;
  if (legacy) config.options = options;
  const model = buildModel(config.model, config.shape, { ...options, seed: config.seed });
  try {
    loadModuleState(dir, model, legacy ? { rename: legacyParameterName } : {});
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, config, scaler: scalerFromJSON(config.scaler) };
}

/**
 * Throws {@link OptionError} unless `data` has the modalities (count and widths) the saved model
 * was built for; `what` names the data and the use in the message.
 *
 * @example
 * ```ts
 * assertSameModalities(datasetShape(ds), config, 'the data', 'predict');
 * ```
 */
export function assertSameModalities(data: DataShape, config: SavedModelConfig, what: string, use: string): void {
  const want = config.shape.modalities;
  if (data.modalities.length !== want.length || data.modalities.some((m, i) => m.dim !== want[i].dim)) {
    const fmt = (ms: DataShape['modalities']) => ms.map((m) => `${m.name}:${m.dim}`).join(', ');
    throw new OptionError(`${what} has modalities ${fmt(data.modalities)} but the model was built for ${fmt(want)}: ${use} on data with the same features`);
  }
}
