/**
 * The encoder workers' threads: spawning them (each builds the model's encoders from their
 * config) with their shared memory, on the step runners' generic {@link WorkerPool} (requests,
 * replies, timeouts, failure handling).
 */
import { requireEngine, type AdamW, type Seed } from '@umq/core';
import type { ModalityEncoders } from '../../encoders/modality-encoders';
import { allocateGradientSum } from '../shared-gradient-sum';
import { WorkerPool, type PoolWorker } from '../workers/pool';
import { workerEntry } from '../workers/entry';
import type { FaultSpec } from '../workers/protocol';
import { InputWriter } from '../workers/input-buffers';
import { SCALAR, CONTROL_SLOTS, SLOT, assignModalities, type EncoderSplit, type EncoderWorkerInit, type EncoderWorkerRequest, type EncoderState } from './messages';

/** Options of {@link startEncoderWorkers}. */
export interface EncoderWorkerPoolOptions {
  /** Worker threads, >= 1; with the 'modalities' split at most one per modality (a larger number uses one per modality). */
  workers: number;
  /** How the encoder work is divided ({@link EncoderSplit}). */
  split: EncoderSplit;
  /** The training seed (the workers' dropout streams derive from it). */
  seed: Seed;
  /** The main thread's optimizer: the workers build theirs with its configuration. */
  optimizer: AdamW;
  /** Largest batch, in rows. */
  maxBatch: number;
  /** Longest wait for an answer of a worker (a step, a state transfer), in ms; start-up gets at least 2 minutes. Default 600 000 (10 minutes). */
  timeoutMs?: number;
  /** Test hook: make worker `worker` fail at a step. */
  fault?: {
    /** The worker (0-based). */
    worker: number;
  } & FaultSpec;
}

/** One encoder worker thread and its shared memory. */
export interface WorkerHandle extends PoolWorker {
  /** The modalities it encodes, in buffer order. */
  modalities: number[];
  /** Its part of the batch rows (split 'rows'), else null: all rows. */
  part: number | null;
  /** Clipping scalars ({@link SCALAR}). */
  scalars: Float64Array;
  /** `u` of its modalities `[k, rows, d]`, written by the worker. */
  u: Float32Array;
  /** `dL/du` `[k, rows, d]`, written by the main thread. */
  g: Float32Array;
  /** Its input rows in shared memory. */
  inputs: InputWriter;
  /** The reply of the step under way. */
  stepDone: Promise<unknown> | null;
}

/** The encoder workers of one `train()` call. */
export type EncoderWorkerPool = WorkerPool<WorkerHandle, EncoderWorkerRequest, { state: EncoderState }>;

/**
 * Spawns the encoder workers and waits until each has built its encoders.
 *
 * @example
 * ```ts
 * const pool = await startEncoderWorkers(model.encoders, { workers: 2, split: 'rows', seed: 1, optimizer, maxBatch: 64 });
 * try { ... } finally { await pool.close(); }
 * ```
 */
export async function startEncoderWorkers(encoders: ModalityEncoders, options: EncoderWorkerPoolOptions): Promise<EncoderWorkerPool> {
  const engine = requireEngine();
  const M = encoders.size;
  const d = encoders.options.d;
  const all = Array.from({ length: M }, (_, m) => m);
  const rows = options.split === 'rows';
  const groups = rows ? Array.from({ length: options.workers }, () => all) : assignModalities(all.map((m) => encoders.encoder(m).numParameters()), options.workers);
  const entry = workerEntry('encoder-worker', new URL('./worker.ts', import.meta.url));
  const pool: EncoderWorkerPool = new WorkerPool({ slots: CONTROL_SLOTS, abort: SLOT.ABORT }, options.timeoutMs ?? 600_000);
  const buffer = (bytes: number) => new SharedArrayBuffer(bytes);
  const parts = groups.length;
  const shared = rows ? allocateGradientSum(parts, encoders.parametersOf(all).map(([, v]) => v.size)) : null;
  for (const [i, modalities] of groups.entries()) {
    const label = rows ? `encoder worker ${i} (rows, part ${i + 1} of ${parts})` : `encoder worker ${i} (${modalities.map((m) => encoders.options.modalities[m].name).join(', ')})`;
    const params = encoders.parametersOf(modalities).map(([n]) => n);
    const capacity = rows ? Math.ceil(options.maxBatch / parts) : options.maxBatch;
    const init: EncoderWorkerInit = {
      label, modalities, encoders: encoders.getConfig(), engine: engine.name, seed: options.seed, optimizer: options.optimizer.getConfig(),
      maxBatch: capacity, d, control: buffer(CONTROL_SLOTS * 4), scalars: buffer(8 * (SCALAR.SQUARED_NORMS + params.length)),
      u: buffer(modalities.length * capacity * d * 4), g: buffer(modalities.length * capacity * d * 4), timeoutMs: pool.timeoutMs,
      rows: shared ? { part: i, ...shared } : null,
      ...(options.fault && options.fault.worker === i ? { fault: { step: options.fault.step, phase: options.fault.phase, kind: options.fault.kind } } : {}),
    };
    pool.spawn(entry, init, {
      label, modalities, part: rows ? i : null, params, control: new Int32Array(init.control), scalars: new Float64Array(init.scalars),
      u: new Float32Array(init.u), g: new Float32Array(init.g), inputs: new InputWriter(modalities, capacity), stepDone: null,
    });
  }
  await pool.started();
  return pool;
}
