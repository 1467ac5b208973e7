/**
 * The data-parallel runner: every step on every core. N worker threads each hold a full
 * replica of the model and of the optimizer; each computes forward and backward on its slice
 * of the batch (its loss weighted by its share of the rows), the replicas sum their gradients
 * through shared memory in part order, and each applies the same update, so the replicas stay
 * bit-identical (checked at every epoch end). The main thread's model receives the weights at
 * epoch ends, for validation, checkpoints and the returned model.
 */
import { tf, requireEngine, OptionError, ShapeError, type AdamW } from '@umq/core';
import { optimizerWithSlots, readSlots, writeSlots, type NamedParameters } from '../optimizer-slots';
import { allocateGradientSum } from '../shared-gradient-sum';
import type { SplitArrays } from '../split';
import type { RunnerStart, StepInfo, StepResult, StepRunner } from '../step-runner';
import { WorkerPool, type PoolWorker } from '../workers/pool';
import { workerEntry } from '../workers/entry';
import { InputWriter } from '../workers/input-buffers';
import { assertSameWeights, type FaultSpec } from '../workers/protocol';
import { rowSlice } from '../encoder-workers/messages';
import { modelSignature, recipeOf, type ModelRecipe } from './model-recipe';
import { REPLICA_CONTROL_SLOTS, REPLICA_SLOT, type ReplicaInit, type ReplicaReplyData, type ReplicaRequest, type ReplicaState, type ReplicaPhases } from './messages';

/** Options of {@link DataParallelRunner}. */
export interface DataParallelRunnerOptions {
  /** Replica threads, >= 1 (the machine's core count is the natural choice). */
  workers: number;
  /** How the replicas rebuild the model. Default: its registered class and `getConfig()` ({@link recipeOf}); a model with injected parts needs a `{ kind: 'module' }` recipe. */
  replica?: ModelRecipe;
  /** Longest wait for an answer of a replica (a step, a state transfer), in ms; start-up gets at least 2 minutes. Default 600 000. */
  timeoutMs?: number;
  /** Test hook: make replica `worker` fail at a step. */
  fault?: {
    /** The replica (0-based). */
    worker: number;
  } & FaultSpec;
}

interface ReplicaHandle extends PoolWorker {
  /** Its part of the batch rows. */
  part: number;
  /** Its input rows in shared memory. */
  inputs: InputWriter;
}

/**
 * Runs every training step on N replicas of the model, one per worker thread (see the file
 * comment). Semantics are those of PyTorch's DistributedDataParallel: a loss that is a mean
 * over rows gives exactly the serial step's gradient; a loss that is not separable over rows
 * (UMQ's L_bal, L_var, L_cfg, L_spec, L_rank, L_high, L_enh and the baseline's moving average
 * within a step) is computed on each replica's slice, and their row-weighted mean differs from
 * the whole batch's (docs/training-speed.md gives the differences and their effect on
 * accuracy). Moving-average buffers are averaged over the replicas weighted by rows after each
 * step (exact for an EMA of batch means). Dropout and training noise draw from per-replica
 * streams (`deriveSeed(seed, 'replica', epoch, part, parts)`): runs are reproducible for a seed
 * and a number of workers.
 *
 * @example
 * ```ts
 * await train(model, data, { runner: new DataParallelRunner({ workers: 2 }) });
 * ```
 */
export class DataParallelRunner implements StepRunner {
  readonly name: string;
  private pool: WorkerPool<ReplicaHandle, ReplicaRequest, ReplicaReplyData> | null = null;
  private run: RunnerStart | null = null;
  private named: NamedParameters = [];
  private stepNo = 0;
  private replicaTensors: number[] = [];
  private replicaPhases: ReplicaPhases[] = [];

  constructor(private readonly options: DataParallelRunnerOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new OptionError(`DataParallelRunner.workers must be an integer >= 1, got ${options.workers}`);
    this.name = `data parallel (${options.workers} replicas)`;
  }

  /** Tensors alive in each replica's engine after the last step (for leak checks); empty before the first step. */
  get tensorsInReplicas(): readonly number[] {
    return this.replicaTensors;
  }

  /** Wall ms of the last step's phases in each replica (for profiles); empty before the first step. */
  get lastPhases(): readonly ReplicaPhases[] {
    return this.replicaPhases;
  }

