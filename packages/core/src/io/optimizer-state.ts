/**
 * Optimizer state as bytes: an `optimizer.safetensors` holds the {@link AdamW} moments and step
 * counts under the module's dotted parameter names (tfjs variable names change between
 * processes), plus its hyperparameters and iteration count in the metadata, so training resumes
 * bit-exactly. Pure: the folder functions (`saveOptimizerState`, `loadOptimizerState`) are in
 * `@umq/core/node`.
 */
import { tf } from '../tf';
import { DataFormatError, StateError } from '../errors';
import type { Module } from '../nn/module';
import { AdamW } from '../optim/adamw';
import type { NamedTensor } from '../optim/adamw';
import { decodeSafetensors, decodedToTensor, encodeSafetensors } from './safetensors';

/**
 * File name of the optimizer state inside a checkpoint folder.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch(`/run/${OPTIMIZER_FILE}`)).arrayBuffer());
 * ```
 */
export const OPTIMIZER_FILE = 'optimizer.safetensors';
const SUFFIX: Record<string, string> = { m: 'exp_avg', v: 'exp_avg_sq', step: 'step' };

/** Options of {@link loadOptimizerStateFromBytes} and of `loadOptimizerState` (`@umq/core/node`). */
export interface LoadOptimizerStateOptions {
  /**
   * Accept a file saved with other beta1, beta2, epsilon, weightDecay or weightDecayMode (the optimizer keeps
   * its own). Default false: a difference is a {@link StateError}, since resuming would not
   * continue the same run.
   */
  allowConfigChange?: boolean;
  /** The file or URL named in error messages. Default `'optimizer.safetensors'` (the folder loader passes the path). */
  source?: string;
}

function variableNames(module: Module): Map<string, string> {
  return new Map(Object.entries(module.stateDict()).map(([dotted, v]) => [v.name, dotted]));
}

/**
 * Encodes an {@link AdamW}'s state for the parameters of `module` as safetensors bytes:
 * `<param>.exp_avg`, `<param>.exp_avg_sq` (F32) and `<param>.step` (I32), with metadata
 * `format: 'umq.AdamW'`, `config` (JSON) and `iterations`.
 *
 * @param optimizer the optimizer.
 * @param module the module it trains (its dotted parameter names key the state).
 * @example
 * ```ts
 * const bytes = encodeOptimizerState(optimizer, model); // the optimizer.safetensors of a checkpoint
 * ```
 */
export function encodeOptimizerState(optimizer: AdamW, module: Module): Uint8Array {
  const names = variableNames(module);
  const weights = optimizer.getWeightsSync();
  try {
    const out: Record<string, tf.Tensor> = {};
    for (const { name, tensor } of weights) {
      if (name === 'iter') continue;
      const slash = name.lastIndexOf('/');
      const dotted = names.get(name.slice(0, slash));
      if (dotted === undefined) {
        throw new StateError(`encodeOptimizerState: the optimizer holds state for variable ${name.slice(0, slash)}, which is not in the ${module.getClassName()} module: pass the module the optimizer trains`);
      }
      out[`${dotted}.${SUFFIX[name.slice(slash + 1)]}`] = tensor;
    }
    return encodeSafetensors(out, { format: 'umq.AdamW', config: JSON.stringify(optimizer.getConfig()), iterations: String(optimizer.iterations) });
  } finally {
    tf.dispose(weights.map((w) => w.tensor));
  }
}

/**
 * Restores an {@link AdamW}'s state from bytes written by {@link encodeOptimizerState} for the
 * same module structure (names and shapes are checked), and its learning rate and iteration
 * count.
 *
 * @param bytes the `optimizer.safetensors` bytes.
 * @param optimizer the optimizer to restore.
 * @param module the module it trains.
 * @param options `allowConfigChange` (default false) and the `source` named in errors.
 * @example
 * ```ts
 * loadModuleStateFromBytes(modelBytes, model);
 * loadOptimizerStateFromBytes(optimizerBytes, optimizer, model);
 * ```
 */
export function loadOptimizerStateFromBytes(bytes: Uint8Array, optimizer: AdamW, module: Module, options: LoadOptimizerStateOptions = {}): void {
  const path = options.source ?? OPTIMIZER_FILE;
  const { tensors, metadata } = decodeSafetensors(bytes, path);
  if (metadata.format !== 'umq.AdamW') throw new DataFormatError(`metadata.format is ${JSON.stringify(metadata.format)}, expected "umq.AdamW": this is not an AdamW state saved by saveOptimizerState`, path);
  let config: Record<string, number | string>;
  try {
    config = JSON.parse(metadata.config ?? '') as Record<string, number | string>;
  } catch {
    throw new DataFormatError('metadata.config is not valid JSON', path);
  }
  const iterations = Number(metadata.iterations);
  if (!Number.isInteger(iterations) || iterations < 0) throw new DataFormatError(`metadata.iterations must be a non-negative integer, got ${JSON.stringify(metadata.iterations)}`, path);
  const mine = optimizer.getConfig() as Record<string, number | string>;
  // files saved before the coupled mode existed hold decoupled (AdamW) state
  config.weightDecayMode ??= 'decoupled';
  const changed = ['beta1', 'beta2', 'epsilon', 'weightDecay', 'weightDecayMode'].filter((k) => config[k] !== mine[k]);
  if (changed.length && !options.allowConfigChange) {
    throw new StateError(`${path}: saved ${changed.map((k) => `${k}=${config[k]}`).join(', ')} but the optimizer has ${changed.map((k) => `${k}=${mine[k]}`).join(', ')}: build the AdamW with the saved options, or pass { allowConfigChange: true }`);
  }
  const byDotted = module.stateDict();
  const weights: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(iterations, 'int32') }];
  try {
    for (const [key, entry] of Object.entries(tensors)) {
      const dot = key.lastIndexOf('.');
      const suffix = Object.entries(SUFFIX).find(([, s]) => s === key.slice(dot + 1))?.[0];
      const variable = byDotted[key.slice(0, dot)];
      if (suffix === undefined) throw new DataFormatError(`unexpected entry ${JSON.stringify(key)}: expected <param>.exp_avg, .exp_avg_sq or .step`, path);
      if (!variable) throw new StateError(`${path}: holds state for ${key.slice(0, dot)}, which the ${module.getClassName()} module does not have: load it into the module it was saved with`);
      weights.push({ name: `${variable.name}/${suffix}`, tensor: decodedToTensor(entry, key, path) });
    }
    optimizer.setWeightsSync(weights);
  } finally {
    tf.dispose(weights.map((w) => w.tensor));
  }
  if (typeof config.learningRate === 'number') optimizer.learningRate = config.learningRate;
}
