/**
 * Model checkpoints on disk: a folder with `model.safetensors` (every parameter and buffer of a
 * {@link Module}, under its dotted name) and `config.json` (the options it was built with). The
 * bytes are made and checked by the pure functions of `@umq/core` ({@link encodeModuleState},
 * {@link loadModuleStateFromBytes}, {@link parseModuleConfig}); this file only reads and writes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../errors';
import type { Module } from '../nn/module';
import {
  CONFIG_FILE, MODEL_FILE, encodeModuleState, loadModuleStateFromBytes, moduleConfigJson, parseModuleConfig,
  type LoadModuleStateOptions, type LoadModuleStateResult,
} from '../io/module-state';
import { writeFileAtomic } from './atomic-write';
import { readFileBytes } from './safetensors-file';

/**
 * Saves a module's parameters and buffers to `<dir>/model.safetensors` and `config` to
 * `<dir>/config.json`, each atomically (the folder is created if needed). The safetensors
 * metadata holds `format: 'umq'`, the module's `className`, and `extraMetadata`.
 *
 * @param dir the checkpoint folder.
 * @param module the module to save.
 * @param config the options the module was built with (JSON-serialisable), read back with {@link readModuleConfig}.
 * @param extraMetadata more string pairs for the safetensors metadata (e.g. `{ epoch: '3' }`).
 * @example
 * ```ts
 * import { saveModuleState } from '@umq/core/node';
 * const mlp = new MLP({ inFeatures: 4, hidden: 8, outFeatures: 1 });
 * saveModuleState('runs/best', mlp, mlp.getConfig(), { epoch: '12' });
 * ```
 */
export function saveModuleState(dir: string, module: Module, config: object, extraMetadata: Record<string, string> = {}): void {
  const json = moduleConfigJson(config, 'saveModuleState');
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, MODEL_FILE), encodeModuleState(module, extraMetadata));
  writeFileAtomic(join(dir, CONFIG_FILE), json);
}

/**
 * Reads `<dir>/config.json` as written by {@link saveModuleState}.
 *
 * @example
 * ```ts
 * import { readModuleConfig } from '@umq/core/node';
 * const mlp = new MLP(readModuleConfig('runs/best') as MLPOptions);
 * ```
 */
export function readModuleConfig(dir: string): Record<string, unknown> {
  const path = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(`cannot read the model config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): is ${dir} a folder written by saveModuleState?`, path, { cause: e });
  }
  return parseModuleConfig(text, path);
}

/**
 * Loads `<dir>/model.safetensors` into `module`, checking names (with `strict`), shapes and
 * dtypes first; a mismatch is a `StateError` with a fix hint and leaves the module
 * unchanged.
 *
 * @example
 * ```ts
 * import { readModuleConfig, loadModuleState } from '@umq/core/node';
 * const mlp = new MLP(readModuleConfig('runs/best') as MLPOptions);
 * loadModuleState('runs/best', mlp);
 * ```
 */
export function loadModuleState(dir: string, module: Module, options: LoadModuleStateOptions = {}): LoadModuleStateResult {
  const path = join(dir, MODEL_FILE);
  return loadModuleStateFromBytes(readFileBytes(path), module, { source: path, ...options });
}
