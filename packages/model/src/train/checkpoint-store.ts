/**
 * What the trainer saves after every epoch and resumes from, as an interface: the trainer's own
 * state and where it goes. The folder implementation (`directoryCheckpoints`, Node) is in
 * `checkpoint.ts`; a browser app may give its own (IndexedDB, memory).
 */
import type { tf, AdamW } from '@umq/core';
import type { HarnessModel } from '../types';
import type { EpochRecord } from './epoch-record';

/** The trainer's own state, saved with every checkpoint. */
export interface TrainerState {
  /** Epochs completed. */
  epoch: number;
  /** Best validation epoch so far (-1 before any). */
  bestEpoch: number;
  /** Validation loss of the best epoch so far. */
  bestValidLoss: number | null;
  /** With `monitor: 'metric'`: the best validation score so far (absent in older checkpoints). */
  bestScore?: number | null;
  /** Epochs since the last improvement. */
  badEpochs: number;
  /** The loss of the first training batch: the divergence check's reference (absent in older checkpoints). */
  firstLoss?: number | null;
  /** Every epoch record so far. */
  history: EpochRecord[];
}

/** What a checkpoint gives back when a run resumes. */
export interface LoadedCheckpoint {
  /** The trainer's state after the checkpoint's epoch. */
  state: TrainerState;
  /** The best-validation weights so far (a copy the trainer owns), or null. */
  best: Record<string, tf.Tensor> | null;
}

/** Where a training run's per-epoch checkpoints go, and how it resumes from the newest. */
export interface CheckpointStore {
  /** Where the newest checkpoint is, for messages (e.g. `runs/x/checkpoints/latest.json`). */
  readonly location: string;
  /** Writes the checkpoint of a completed epoch (model, optimizer slots, trainer state, best weights). */
  save(model: HarnessModel, optimizer: AdamW, state: TrainerState, best: Record<string, tf.Tensor> | null): void;
  /** Loads the newest checkpoint into `model` and `optimizer`; null when there is none. */
  load(model: HarnessModel, optimizer: AdamW): LoadedCheckpoint | null;
}
