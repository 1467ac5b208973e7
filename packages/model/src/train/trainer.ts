/**
 * The trainer: AdamW, seeded batches, early stopping on the validation split, optional LR
 * schedule and gradient clipping, a checkpoint per epoch with exact resume, a JSONL log of
 * every epoch's loss terms, and optionally UMQ's encoders in worker threads.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { tf, AdamW, Rng, deriveSeed, requireEngine, assertInteger, assertNumberInRange, assertOneOf, NumericError, type Seed } from '@umq/core';
import type { HarnessModel } from '../types';
import { batchCount } from '@umq/datasets';
import { UMQModel } from '../umq/umq-model';
import { splitBatches, splitSize, type SplitArrays } from './split';
import { ProgressBar } from './progress';
import { learningRateAt, type LrSchedule } from './schedule';
import { loadCheckpoint, saveCheckpoint, type TrainerState } from './checkpoint';
import { evaluateLoss, predict } from './evaluate';
import { primaryMetric, taskMetrics } from '../eval/task-metrics';
import { EncoderWorkers, isEncoderEntry, withEncoderSlots } from './encoder-workers';
import { serialStep, encoderWorkerStep, type StepResult } from './train-step';
import type { EncoderSplit } from './encoder-worker-protocol';

/** Options of {@link train}. */
export interface TrainOptions {
  /** Maximum epochs. Default 50. */
  epochs?: number;
  /** Batch size. Default 64 (Table 10: MOSI/MOSEI). */
  batchSize?: number;
  /** AdamW learning rate. Default 1e-3 (from-scratch training; spec section 11). */
  learningRate?: number;
  /** AdamW decoupled weight decay. Default 1e-4. */
  weightDecay?: number;
  /** Learning-rate schedule over epochs. Default constant. */
  schedule?: LrSchedule;
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
  /** Folder for per-epoch checkpoints (atomic); null = none. Default null. */
  checkpointDir?: string | null;
  /** Continue from the checkpoint in `checkpointDir` when there is one. Default false. */
  resume?: boolean;
  /** JSONL file that receives one record per epoch; null = none. Default null. */
  logFile?: string | null;
  /** Progress bar on stderr: default when stderr is a terminal. */
  progress?: boolean;
  /** Called after every epoch. */
  onEpoch?: (record: EpochRecord) => void;
  /**
   * Run UMQ's modality encoders in this many worker threads (one tfjs engine each; modalities
   * balanced over them, at most one worker per modality), the rest of the model on this thread.
   * The same math as serial training, except that each encoder draws its dropout masks from its
   * own stream (`deriveSeed(seed, 'dropout', epoch, 'encoder', m)`), so with dropout > 0 the
   * runs differ from serial ones (they do not depend on the number of workers). It pays off
   * for sequence encoders on a machine with idle cores; see docs/training-speed.md. Only
   * {@link UMQModel}s have separate encoders: for other models the option is ignored. Default 0
   * (serial).
   */
  encoderWorkers?: number;
  /**
   * How {@link TrainOptions.encoderWorkers} divide the encoders' work: 'modalities' (each
   * worker owns some modalities' encoders, balanced by parameter count; no gradient crosses
   * between workers) or 'rows' (every worker holds every encoder and encodes its slice of the
   * batch rows; the workers sum their gradients before each update, so the work is split
   * evenly whatever the modalities' sizes). With 'rows' the dropout streams are per part
   * (`deriveSeed(seed, 'dropout', epoch, 'encoder', m, 'rows', part, parts)`), so runs depend
   * on the number of workers; with dropout 0 both equal serial training up to float rounding.
   * Default 'modalities'.
   */
  encoderSplit?: EncoderSplit;
  /**
   * What early stopping and the best-weights copy watch on the validation split: 'loss' (the
   * task loss, lower is better) or 'metric' (the task's primary metric: accuracy for
   * classification, Acc2 (non-zero) for regression; higher is better, ties go to the lower
   * loss). Default 'loss'. A model whose validation loss turns up while its accuracy still
   * improves (overconfidence) is stopped too early under 'loss'.
   */
  monitor?: 'loss' | 'metric';
}

