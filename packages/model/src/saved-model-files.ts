/**
 * A trained model in a folder (Node): `saveModel` writes `model.safetensors` and `config.json`,
 * `loadModel` rebuilds the model from them. The files' content is made and checked by the pure
 * functions of `saved-model.ts` ({@link savedModelConfig}, {@link modelFromSavedConfig}), which
 * a browser uses on fetched bytes ({@link loadModelFromBytes}).
 */
import { join } from 'node:path';
import { scalerFromJSON, type ScalerParams } from '@umq/datasets';
import { saveModuleState, loadModuleState, readModuleConfig } from '@umq/core/node';
import { legacyParameterName } from './legacy-options';
import { modelFromSavedConfig, savedModelConfig, type LoadedModel, type SavedModelConfig } from './saved-model';
import type { HarnessModel } from './types';

/**
 * Saves a trained model with everything needed to rebuild it.
 *
 * @param dir the folder (created if needed).
 * @param model the trained model.
 * @param config what to record beside it (data shape, data set, scaler, setting, seed).
 * @example
 * ```ts
 * saveModel('runs/m1/model', model, { model: 'umq', options, shape, dataset, scaler, setting, seed: 1 });
 * ```
 */
export function saveModel(dir: string, model: HarnessModel, config: Omit<SavedModelConfig, 'format' | 'scaler'> & { scaler: ScalerParams }): void {
  saveModuleState(dir, model, savedModelConfig(model, config));
}

/**
 * Rebuilds a saved model and loads its weights; checks the config is one this version reads.
 *
 * @param dir the folder written by {@link saveModel} (`umq train --out DIR`: `DIR/model`).
 * @example
 * ```ts
 * const { model, config, scaler } = loadModel('runs/m1/model');
 * ```
 */
export function loadModel(dir: string): LoadedModel {
  const { model, config, legacy } = modelFromSavedConfig(readModuleConfig(dir), join(dir, 'config.json'));
  try {
    loadModuleState(dir, model, legacy ? { rename: legacyParameterName } : {});
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, config, scaler: scalerFromJSON(config.scaler) };
}
