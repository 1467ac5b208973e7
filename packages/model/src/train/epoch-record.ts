/**
 * What training produces and consumes besides the model: the per-epoch record, the result,
 * and the data.
 */
import type { SplitArrays } from './split';

/** One epoch's log record (also a JSONL line). */
export interface EpochRecord {
  /** 0-based epoch. */
  epoch: number;
  /** Learning rate used. */
  lr: number;
  /** Mean of every loss term over the epoch's batches (weights not applied), and `L_total`, the mean objective. */
  train: Record<string, number>;
  /** Validation task loss (when a validation split exists). */
  validLoss: number | null;
  /** Validation score of the primary metric (with `monitor: 'metric'`). */
  validScore?: number;
  /** Whether this epoch is the best so far. */
  best: boolean;
  /** Seconds the epoch took. */
  seconds: number;
  /** Pre-clip global gradient norm, mean over batches (when clipping). */
  gradNorm?: number;
}

/** What `train()` returns. */
export interface TrainResult {
  /** Epochs run (including resumed ones). */
  epochs: number;
  /** Best validation epoch (or the last epoch without validation). */
  bestEpoch: number;
  /** Validation loss of the best epoch. */
  bestValidLoss: number | null;
  /** Every epoch record. */
  history: EpochRecord[];
  /** Whether early stopping ended training. */
  stoppedEarly: boolean;
}

/** Training data: the training split per epoch (so corruption can be re-drawn), validation fixed. */
export interface TrainData {
  /** The training split for an epoch; called once per epoch. */
  train: (epoch: number) => SplitArrays;
  /** The validation split, or null. */
  valid: SplitArrays | null;
}
