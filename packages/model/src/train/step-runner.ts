/**
 * Where and how a training step runs, kept apart from the model (which holds the math) and the
 * trainer (which holds epochs, checkpoints and early stopping): the {@link StepRunner}
 * interface and the serial runner. Other runners (encoder workers) implement the same
 * interface; the trainer never asks which one it has, nor which model it trains.
 */
import { tf, clipByGlobalNorm, type AdamW, type Rng, type Seed } from '@umq/core';
import type { HarnessModel } from '../types';
import { batchOf, type SplitArrays } from './split';
import type { EncoderSplit } from './encoder-workers/messages';
import type { ModelRecipe } from './replicas/model-recipe';

/**
 * A runner as data (for plans and the CLI): `serial` (this thread), `encoder-workers` (the
 * modality encoders in `workers` threads, split by modalities or by batch rows) or
 * `data-parallel` (the whole step on `workers` replicas, each on a slice of the batch).
 */
export type RunnerSpec =
  | {
      /** Every step on this thread. */
      kind: 'serial';
    }
  | {
      /** The modality encoders in worker threads (models with separate encoders; others run serially). */
      kind: 'encoder-workers';
      /** Worker threads, >= 1. */
      workers: number;
      /** How the workers divide the encoders' work. Default 'modalities'. */
      split?: EncoderSplit;
    }
  | {
      /** The whole step on every core: a replica of model and optimizer in each of `workers` threads, each on a slice of the batch. */
      kind: 'data-parallel';
      /** Replica threads, >= 1. */
      workers: number;
      /** How the replicas rebuild the model. Default: its registered class and `getConfig()`. */
      replica?: ModelRecipe;
    };

/** What a runner is started with. */
export interface RunnerStart {
  /** The model (on this thread; the trainer validates and checkpoints it). */
  model: HarnessModel;
  /** The optimizer of the run (its learning rate is set by the trainer every epoch). */
  optimizer: AdamW;
  /** The training seed. */
  seed: Seed;
  /** Clip to this global L2 norm; null = no clipping. */
  clipNorm: number | null;
  /** Largest batch, in rows. */
  maxBatch: number;
}

/** What a step needs besides its rows. */
export interface StepInfo {
  /** 0-based epoch. */
  epoch: number;
  /** Dropout and noise draws of this thread's part of the step. */
  rng: Rng;
}

/** What a step reports. */
export interface StepResult {
  /** The training objective before the update. */
  loss: number;
  /** Every loss term (scalars owned by the caller). */
  terms: Record<string, tf.Scalar>;
  /** The pre-clip global gradient norm (when clipping), else null. */
  gradNorm: number | null;
}

/** Runs the training steps of one `train()` call. */
export interface StepRunner {
  /** A short description for logs, e.g. `'serial'`. */
  readonly name: string;
  /** Prepares the run (after a resume, the model and optimizer hold the checkpoint's state). */
  start(run: RunnerStart): Promise<void>;
  /** One optimisation step on the rows `index` of `split`. */
  step(split: SplitArrays, index: Int32Array, info: StepInfo): Promise<StepResult>;
  /** At an epoch's end: afterwards the model on this thread holds every trained weight. */
  sync(): Promise<void>;
  /** The state of every parameter's optimizer slots, for a checkpoint (the caller disposes it unless it is the run's own optimizer). */
  optimizerState(): Promise<AdamW>;
  /** Ends the run (idempotent; also after a failure). */
  close(): Promise<void>;
}

/** The objective of a step and its gradients, before clipping and the update. */
export interface StepGradients {
  /** The training objective (times the weight asked for). */
  value: tf.Scalar;
  /** Every loss term, unweighted (scalars owned by the caller). */
  terms: Record<string, tf.Scalar>;
  /** Gradients of `value` by variable name. */
  grads: tf.NamedTensorMap;
}

/**
 * Forward with every loss and backward over `variables`: the gradients of `weight` times the
 * training objective (a replica of a data-parallel step weights its slice of the batch by its
 * share of the rows). The caller disposes everything returned.
 *
 * @example
 * ```ts
 * const { value, terms, grads } = stepGradients(model, batch, model.parameters(), { epoch: 0, rng });
 * ```
 */
export function stepGradients(model: HarnessModel, batch: Parameters<HarnessModel['forward']>[0], variables: tf.Variable[], info: StepInfo, weight = 1): StepGradients {
  let terms: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const out = model.forward(batch, { training: true, rng: info.rng, losses: 'all', epoch: info.epoch });
    terms = out.terms;
    for (const t of Object.values(terms)) tf.keep(t);
    return (weight === 1 ? out.loss : tf.mul(out.loss!, weight)) as tf.Scalar;
  }, variables);
  return { value, terms, grads };
}

/**
 * Optional clipping by the global norm, then the optimizer's update; disposes `grads`. Returns
 * the pre-clip norm (when clipping), else null.
 *
 * @example
 * ```ts
 * const gradNorm = clipAndApply(grads, optimizer, 1.0);
 * ```
 */
export function clipAndApply(grads: tf.NamedTensorMap, optimizer: AdamW, clipNorm: number | null): number | null {
  let applied = grads;
  let gradNorm: number | null = null;
  if (clipNorm !== null) {
    const clipped = clipByGlobalNorm(grads, clipNorm);
    gradNorm = clipped.norm;
    applied = clipped.grads as typeof grads;
    if (clipped.grads !== grads) tf.dispose(Object.values(grads));
  }
  optimizer.applyGradients(applied);
  tf.dispose(Object.values(applied));
  return gradNorm;
}

/**
 * Forward with every loss, backward over `variables`, optional clipping by the global norm,
 * the optimizer's update: the step of a serial runner (and of any runner for the part of the
 * model it keeps on this thread).
 *
 * @example
 * ```ts
 * const { loss } = await applyStep(model, batch, model.parameters(), optimizer, { epoch: 0, rng }, null);
 * ```
 */
export async function applyStep(model: HarnessModel, batch: Parameters<HarnessModel['forward']>[0], variables: tf.Variable[], optimizer: AdamW, info: StepInfo, clipNorm: number | null): Promise<StepResult> {
  const { value, terms, grads } = stepGradients(model, batch, variables, info);
  const gradNorm = clipAndApply(grads, optimizer, clipNorm);
  const loss = (await value.data())[0];
  value.dispose();
  return { loss, terms, gradNorm };
}

/**
 * Every step on this thread.
 *
 * @example
 * ```ts
 * await train(model, data, { runner: new SerialRunner() }); // the default
 * ```
 */
export class SerialRunner implements StepRunner {
  readonly name = 'serial';
  private run: RunnerStart | null = null;
  private variables: tf.Variable[] = [];

  async start(run: RunnerStart): Promise<void> {
    this.run = run;
    this.variables = run.model.parameters();
  }

  async step(split: SplitArrays, index: Int32Array, info: StepInfo): Promise<StepResult> {
    const run = this.run!;
    const batch = batchOf(split, index);
    try {
      return await applyStep(run.model, batch, this.variables, run.optimizer, info, run.clipNorm);
    } finally {
      batch.dispose();
    }
  }

  async sync(): Promise<void> {}

  async optimizerState(): Promise<AdamW> {
    return this.run!.optimizer;
  }

  async close(): Promise<void> {}
}