  async start(run: RunnerStart): Promise<void> {
    this.run = run;
    const { model, optimizer } = run;
    this.named = model.namedParameters();
    const recipe = this.options.replica ?? recipeOf(model);
    const parts = this.options.workers;
    const pool = new WorkerPool<ReplicaHandle, ReplicaRequest, ReplicaReplyData>({ slots: REPLICA_CONTROL_SLOTS, abort: REPLICA_SLOT.ABORT }, this.options.timeoutMs ?? 600_000);
    this.pool = pool;
    const grads = allocateGradientSum(parts, this.named.map(([, v]) => v.size));
    const bufferVars = model.namedBuffers();
    const buffers = bufferVars.length ? allocateGradientSum(parts, bufferVars.map(([, v]) => v.size)) : null;
    const entry = workerEntry('replica-worker', new URL('./worker.ts', import.meta.url));
    const engine = requireEngine();
    const capacity = Math.ceil(run.maxBatch / parts);
    const M = model.numModalities;
    const params = modelSignature(model);
    for (let part = 0; part < parts; part++) {
      const label = `replica ${part} (part ${part + 1} of ${parts})`;
      const init: ReplicaInit = {
        label, recipe, engine: engine.name, seed: run.seed, optimizer: optimizer.getConfig(), clipNorm: run.clipNorm,
        control: new SharedArrayBuffer(REPLICA_CONTROL_SLOTS * 4), timeoutMs: pool.timeoutMs,
        grads: { part, ...grads }, buffers: buffers ? { part, ...buffers } : null,
        ...(this.options.fault && this.options.fault.worker === part ? { fault: { step: this.options.fault.step, phase: this.options.fault.phase, kind: this.options.fault.kind } } : {}),
      };
      pool.spawn(entry, init, { label, params, control: new Int32Array(init.control), part, inputs: new InputWriter(Array.from({ length: M }, (_, m) => m), capacity) });
    }
    await pool.started();
    await this.pushState();
  }

  /** Sends the model's weights and buffers to every replica, with the optimizer's slots after a resume; those slots then leave this thread's optimizer. */
  private async pushState(): Promise<void> {
    const { model, optimizer } = this.run!;
    const slots = readSlots(optimizer, this.named);
    const hasSlots = Object.keys(slots).length > 0;
    const weights = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }]));
    const state: ReplicaState = { weights, optimizer: hasSlots ? slots : null };
    await Promise.all(this.pool!.handles.map((h) => this.pool!.request(h, { type: 'setState', state })));
    if (hasSlots) writeSlots(optimizer, this.named, {}, { remove: true });
  }

  async step(split: SplitArrays, index: Int32Array, info: StepInfo): Promise<StepResult> {
    const pool = this.pool!;
    const { model, maxBatch, optimizer } = this.run!;
    const B = index.length;
    if (B > maxBatch) throw new OptionError(`DataParallelRunner: batch of ${B} rows, the replicas were sized for ${maxBatch}`);
    if (split.features.length !== model.numModalities) throw new ShapeError(`train: the split has ${split.features.length} modalities, the model was built for ${model.numModalities}`);
    const step = ++this.stepNo;
    const parts = pool.handles.length;
    const replies = await Promise.all(pool.handles.map((h) => {
      const [start, end] = rowSlice(B, h.part, parts);
      const rows = index.subarray(start, end);
      const inputs = h.inputs.write(split, rows);
      const labels = Float32Array.from(rows, (i) => split.labels[i]);
      const quality = split.quality ? Float32Array.from({ length: split.quality.length * rows.length }, (_, k) => split.quality![Math.floor(k / rows.length)][rows[k % rows.length]]) : null;
      return pool.request(h, { type: 'step', step, epoch: info.epoch, learningRate: optimizer.learningRate, batch: B, index: Int32Array.from(rows), labels, quality, ...(inputs ? { inputs } : {}) });
    }));
    // sums in part order: the same numbers whatever order the replies came in
    let loss = 0;
    const terms: Record<string, number> = {};
    for (const r of replies) {
      loss += r.report!.loss;
      for (const [k, v] of Object.entries(r.report!.terms)) terms[k] = (terms[k] ?? 0) + v;
    }
    this.replicaTensors = replies.map((r) => r.report!.tensors);
    this.replicaPhases = replies.map((r) => r.report!.phases);
    return { loss, terms: Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, tf.scalar(v)])), gradNorm: replies[0].report!.gradNorm };
  }

  /** Copies the replicas' weights and buffers into the model, after checking the replicas agree bit for bit. */
  async sync(): Promise<void> {
    const weights = (await this.fetch(true, false)).weights!;
    const target = this.run!.model.stateDict();
    tf.tidy(() => {
      for (const [k, { shape, data }] of Object.entries(weights)) target[k].assign(tf.tensor(data, shape, 'float32'));
    });
  }

  async optimizerState(): Promise<AdamW> {
    const slots = (await this.fetch(false, true)).optimizer!;
    return optimizerWithSlots(this.run!.optimizer, this.named, slots);
  }

  /** Replica 0's weights and/or slots, its weights checked against every other replica's. */
  private async fetch(weights: boolean, optimizer: boolean): Promise<ReplicaState> {
    const pool = this.pool!;
    const replies = await Promise.all(pool.handles.map((h, i) => pool.request(h, { type: 'getState', weights, optimizer: optimizer && i === 0 })));
    assertSameWeights(
      replies.map((r) => r.state!),
      pool.handles.map((h) => h.label),
      (k, label) => `${label}: its \`${k}\` differs from replica 0's: the replicas diverged (a bug; please report it). Train with the serial runner meanwhile`,
    );
    return replies[0].state!;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
