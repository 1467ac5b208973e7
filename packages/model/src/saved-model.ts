/**
 * A trained model as files: `model.safetensors` (weights and buffers) and `config.json` (model
 * name, hyper-parameters, data shape, data set, feature scaler, training setting and seed), so
 * `umq eval`, `umq predict` and a web page can rebuild exactly the same model. This file is pure
 * (a browser loads fetched bytes with {@link loadModelFromBytes}); the folder functions
 * `saveModel` and `loadModel` are in `saved-model-files.ts` (Node).
 */
import { loadModuleStateFromBytes, parseModuleConfig, StateError, OptionError, type Seed } from '@umq/core';
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

/** A saved model rebuilt: the model with its weights, its configuration and its feature scaling. */
export interface LoadedModel {
  /** The model with its weights. */
  model: HarnessModel;
  /** The saved configuration. */
  config: SavedModelConfig;
  /** The feature scaling to apply to new data. */
  scaler: ScalerParams;
}

/** A saved model's configuration checked and its model built (weights not loaded yet). */
export interface RebuiltModel {
  /** The model, freshly initialised. */
  model: HarnessModel;
  /** The configuration (a version-1 file's options read against the spec). */
  config: SavedModelConfig;
  /** Whether the file is version 1 (its weights use the old names: load them with `legacyParameterName`). */
  legacy: boolean;
}

/**
 * The `config.json` content of a saved model: UMQ's resolved configuration in full (so later
 * changes of the defaults do not change what it rebuilds into), the scaler as JSON.
 *
 * @param model the trained model.
 * @param config what to record beside it.
 * @example
 * ```ts
 * const json = JSON.stringify(savedModelConfig(model, { model: 'umq', options, shape, dataset, scaler, setting, seed: 1 }));
 * ```
 */
export function savedModelConfig(model: HarnessModel, config: Omit<SavedModelConfig, 'format' | 'scaler'> & { scaler: ScalerParams }): SavedModelConfig {
  const options: ModelBuildOptions = model instanceof UMQModel ? { ...model.config } : config.options;
  return { ...config, options, format: 'umq-model/2', scaler: scalerToJSON(config.scaler) };
}

/**
 * Checks a parsed `config.json` and builds the (untrained) model it describes; reads version 1
 * (flat options) against the spec. `source` names the file in errors.
 *
 * @param raw the parsed file.
 * @param source the file named in errors.
 * @example
 * ```ts
 * const { model, config, legacy } = modelFromSavedConfig(JSON.parse(text), 'model/config.json');
 * ```
 */
export function modelFromSavedConfig(raw: Record<string, unknown>, source: string): RebuiltModel {
  const r = raw as Omit<Partial<SavedModelConfig>, 'format'> & { format?: unknown };
  if (r.format !== 'umq-model/2' && r.format !== 'umq-model/1') throw new StateError(`${source} is not a saved umq model (format ${JSON.stringify(r.format)}): pass the folder written by \`umq train --out DIR\` (DIR/model)`);
  if (!MODEL_NAMES.includes(r.model as ModelName) || !r.shape || !r.scaler || typeof r.options !== 'object' || r.options === null) throw new StateError(`${source} lacks model, options, shape or scaler: re-save the model`);
  const legacy = r.format === 'umq-model/1' && (r.model === 'umq' || r.model === 'umq-oracle');
  const config = { ...r, format: 'umq-model/2' } as SavedModelConfig;
  // UMQ's resolved options are complete, so any preset gives the same model; a version-1 file held the flat options of its day, read against the spec
  const options: ModelBuildOptions = legacy ? { preset: 'spec', ...legacyOverrides(r.options as Record<string, unknown>) } : config.options;
  if (legacy) config.options = options;
  return { model: buildModel(config.model, config.shape, { ...options, seed: config.seed }), config, legacy };
}

/**
 * Rebuilds a saved model from the bytes of its two files (e.g. fetched by a web page) and loads
 * its weights (names, shapes and dtypes checked); works in a browser. The same model as
 * `loadModel(dir)` of the Node entry.
 *
 * @param configText the text of `config.json`.
 * @param weights the bytes of `model.safetensors`.
 * @param source where the files came from, named in errors (e.g. `'models/umq/'`). Default `''`.
 * @example
 * ```ts
 * const get = (f: string) => fetch(`models/umq/${f}`);
 * const { model, config, scaler } = loadModelFromBytes(await (await get('config.json')).text(), new Uint8Array(await (await get('model.safetensors')).arrayBuffer()), 'models/umq/');
 * ```
 */
export function loadModelFromBytes(configText: string, weights: Uint8Array, source = ''): LoadedModel {
  const { model, config, legacy } = modelFromSavedConfig(parseModuleConfig(configText, `${source}config.json`), `${source}config.json`);
  try {
    loadModuleStateFromBytes(weights, model, { source: `${source}model.safetensors`, ...(legacy ? { rename: legacyParameterName } : {}) });
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