/** One epoch's log record (also a JSONL line). */
export interface EpochRecord {
  /** 0-based epoch. */
  epoch: number;
  /** Learning rate used. */
  lr: number;
  /** Mean of every loss term over the epoch's batches (weights not applied). */
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

/** What {@link train} returns. */
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

/**
 * Trains a model with AdamW.
 *
 * @example
 * ```ts
 * const result = await train(model, { train: () => trainSplit, valid: validSplit }, { epochs: 30, seed: 1 });
 * ```
 */
export async function train(model: HarnessModel, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  requireEngine();
  const o = {
    epochs: 50, batchSize: 64, learningRate: 1e-3, weightDecay: 1e-4, schedule: { kind: 'constant' } as LrSchedule, clipNorm: null as number | null,
    patience: 10 as number | null, restoreBest: true, dropLast: true, seed: 0 as Seed, checkpointDir: null as string | null, resume: false,
    logFile: null as string | null, progress: undefined as boolean | undefined, encoderWorkers: 0, encoderSplit: 'modalities' as EncoderSplit, monitor: 'loss' as 'loss' | 'metric', ...options,
  };
  assertOneOf('train.monitor', o.monitor, ['loss', 'metric'] as const);
  assertInteger('train.epochs', o.epochs, 1);
  assertInteger('train.batchSize', o.batchSize, 1);
  assertNumberInRange('train.learningRate', o.learningRate, 0, 10);
  assertInteger('train.encoderWorkers', o.encoderWorkers, 0);
  assertOneOf('train.encoderSplit', o.encoderSplit, ['modalities', 'rows'] as const);
  const umq = o.encoderWorkers > 0 && model instanceof UMQModel ? model : null;
  const params = model.namedParameters();
  const optimizer = new AdamW({ learningRate: o.learningRate, weightDecay: o.weightDecay });
  let state: TrainerState = { epoch: 0, bestEpoch: -1, bestValidLoss: null, badEpochs: 0, history: [] };
  let best: Record<string, tf.Tensor> | null = null;
  let pool: EncoderWorkers | null = null;
  try {
    if (o.resume && o.checkpointDir) {
      const loaded = loadCheckpoint(o.checkpointDir, model, optimizer);
      if (loaded) {
        state = loaded.state;
        best = loaded.best;
      }
    }
    if (umq) {
      pool = await EncoderWorkers.start(umq, { workers: o.encoderWorkers, split: o.encoderSplit, seed: o.seed, optimizer, clip: o.clipNorm !== null, maxBatch: o.batchSize });
      await pool.pushState(optimizer); // the current encoder weights, and their optimizer slots after a resume
    }
    const variables = params.filter(([name]) => !pool || !isEncoderEntry(name)).map(([, v]) => v);
    if (o.logFile) mkdirSync(dirname(o.logFile), { recursive: true });
    let stoppedEarly = false;
    for (let epoch = state.epoch; epoch < o.epochs; epoch++) {
      const t0 = Date.now();
      const split = data.train(epoch);
      const n = splitSize(split);
      pool?.checkSplit(split);
      const nBatches = batchCount(n, o.batchSize, o.dropLast && n >= o.batchSize);
      const rng = new Rng(deriveSeed(o.seed, 'dropout', epoch));
      const lr = learningRateAt(o.schedule, o.learningRate, epoch, o.epochs);
      optimizer.learningRate = lr;
      const ctx = { model, variables, optimizer, rng, clipNorm: o.clipNorm, epoch };
      const sums: Record<string, number> = {};
      let gradNormSum = 0;
      const bar = new ProgressBar(`epoch ${epoch + 1}/${o.epochs}`, nBatches, o.progress);
      let b = 0;
      // with encoder workers the features go to the workers, not into main-thread tensors
      const batchSource = pool ? { features: [], labels: split.labels, quality: split.quality } : split;
      for (const batch of splitBatches(batchSource, o.batchSize, { seed: deriveSeed(o.seed, 'shuffle', epoch), dropLast: o.dropLast })) {
        let step: StepResult;
        try {
          step = pool ? await encoderWorkerStep(pool, batch, split, ctx) : await serialStep(batch, ctx);
        } finally {
          batch.dispose();
        }
        const { loss: lossValue, terms } = step;
        if (step.gradNorm !== null) gradNormSum += step.gradNorm;
        if (!Number.isFinite(lossValue)) {
          tf.dispose(Object.values(terms));
          throw new NumericError(`training loss became ${lossValue} at epoch ${epoch}, batch ${b}: lower the learning rate or set clipNorm`);
        }
        const names = Object.keys(terms);
        const stacked = names.length ? tf.stack(names.map((k) => terms[k])) : null;
        const vals = stacked ? await stacked.data() : [];
        stacked?.dispose();
        names.forEach((k, i) => (sums[k] = (sums[k] ?? 0) + vals[i]));
        sums.L_total = (sums.L_total ?? 0) + lossValue;
        tf.dispose(Object.values(terms));
        b++;
        bar.update(b, sums.L_total / b);
      }
      bar.done();
      // the main model gets the workers' encoder weights (validation, best copy, checkpoint, onEpoch)
      const encoderSlots = pool ? await pool.pull(o.checkpointDir !== null) : null;
      const trainMeans = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(1, b)]));
      let validLoss: number | null = null;
      let validScore: number | undefined;
      let isBest = false;
      if (data.valid) {
        validLoss = evaluateLoss(model, data.valid, o.batchSize);
        let improved = state.bestValidLoss === null || validLoss < state.bestValidLoss;
        if (o.monitor === 'metric') {
          validScore = validationScore(model, data.valid, o.batchSize);
          const bestScore = state.bestScore ?? null;
          improved = bestScore === null || validScore > bestScore || (validScore === bestScore && (state.bestValidLoss === null || validLoss < state.bestValidLoss));
          if (improved) state.bestScore = validScore;
        }
        if (improved) {
          isBest = true;
          state.bestValidLoss = validLoss;
          state.bestEpoch = epoch;
          state.badEpochs = 0;
          if (best) tf.dispose(Object.values(best));
          best = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, tf.clone(v)]));
        } else state.badEpochs++;
      } else {
        state.bestEpoch = epoch;
      }
      const record: EpochRecord = { epoch, lr, train: trainMeans, validLoss, ...(validScore === undefined ? {} : { validScore }), best: isBest, seconds: (Date.now() - t0) / 1000 };
      if (o.clipNorm !== null) record.gradNorm = gradNormSum / Math.max(1, b);
      state.history.push(record);
      state.epoch = epoch + 1;
      if (o.logFile) appendFileSync(o.logFile, JSON.stringify(record) + '\n');
      o.onEpoch?.(record);
      if (o.checkpointDir) {
        // with workers, the checkpoint holds the encoders' optimizer slots too: it resumes either way
        const full = umq && encoderSlots ? withEncoderSlots(optimizer, umq, encoderSlots) : optimizer;
        try {
          saveCheckpoint(o.checkpointDir, model, full, state, best);
        } finally {
          if (full !== optimizer) full.dispose();
        }
      }
      if (data.valid && o.patience !== null && state.badEpochs >= o.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (best && o.restoreBest && data.valid) model.loadStateDict(best);
    return { epochs: state.epoch, bestEpoch: state.bestEpoch, bestValidLoss: state.bestValidLoss, history: state.history, stoppedEarly };
  } finally {
    await pool?.close();
    if (best) tf.dispose(Object.values(best));
    optimizer.dispose();
  }
}

/** The task's primary validation metric (higher is better). */
function validationScore(model: HarnessModel, valid: SplitArrays, batchSize: number): number {
  const p = predict(model, valid, batchSize);
  const v = taskMetrics(model.task, p.logits, p.outDim, valid.labels)[primaryMetric(model.task)];
  return typeof v === 'number' && Number.isFinite(v) ? v : -Infinity;
}
