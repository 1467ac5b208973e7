/**
 * The main-thread side of `train({ encoderWorkers })`: UMQ's modality encoders run in worker
 * threads (one tfjs engine each), the rest of the model on the main thread. The encoders are
 * independent until `U = stack(u_m)`, so only `u` (forward) and `dL/du` (backward) cross to the
 * main thread. Two ways to divide the work ({@link EncoderSplit}): by modality (each worker owns
 * some encoders, balanced by parameter count) or by batch rows (each worker holds every encoder
 * and encodes a slice of the rows; the workers sum their gradients among themselves). Each
 * worker applies its own AdamW with the main thread's learning rate, and the global gradient
 * norm for clipping is summed across threads. Weights (and optimizer slots) move between the
 * main model and the workers only at the start and at epoch ends. Any failure of a worker (an exception, an exit, no answer
 * within the timeout) rejects the waiting call with a {@link WorkerError} naming the worker;
 * {@link EncoderWorkers.close} terminates every worker and is safe to call at any time.
 */
import { Worker } from 'node:worker_threads';
import { tf, AdamW, OptionError, ShapeError, WorkerError, requireEngine, assertOneOf, assertInteger, type AdamWOptions, type NamedTensor, type Seed } from '@umq/core';
import type { UMQModel } from '../umq/umq-model';
import type { SplitArrays } from './split';
import {
  SLOT, SCALAR, CONTROL_SLOTS, assignModalities, rowSlice, type EncoderSplit, type EncoderState, type EncoderWorkerInit, type EncoderWorkerReply, type EncoderWorkerRequest,
  type InputLayout, type SlotState,
} from './encoder-worker-protocol';
import { encoderWorkerEntry } from './worker-entry';

/** Options of {@link EncoderWorkers.start}. */
export interface EncoderWorkersOptions {
  /** Worker threads, >= 1; with the 'modalities' split at most one per modality (a larger number uses one per modality). */
  workers: number;
  /** How the encoder work is divided: by modality or by batch rows ({@link EncoderSplit}). Default 'modalities'. */
  split?: EncoderSplit;
  /** The training seed (the workers' dropout streams derive from it). */
  seed: Seed;
  /** The main thread's optimizer: the workers build theirs with its configuration. */
  optimizer: AdamW;
  /** Whether steps clip by the global gradient norm (the workers then report their squared norms). */
  clip: boolean;
  /** Largest batch, in rows. */
  maxBatch: number;
  /** Longest wait for an answer of a worker (a step, a state transfer), in ms; start-up gets at least 2 minutes. Default 600 000 (10 minutes). */
  timeoutMs?: number;
  /** Test hook: make worker `worker` fail at a step. */
  fault?: { worker: number } & NonNullable<EncoderWorkerInit['fault']>;
}

