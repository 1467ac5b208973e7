/**
 * The encoder workers' threads and messages: spawning them (each builds the model's encoders
 * from their config), requests with replies and timeouts, the shared control flags of a step,
 * and failure handling. Any failure of a worker (an exception, an exit, no answer within the
 * timeout) rejects the waiting call with a {@link WorkerError} naming the worker;
 * {@link EncoderWorkerPool.close} terminates every worker and is safe to call at any time.
 */
import { Worker } from 'node:worker_threads';
import { WorkerError, requireEngine, type AdamW, type Seed } from '@umq/core';
import type { ModalityEncoders } from '../../encoders/modality-encoders';
import { allocateGradientSum } from '../shared-gradient-sum';
import { InputWriter } from './input-buffers';
import { SCALAR, CONTROL_SLOTS, SLOT, assignModalities, type EncoderSplit, type EncoderWorkerInit, type EncoderWorkerReply, type EncoderWorkerRequest } from './messages';
import { encoderWorkerEntry } from './entry';

/** Options of {@link EncoderWorkerPool.start}. */
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
    /** The worker that fails. */
    worker: number;
  } & NonNullable<EncoderWorkerInit['fault']>;
}

interface Pending {
  resolve: (r: Extract<EncoderWorkerReply, { type: 'reply' }>) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

/** One worker thread and its shared memory. */
export interface WorkerHandle {
  /** Human-readable name, e.g. `'encoder worker 1 (text)'`. */
  label: string;
  /** The modalities it encodes, in buffer order. */
  modalities: number[];
  /** Its part of the batch rows (split 'rows'), else null: all rows. */
  part: number | null;
  /** The thread. */
  worker: Worker;
  /** Step flags ({@link SLOT}). */
  control: Int32Array;
  /** Clipping scalars ({@link SCALAR}). */
  scalars: Float64Array;
  /** `u` of its modalities `[k, rows, d]`, written by the worker. */
  u: Float32Array;
  /** `dL/du` `[k, rows, d]`, written by the main thread. */
  g: Float32Array;
  /** Dotted names of its parameters (in the encoders module), in its order. */
  params: string[];
  /** Its input rows in shared memory. */
  inputs: InputWriter;
  /** The first failure, if any. */
  error: WorkerError | null;
  /** The reply of the step under way. */
  stepDone: Promise<unknown> | null;
  pending: Map<number, Pending>;
}

type WaitAsync = (a: Int32Array, index: number, value: number, timeout?: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * The worker threads of one `train()` call.
 *
 * @example
 * ```ts
 * const pool = await EncoderWorkerPool.start(model.encoders, { workers: 2, split: 'rows', seed: 1, optimizer, maxBatch: 64 });
 * try { ... } finally { await pool.close(); }
 * ```
 */
export class EncoderWorkerPool {
  /** The workers. */
  readonly handles: WorkerHandle[] = [];
  /** Longest wait for an answer, in ms. */
  readonly timeoutMs: number;
  private nextId = 1;
  private closing = false;

  private constructor(readonly split: EncoderSplit, timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  /** Spawns the workers and waits until each has built its encoders. */
  static async start(encoders: ModalityEncoders, options: EncoderWorkerPoolOptions): Promise<EncoderWorkerPool> {
    const engine = requireEngine();
    const M = encoders.size;
    const d = encoders.options.d;
    const all = Array.from({ length: M }, (_, m) => m);
    const rows = options.split === 'rows';
    const groups = rows ? Array.from({ length: options.workers }, () => all) : assignModalities(all.map((m) => encoders.encoder(m).numParameters()), options.workers);
    const entry = encoderWorkerEntry();
    const pool = new EncoderWorkerPool(options.split, options.timeoutMs ?? 600_000);
    const buffer = (bytes: number) => new SharedArrayBuffer(bytes);
    const parts = groups.length;
    const shared = rows ? allocateGradientSum(parts, encoders.parametersOf(all).map(([, v]) => v.size)) : null;
    const started: Promise<unknown>[] = [];
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
      const worker = new Worker(entry.url, { workerData: init, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
      const h: WorkerHandle = {
        label, modalities, part: rows ? i : null, params, worker, control: new Int32Array(init.control), scalars: new Float64Array(init.scalars),
        u: new Float32Array(init.u), g: new Float32Array(init.g), inputs: new InputWriter(modalities, capacity), pending: new Map(), error: null, stepDone: null,
      };
      pool.handles.push(h);
      started.push(pool.expect(h, 0, 'start-up', Math.max(pool.timeoutMs, 120_000)));
      pool.wire(h);
    }
    try {
      await Promise.all(started);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private wire(h: WorkerHandle): void {
    h.worker.on('message', (msg: EncoderWorkerReply) => {
      if (msg.type === 'error') {
        const cause = Object.assign(new Error(msg.error.message), { name: msg.error.name, code: msg.error.code });
        if (msg.error.stack) cause.stack = msg.error.stack;
        this.fail(h, new WorkerError(`${h.label} failed: ${msg.error.name}: ${msg.error.message}`, h.label, { cause }));
        return;
      }
      if (msg.type === 'ready' && msg.params.join() !== h.params.join()) {
        this.fail(h, new WorkerError(`${h.label} built encoders with other parameters than the main model's (${msg.params.length} vs ${h.params.length}): the worker must build the same encoders`, h.label));
        return;
      }
      const id = msg.type === 'ready' ? 0 : msg.id;
      const p = h.pending.get(id);
      if (!p) return;
      h.pending.delete(id);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(msg.type === 'ready' ? { type: 'reply', id: 0 } : msg);
    });
    h.worker.on('error', (e) => this.fail(h, new WorkerError(`${h.label} crashed: ${e.message}`, h.label, { cause: e })));
    h.worker.on('messageerror', (e) => this.fail(h, new WorkerError(`${h.label}: a message could not be deserialized: ${e.message}`, h.label, { cause: e })));
    h.worker.on('exit', (code) => {
      if (!this.closing) this.fail(h, new WorkerError(`${h.label} exited unexpectedly with code ${code}: check the worker's stderr above (out of memory?)`, h.label));
    });
  }

  /** Marks a worker failed: rejects its pending calls and wakes every wait on it. */
  private fail(h: WorkerHandle, error: WorkerError): void {
    if (h.error) return;
    h.error = error;
    for (const p of h.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
    h.pending.clear();
    for (let s = 0; s < CONTROL_SLOTS; s++) Atomics.notify(h.control, s);
  }

  /** A promise for the reply `id`, failing after the timeout; never an unhandled rejection. */
  private expect(h: WorkerHandle, id: number, what: string, timeoutMs = this.timeoutMs): Promise<Extract<EncoderWorkerReply, { type: 'reply' }>> {
    const p = new Promise<Extract<EncoderWorkerReply, { type: 'reply' }>>((resolve, reject) => {
      if (h.error) return reject(h.error);
      const timer = setTimeout(() => this.fail(h, new WorkerError(`${h.label}: no answer to ${what} within ${timeoutMs} ms: the worker is stuck or the machine is overloaded`, h.label)), timeoutMs);
      h.pending.set(id, { resolve, reject, timer });
    });
    p.catch(() => {});
    return p;
  }

  /** Sends a request (its id is filled in) and resolves with the worker's reply. */
  request(h: WorkerHandle, req: DistributiveOmit<EncoderWorkerRequest, 'id'>): Promise<Extract<EncoderWorkerReply, { type: 'reply' }>> {
    const full = { ...req, id: this.nextId++ } as EncoderWorkerRequest;
    const p = this.expect(h, full.id, full.type);
    if (!h.error) h.worker.postMessage(full);
    return p;
  }

  /** Waits (without blocking the event loop) until the worker sets `slot` to `step`. */
  async waitFor(h: WorkerHandle, slot: number, step: number): Promise<void> {
    for (;;) {
      if (h.error) throw h.error;
      const seen = Atomics.load(h.control, slot);
      if (seen === step) return;
      const r = waitAsync(h.control, slot, seen, 1000);
      if (r.async) await r.value;
    }
  }

  /** Sets the main thread's flag `slot` of a worker to `step` and wakes it. */
  signal(h: WorkerHandle, slot: number, step: number): void {
    Atomics.store(h.control, slot, step);
    Atomics.notify(h.control, slot);
  }

  /** Terminates every worker (idempotent; safe in `finally`, also while a step is half done). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const h of this.handles) {
      Atomics.store(h.control, SLOT.ABORT, 1);
      for (let s = 0; s < CONTROL_SLOTS; s++) Atomics.notify(h.control, s);
    }
    await Promise.all(this.handles.map((h) => h.worker.terminate().catch(() => 0)));
    for (const h of this.handles) this.fail(h, new WorkerError(`${h.label} was closed`, h.label));
  }
}

/** `Omit` over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
