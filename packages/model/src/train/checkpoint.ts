/**
 * Per-epoch training checkpoints with exact resume. Layout of `dir`:
 * `epoch-NNNN/{model,optimizer,best}.safetensors` + `epoch-NNNN/trainer.json`, and
 * `latest.json` naming the newest complete epoch folder. An epoch folder is written completely
 * (each file atomically) before `latest.json` is replaced atomically, so a run killed at any
 * moment resumes from the last complete epoch; older folders are removed afterwards. Node only
 * (`@umq/model/node`); the trainer sees a {@link CheckpointStore}.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tf, decodedToTensor, StateError, type AdamW } from '@umq/core';
import { saveModuleState, loadModuleState, saveOptimizerState, loadOptimizerState, saveSafetensors, loadSafetensors, writeFileAtomic } from '@umq/core/node';
import type { HarnessModel } from '../types';
import type { CheckpointStore, LoadedCheckpoint, TrainerState } from './checkpoint-store';

/** Writes the checkpoint of a completed epoch. */
export function saveCheckpoint(dir: string, model: HarnessModel, optimizer: AdamW, state: TrainerState, best: Record<string, tf.Tensor> | null): void {
  const name = `epoch-${String(state.epoch).padStart(4, '0')}`;
  const sub = join(dir, name);
  mkdirSync(sub, { recursive: true });
  saveModuleState(sub, model, model.getConfig());
  saveOptimizerState(sub, optimizer, model);
  if (best) saveSafetensors(join(sub, 'best.safetensors'), best);
  writeFileAtomic(join(sub, 'trainer.json'), JSON.stringify(state));
  writeFileAtomic(join(dir, 'latest.json'), JSON.stringify({ dir: name, epoch: state.epoch }));
  for (const e of readdirSync(dir)) if (e.startsWith('epoch-') && e !== name) rmSync(join(dir, e), { recursive: true, force: true });
}

/** Loads the newest complete checkpoint into `model` and `optimizer`; null when there is none. */
export function loadCheckpoint(dir: string, model: HarnessModel, optimizer: AdamW): LoadedCheckpoint | null {
  const latest = join(dir, 'latest.json');
  if (!existsSync(latest)) return null;
  let pointer: { dir: string; epoch: number };
  try {
    pointer = JSON.parse(readFileSync(latest, 'utf8'));
  } catch (e) {
    throw new StateError(`${latest} is not valid JSON (${(e as Error).message}): delete the checkpoint folder to start afresh`);
  }
  if (typeof pointer?.dir !== 'string' || !/^epoch-\d+$/.test(pointer.dir)) throw new StateError(`${latest} does not name an epoch folder: delete the checkpoint folder to start afresh`);
  const sub = join(dir, pointer.dir);
  loadModuleState(sub, model);
  loadOptimizerState(sub, optimizer, model);
  let best: Record<string, tf.Tensor> | null = null;
  if (existsSync(join(sub, 'best.safetensors'))) {
    const file = join(sub, 'best.safetensors');
    const { tensors } = loadSafetensors(file);
    best = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, decodedToTensor(t, k, file)]));
  }
  const state = JSON.parse(readFileSync(join(sub, 'trainer.json'), 'utf8')) as TrainerState;
  return { state, best };
}

/**
 * The checkpoint store of a folder (what `train({ checkpointDir })` uses in Node): the layout
 * above, written with `saveCheckpoint` and read with `loadCheckpoint`.
 *
 * @param dir the checkpoint folder (created on the first save).
 * @example
 * ```ts
 * const store = directoryCheckpoints('runs/m1/checkpoints');
 * const resumed = store.load(model, optimizer); // null on a fresh folder
 * ```
 */
export function directoryCheckpoints(dir: string): CheckpointStore {
  return {
    location: join(dir, 'latest.json'),
    save: (model, optimizer, state, best) => saveCheckpoint(dir, model, optimizer, state, best),
    load: (model, optimizer) => loadCheckpoint(dir, model, optimizer),
  };
}