interface Pending {
  resolve: (r: Extract<EncoderWorkerReply, { type: 'reply' }>) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

interface Handle {
  label: string;
  modalities: number[];
  /** Its part of the batch rows (split 'rows'), else null: all rows. */
  part: number | null;
  /** Rows its buffers hold. */
  capacity: number;
  worker: Worker;
  control: Int32Array;
  scalars: Float64Array;
  u: Float32Array;
  g: Float32Array;
  /** Dotted names of the worker's parameters, in its order. */
  params: string[];
  layouts: (InputLayout & { xView: Float32Array; maskView: Float32Array | null })[] | null;
  pending: Map<number, Pending>;
  error: WorkerError | null;
  stepDone: Promise<unknown> | null;
}

type WaitAsync = (a: Int32Array, index: number, value: number, timeout?: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
const ENCODER_ENTRY = /^encoder(\d+)\./;

/** Whether a dotted state name belongs to one of UMQ's modality encoders (`encoder0.proj.weight`). */
export function isEncoderEntry(name: string): boolean {
  return ENCODER_ENTRY.test(name);
}

/** The modality m of an `encoder${m}.` entry, else -1. */
function encoderIndex(name: string): number {
  return Number(ENCODER_ENTRY.exec(name)?.[1] ?? -1);
}

/**
 * A pool of encoder workers for one {@link UMQModel} during one `train()` call.
 *
 * @example
 * ```ts
 * const pool = await EncoderWorkers.start(model, { workers: 2, seed: 1, optimizer, clip: false, maxBatch: 64 });
 * try { await pool.pushState(optimizer); ... } finally { await pool.close(); }
 * ```
 */
export class EncoderWorkers {
  private readonly handles: Handle[];
  private readonly d: number;
  private readonly timeoutMs: number;
  private nextId = 1;
  private step = 0;
  private batch = 0;
  private closing = false;

  private constructor(private readonly model: UMQModel, private readonly options: EncoderWorkersOptions) {
    this.d = model.options.d;
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.handles = [];
  }

  /** Spawns the workers and waits until each has built its encoders. */
  static async start(model: UMQModel, options: EncoderWorkersOptions): Promise<EncoderWorkers> {
    const engine = requireEngine();
    const M = model.numModalities;
    const split = options.split ?? 'modalities';
    assertOneOf('EncoderWorkers split', split, ['modalities', 'rows'] as const);
    assertInteger('EncoderWorkers workers', options.workers, 1);
    const all = Array.from({ length: M }, (_, m) => m);
    const costs = all.map((m) => model.children().get(`encoder${m}`)?.numParameters() ?? 1);
    const groups = split === 'rows' ? Array.from({ length: options.workers }, () => all) : assignModalities(costs, options.workers);
    const entry = encoderWorkerEntry();
    const pool = new EncoderWorkers(model, options);
    const d = pool.d;
    const buffer = (bytes: number) => new SharedArrayBuffer(bytes);
    const named = model.namedParameters().filter(([n]) => isEncoderEntry(n));
    const parts = groups.length;
    // split 'rows': every part's flattened encoder gradients, the barrier and the gradient flags
    const shared = split === 'rows' ? { grads: buffer(4 * parts * named.reduce((s, [, v]) => s + v.size, 0)), flags: buffer(4 * (parts + parts * named.length)) } : null;
    const started: Promise<unknown>[] = [];
    for (const [i, modalities] of groups.entries()) {
      const label = shared ? `encoder worker ${i} (rows, part ${i + 1} of ${parts})` : `encoder worker ${i} (${modalities.map((m) => model.options.modalities[m].name).join(', ')})`;
      const params = named.map(([n]) => n).filter((n) => modalities.includes(encoderIndex(n)));
      const capacity = shared ? Math.ceil(options.maxBatch / parts) : options.maxBatch;
      const init: EncoderWorkerInit = {
        label, modalities, modelConfig: model.getConfig(), engine: engine.name, seed: options.seed, optimizer: options.optimizer.getConfig(),
        maxBatch: capacity, d, control: buffer(CONTROL_SLOTS * 4), scalars: buffer(8 * (SCALAR.SQUARED_NORMS + params.length)),
        u: buffer(modalities.length * capacity * d * 4), g: buffer(modalities.length * capacity * d * 4), timeoutMs: pool.timeoutMs,
        rows: shared ? { part: i, parts, ...shared } : null,
        ...(options.fault && options.fault.worker === i ? { fault: { step: options.fault.step, phase: options.fault.phase, kind: options.fault.kind } } : {}),
      };
      const worker = new Worker(entry.url, { workerData: init, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
      const h: Handle = {
        label, modalities, part: shared ? i : null, capacity, params, worker, control: new Int32Array(init.control), scalars: new Float64Array(init.scalars), u: new Float32Array(init.u), g: new Float32Array(init.g),
        layouts: null, pending: new Map(), error: null, stepDone: null,
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

  /** Number of worker threads. */
  get size(): number {
    return this.handles.length;
  }

  /** The modalities of each worker, e.g. `[[0], [1, 2]]` (split 'rows': every worker has every modality). */
  get assignment(): number[][] {
    return this.handles.map((h) => [...h.modalities]);
  }

  /** How the work is divided. */
  get split(): EncoderSplit {
    return this.handles[0]?.part === null ? 'modalities' : 'rows';
  }

  /** The rows `[start, end)` of a batch of `batch` rows that worker `h` encodes. */
  private rowsOf(h: Handle, batch: number): [number, number] {
    return h.part === null ? [0, batch] : rowSlice(batch, h.part, this.handles.length);
  }

  private wire(h: Handle): void {
    h.worker.on('message', (msg: EncoderWorkerReply) => {
      if (msg.type === 'error') {
        const cause = Object.assign(new Error(msg.error.message), { name: msg.error.name, code: msg.error.code });
        if (msg.error.stack) cause.stack = msg.error.stack;
        this.fail(h, new WorkerError(`${h.label} failed: ${msg.error.name}: ${msg.error.message}`, h.label, { cause }));
        return;
      }
      if (msg.type === 'ready' && msg.params.join() !== h.params.join()) {
        this.fail(h, new WorkerError(`${h.label} built encoders with other parameters than the main model's (${msg.params.length} vs ${h.params.length}): the worker must build the same UMQModel`, h.label));
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
  private fail(h: Handle, error: WorkerError): void {
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
  private expect(h: Handle, id: number, what: string, timeoutMs = this.timeoutMs): Promise<Extract<EncoderWorkerReply, { type: 'reply' }>> {
    const p = new Promise<Extract<EncoderWorkerReply, { type: 'reply' }>>((resolve, reject) => {
      if (h.error) return reject(h.error);
      const timer = setTimeout(() => this.fail(h, new WorkerError(`${h.label}: no answer to ${what} within ${timeoutMs} ms: the worker is stuck or the machine is overloaded`, h.label)), timeoutMs);
      h.pending.set(id, { resolve, reject, timer });
    });
    p.catch(() => {});
    return p;
  }

  private request(h: Handle, req: EncoderWorkerRequest): Promise<Extract<EncoderWorkerReply, { type: 'reply' }>> {
    const p = this.expect(h, req.id, req.type);
    if (!h.error) h.worker.postMessage(req);
    return p;
  }

  private id(): number {
    return this.nextId++;
  }

  /** Waits (without blocking the event loop) until the worker sets `slot` to the current step. */
  private async waitFor(h: Handle, slot: number): Promise<void> {
    for (;;) {
      if (h.error) throw h.error;
      const seen = Atomics.load(h.control, slot);
      if (seen === this.step) return;
      const r = waitAsync(h.control, slot, seen, 1000);
      if (r.async) await r.value;
    }
  }

  private signal(h: Handle, slot: number): void {
    Atomics.store(h.control, slot, this.step);
    Atomics.notify(h.control, slot);
  }

  /**
   * Sends the main model's encoder weights to the workers, with the optimizer's slots of the
   * encoder parameters when it has any (a resumed checkpoint); those slots then leave the main
   * optimizer, which keeps only the rest of the model's.
   */
  async pushState(optimizer: AdamW): Promise<void> {
    const state = this.model.stateDict();
    const dotted = new Map(Object.entries(state).map(([k, v]) => [v.name, k]));
    const own = optimizer.getWeightsSync();
    try {
      const slots: Record<string, Partial<SlotState>> = {};
      for (const { name, tensor } of own) {
        const cut = name.lastIndexOf('/');
        const key = dotted.get(name.slice(0, cut));
        if (!key || !isEncoderEntry(key)) continue;
        const s = (slots[key] ??= {});
        const what = name.slice(cut + 1);
        if (what === 'step') s.step = tensor.dataSync()[0];
        else s[what as 'm' | 'v'] = Float32Array.from(tensor.dataSync() as Float32Array);
      }
      const hasSlots = Object.keys(slots).length > 0;
      await Promise.all(this.handles.map((h) => {
        const mine = (k: string) => h.modalities.includes(encoderIndex(k));
        const s: EncoderState = {
          weights: Object.fromEntries(Object.entries(state).filter(([k]) => mine(k)).map(([k, v]) => [k, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }])),
          optimizer: hasSlots ? (Object.fromEntries(Object.entries(slots).filter(([k]) => mine(k))) as Record<string, SlotState>) : null,
        };
        return this.request(h, { id: this.id(), type: 'setState', state: s });
      }));
      if (hasSlots) {
        optimizer.setWeightsSync(own.filter(({ name }) => {
          const key = dotted.get(name.slice(0, name.lastIndexOf('/')));
          return !key || !isEncoderEntry(key);
        }));
      }
    } finally {
      tf.dispose(own.map((w) => w.tensor));
    }
  }

  /**
   * Copies the workers' encoder weights into the main model; with `optimizer`, also returns
   * their AdamW slots by dotted parameter name (for a checkpoint, see {@link withEncoderSlots}).
   */
  async pull(optimizer: boolean): Promise<Record<string, SlotState> | null> {
    let replies = await Promise.all(this.handles.map((h) => this.request(h, { id: this.id(), type: 'getState', optimizer })));
    if (this.split === 'rows') {
      // replicas: every worker applied the same summed gradients, so they must agree bit for bit
      const first = replies[0].state!.weights;
      replies.slice(1).forEach((r, j) => {
        for (const [k, { data }] of Object.entries(r.state!.weights)) {
          const ref = first[k]?.data;
          if (!ref || ref.length !== data.length || ref.some((x, i) => !Object.is(x, data[i]))) {
            throw new WorkerError(`${this.handles[j + 1].label}: its replica of \`${k}\` differs from worker 0's: the replicas diverged (a bug; please report it). Train with split 'modalities' meanwhile`, this.handles[j + 1].label);
          }
        }
      });
      replies = [replies[0]];
    }
    const state = this.model.stateDict();
    const slots: Record<string, SlotState> = {};
    tf.tidy(() => {
      for (const r of replies) {
        for (const [k, { shape, data }] of Object.entries(r.state!.weights)) state[k].assign(tf.tensor(data, shape, 'float32'));
        Object.assign(slots, r.state!.optimizer ?? {});
      }
    });
    return optimizer ? slots : null;
  }

  /** Checks a split against the model before its batches go to the workers. */
  checkSplit(split: SplitArrays): void {
    const mods = this.model.options.modalities;
    if (split.features.length !== mods.length) throw new ShapeError(`train: the split has ${split.features.length} modalities, the model was built for ${mods.length}`);
    split.features.forEach((f, m) => {
      if (f.d !== mods[m].dim) throw new ShapeError(`train: modality ${m} (${mods[m].name}) has ${f.d} features, but the model was built for ${mods[m].dim}: rebuild the model or fix the loader`);
    });
  }

  /**
   * Starts a training step: sends the rows `index` of `split` to the workers, which run their
   * encoders; resolves with `U [M, B, d]` (a new tensor owned by the caller).
   */
  async encode(split: SplitArrays, index: Int32Array, epoch: number, learningRate: number): Promise<tf.Tensor> {
    const B = index.length;
    if (B > this.options.maxBatch) throw new OptionError(`EncoderWorkers.encode: batch of ${B} rows, the workers were sized for ${this.options.maxBatch}`);
    this.step++;
    this.batch = B;
    for (const h of this.handles) {
      const [start, end] = this.rowsOf(h, B);
      const inputs = this.writeInputs(h, split, index.subarray(start, end));
      h.stepDone = this.request(h, { id: this.id(), type: 'step', step: this.step, epoch, learningRate, batch: B, clip: this.options.clip, ...(inputs ? { inputs } : {}) });
    }
    for (const h of this.handles) await this.waitFor(h, SLOT.U_READY);
    const M = this.model.numModalities;
    const d = this.d;
    const n = B * d;
    const u = new Float32Array(M * n);
    for (const h of this.handles) {
      const [start, end] = this.rowsOf(h, B);
      const rows = (end - start) * d;
      h.modalities.forEach((m, i) => u.set(h.u.subarray(i * rows, (i + 1) * rows), m * n + start * d));
    }
    return tf.tensor3d(u, [M, B, d]);
  }

  /** Writes the batch rows into the worker's input buffers; returns the layouts when they changed. */
  private writeInputs(h: Handle, split: SplitArrays, index: Int32Array): InputLayout[] | undefined {
    const B = index.length;
    let changed = h.layouts === null;
    const layouts = h.modalities.map((m, i) => {
      const f = split.features[m];
      const sequence = f.t > 1 || f.mask !== null; // as @umq/datasets batches() decides
      const old = h.layouts?.[i];
      if (old && old.sequence === sequence && old.t === f.t && old.d === f.d) return old;
      changed = true;
      const x = new SharedArrayBuffer(h.capacity * f.t * f.d * 4);
      const mask = sequence ? new SharedArrayBuffer(h.capacity * f.t * 4) : null;
      return { sequence, t: f.t, d: f.d, x, mask, xView: new Float32Array(x), maskView: mask ? new Float32Array(mask) : null };
    });
    h.layouts = layouts;
    h.modalities.forEach((m, i) => {
      const f = split.features[m];
      const { xView, maskView } = layouts[i];
      const row = f.t * f.d;
      for (let k = 0; k < B; k++) xView.set(f.values.subarray(index[k] * row, (index[k] + 1) * row), k * row);
      if (maskView) {
        if (!f.mask) maskView.fill(1, 0, B * f.t);
        else for (let k = 0; k < B; k++) for (let t = 0; t < f.t; t++) maskView[k * f.t + t] = f.mask[index[k] * f.t + t];
      }
    });
    return changed ? layouts.map(({ sequence, t, d, x, mask }) => ({ sequence, t, d, x, mask })) : undefined;
  }

  /** Hands `dL/dU [M, B, d]` of the current step to the workers, which start their backward pass. */
  sendGradient(dU: Float32Array): void {
    const d = this.d;
    const n = this.batch * d;
    if (dU.length !== this.model.numModalities * n) throw new ShapeError(`EncoderWorkers.sendGradient: dL/dU has ${dU.length} values, expected M·B·d = ${this.model.numModalities * n}`);
    for (const h of this.handles) {
      const [start, end] = this.rowsOf(h, this.batch);
      const rows = (end - start) * d;
      h.modalities.forEach((m, i) => h.g.set(dU.subarray(m * n + start * d, m * n + end * d), i * rows));
      this.signal(h, SLOT.G_READY);
    }
  }

  /** Σg² of each encoder parameter's gradient in the current step, by dotted name (clipping only). */
  async squaredNorms(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    // split 'rows': every worker holds the same summed gradients; worker 0 answers for all
    for (const h of this.split === 'rows' ? this.handles.slice(0, 1) : this.handles) {
      await this.waitFor(h, SLOT.SQ_READY);
      h.params.forEach((n, i) => {
        const x = h.scalars[SCALAR.SQUARED_NORMS + i];
        if (x >= 0 || Number.isNaN(x)) out.set(n, x);
      });
    }
    return out;
  }

  /** Sends the global clipping factor of the current step (clipping only). */
  sendScale(scale: number): void {
    for (const h of this.handles) {
      h.scalars[SCALAR.SCALE] = scale;
      this.signal(h, SLOT.SCALE_READY);
    }
  }

  /** Waits until every worker has applied its optimizer step. */
  async finishStep(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.stepDone));
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

/**
 * A new AdamW holding `optimizer`'s state plus the encoder slots reported by
 * {@link EncoderWorkers.pull}, under the main model's variables: what serial training would
 * hold, for a checkpoint. The caller disposes it.
 *
 * @example
 * ```ts
 * const merged = withEncoderSlots(optimizer, model, await pool.pull(true));
 * try { saveOptimizerState(dir, merged, model); } finally { merged.dispose(); }
 * ```
 */
export function withEncoderSlots(optimizer: AdamW, model: UMQModel, slots: Record<string, SlotState>): AdamW {
  const state = model.stateDict();
  const merged = new AdamW(optimizer.getConfig() as AdamWOptions);
  const list: NamedTensor[] = optimizer.getWeightsSync();
  try {
    for (const [k, s] of Object.entries(slots)) {
      const v = state[k];
      if (!v) throw new ShapeError(`withEncoderSlots: the workers report optimizer state for ${k}, which the model does not have`);
      list.push({ name: `${v.name}/m`, tensor: tf.tensor(s.m, v.shape, 'float32') }, { name: `${v.name}/v`, tensor: tf.tensor(s.v, v.shape, 'float32') }, { name: `${v.name}/step`, tensor: tf.scalar(s.step, 'int32') });
    }
    merged.setWeightsSync(list);
  } catch (e) {
    merged.dispose();
    throw e;
  } finally {
    tf.dispose(list.map((w) => w.tensor));
  }
  return merged;
}
