/**
 * The trainer's options and their defaults, in one place (the CLI's help and fallbacks read
 * them from here).
 */
import type { LrSchedule, Seed, WeightDecayMode } from '@umq/core';
import type { EpochRecord } from './epoch-record';
import type { RunnerSpec, StepRunner } from './step-runner';

/** What early stopping and the best-weights copy watch on the validation split. */
export type Monitor = 'loss' | 'metric';

/** Options of `train()`. */
export interface TrainOptions {
  /** Maximum epochs. Default 50. */
  epochs?: number;
  /** Batch size. Default 64 (Table 10: MOSI/MOSEI). */
  batchSize?: number;
  /** AdamW learning rate. Default 1e-3 (from-scratch training; spec section 11). */
  learningRate?: number;
  /** AdamW decoupled weight decay. Default 1e-4. */
  weightDecay?: number;
  /**
   * How weight decay applies: `'decoupled'` (AdamW) or `'coupled'` (L2 added to the gradient,
   * PyTorch's `Adam(weight_decay=...)`: the published recipe of TMC and RCML). Default 'decoupled'.
   */
  weightDecayMode?: WeightDecayMode;
  /**
   * Learning rate per epoch, `schedule(epoch)` (0-based; e.g. `warmupCosineSchedule` of
   * `@umq/core` with steps counted in epochs); replaces `learningRate`. Default none (constant).
   */
  schedule?: LrSchedule | null;
  /** Clip gradients to this global L2 norm; null = no clipping. Default null. */
  clipNorm?: number | null;
  /** Early stopping: epochs without validation improvement; null = off. Default 10. */
  patience?: number | null;
  /** Restore the best-validation weights at the end. Default true (needs a validation split). */
  restoreBest?: boolean;
  /** Drop the last partial batch of each epoch. Default true. */
  dropLast?: boolean;
  /** Seed of batch order and dropout. Default 0. */
  seed?: Seed;
  /** Folder for per-epoch checkpoints (atomic; Node only: a browser has no folders); null = none. Default null. */
  checkpointDir?: string | null;
  /** Continue from the checkpoint in `checkpointDir` when there is one. Default false. */
  resume?: boolean;
  /** JSONL file that receives one record per epoch (Node only; in a browser use `onEpoch`); null = none. Default null. */
  logFile?: string | null;
  /** Progress bar on stderr: default when stderr is a terminal (never in a browser). */
  progress?: boolean;
  /** Called after every epoch. */
  onEpoch?: (record: EpochRecord) => void;
  /**
   * Where and how each step runs: `{ kind: 'serial' }` (this thread), `{ kind:
   * 'encoder-workers', workers, split }` (the modality encoders in worker threads; see
   * docs/training-speed.md), or a {@link StepRunner} of your own. A runner that needs separate
   * encoders runs a model without them serially. Default serial.
   */
  runner?: RunnerSpec | StepRunner;
  /**
   * What early stopping and the best-weights copy watch on the validation split: 'loss' (the
   * task loss, lower is better) or 'metric' (the task's primary metric: accuracy for
   * classification, Acc2 (non-zero) for regression; higher is better, ties go to the lower
   * loss). Default 'loss'.
   */
  monitor?: Monitor;
  /**
   * Divergence check: training stops with a `DivergenceError` (naming the epoch, suggesting a
   * lower learning rate) when the loss is not finite, or when an epoch's mean training loss
   * exceeds this factor times the first batch's loss; the last good checkpoint is kept. null =
   * off. Default 10.
   */
  divergenceFactor?: number | null;
}

/** Every option with its default value (`onEpoch` and `progress` have none). */
export type ResolvedTrainOptions = Required<Omit<TrainOptions, 'onEpoch' | 'progress'>> & Pick<TrainOptions, 'onEpoch' | 'progress'>;

/**
 * The trainer's defaults.
 *
 * @example
 * ```ts
 * console.log(TRAIN_DEFAULTS.epochs, TRAIN_DEFAULTS.learningRate); // 50 0.001
 * ```
 */
export const TRAIN_DEFAULTS: Readonly<Omit<ResolvedTrainOptions, 'onEpoch' | 'progress'>> = Object.freeze({
  epochs: 50,
  batchSize: 64,
  learningRate: 1e-3,
  weightDecay: 1e-4,
  weightDecayMode: 'decoupled',
  schedule: null,
  clipNorm: null,
  patience: 10,
  restoreBest: true,
  dropLast: true,
  seed: 0,
  checkpointDir: null,
  resume: false,
  logFile: null,
  runner: { kind: 'serial' } as RunnerSpec,
  monitor: 'loss',
  divergenceFactor: 10,
});
