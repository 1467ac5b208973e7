/**
 * Optimizer checkpoints on disk: `<dir>/optimizer.safetensors`, made and checked by the pure
 * {@link encodeOptimizerState} and {@link loadOptimizerStateFromBytes} of `@umq/core`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Module } from '../nn/module';
import type { AdamW } from '../optim/adamw';
import { OPTIMIZER_FILE, encodeOptimizerState, loadOptimizerStateFromBytes, type LoadOptimizerStateOptions } from '../io/optimizer-state';
import { writeFileAtomic } from './atomic-write';
import { readFileBytes } from './safetensors-file';

/**
 * Saves an {@link AdamW}'s state for the parameters of `module` to `<dir>/optimizer.safetensors`
 * (atomically; see {@link encodeOptimizerState} for the layout).
 *
 * @example
 * ```ts
 * import { saveModuleState, saveOptimizerState } from '@umq/core/node';
 * saveModuleState('ckpt', model, config);
 * saveOptimizerState('ckpt', optimizer, model);
 * ```
 */
export function saveOptimizerState(dir: string, optimizer: AdamW, module: Module): void {
  const bytes = encodeOptimizerState(optimizer, module);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, OPTIMIZER_FILE), bytes);
}

/**
 * Restores an {@link AdamW}'s state saved by {@link saveOptimizerState} for the same module
 * structure (names and shapes are checked), and its learning rate and iteration count.
 *
 * @example
 * ```ts
 * import { loadModuleState, loadOptimizerState } from '@umq/core/node';
 * loadModuleState('ckpt', model);
 * loadOptimizerState('ckpt', optimizer, model);
 * ```
 */
export function loadOptimizerState(dir: string, optimizer: AdamW, module: Module, options: LoadOptimizerStateOptions = {}): void {
  const path = join(dir, OPTIMIZER_FILE);
  loadOptimizerStateFromBytes(readFileBytes(path), optimizer, module, { source: path, ...options });
}
