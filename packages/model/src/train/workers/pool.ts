/**
 * The worker threads of a step runner: spawning them, requests with replies and timeouts,
 * waiting on and setting shared step flags, and failure handling, whatever the runner's
 * protocol. Any failure of a worker (an exception, an exit, no answer within the timeout, a
 * model other than the main thread's) rejects the waiting calls with a {@link WorkerError}
 * naming the worker and raises every worker's abort flag, so that no thread waits for a dead
 * one; {@link WorkerPool.close} terminates every worker and is safe to call at any time.
 */
import { Worker } from 'node:worker_threads';
import { WorkerError } from '@umq/core';
import type { WorkerReply } from './protocol';
import type { WorkerEntry } from './entry';

interface Pending<R> {
  resolve: (r: R) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

/** What the pool keeps of every worker; runners extend it with their shared memory. */
export interface PoolWorker {
  /** Human-readable name, e.g. `'replica 1 of 2'`. */
  label: string;
  /** The thread. */
  worker: Worker;
  /** Int32 step flags shared with the worker (one of them the abort flag). */
  control: Int32Array;
  /** What the worker must report in its `ready` message (its parameters), in its order. */
  params: string[];
  /** The first failure, if any. */
  error: WorkerError | null;
  /** @internal replies awaited, by request id */
  pending: Map<number, Pending<never>>;
}

/** Layout facts of a runner's control array the pool needs. */
export interface ControlLayout {
  /** Number of Int32 slots. */
  slots: number;
  /** The slot the main thread sets to nonzero when it gives up; a waiting worker stops. */
  abort: number;
}

type WaitAsync = (a: Int32Array, index: number, value: number, timeout?: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** `Omit` over each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The worker threads of one `train()` call, for a protocol with requests `Req` (each with an
 * `id` and a `type`) and replies carrying `R`.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool<MyWorker, MyRequest, MyReply>({ slots: 4, abort: 3 }, 600_000);
 * const h = pool.spawn(entry, init, { label: 'replica 0', params, control: new Int32Array(init.control) });
 * await pool.started();
 * try { await pool.request(h, { type: 'step', ... }); } finally { await pool.close(); }
 * ```
 */
export class WorkerPool<H extends PoolWorker, Req extends { id: number; type: string }, R extends object = object> {
  /** The workers, in spawn order. */
  readonly handles: H[] = [];
  private nextId = 1;
  private closing = false;
  private readonly startups: Promise<unknown>[] = [];

  /**
   * @param layout - the control array's size and abort slot
   * @param timeoutMs - longest wait for an answer of a worker, in ms (start-up gets at least 2 minutes)
   */
  constructor(private readonly layout: ControlLayout, readonly timeoutMs: number) {}

  /**
   * Starts a worker from `entry` with `init` as its `workerData`; `handle` is the runner's record
   * of it (without the pool's fields). Await {@link WorkerPool.started} after spawning all.
   */
  spawn(entry: WorkerEntry, init: object, handle: Omit<H, 'worker' | 'error' | 'pending'>): H {
    const worker = new Worker(entry.url, { workerData: entry.source ? { ...init, source: entry.source } : init, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
    const h = { ...handle, worker, error: null, pending: new Map() } as unknown as H;
    this.handles.push(h);
    this.startups.push(this.expect(h, 0, 'start-up', Math.max(this.timeoutMs, 120_000)));
    this.wire(h);
    return h;
  }

  /** Resolves when every spawned worker is ready; on a failure closes the pool and rejects. */
  async started(): Promise<void> {
    try {
      await Promise.all(this.startups);
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  private wire(h: H): void {
    h.worker.on('message', (msg: WorkerReply<R>) => {
      if (msg.type === 'error') {
        const cause = Object.assign(new Error(msg.error.message), { name: msg.error.name, code: msg.error.code });
        if (msg.error.stack) cause.stack = msg.error.stack;
        this.fail(h, new WorkerError(`${h.label} failed: ${msg.error.name}: ${msg.error.message}`, h.label, { cause }));
        return;
      }
      if (msg.type === 'ready' && msg.params.join() !== h.params.join()) {
        const diff = msg.params.map((p, i) => (p === h.params[i] ? null : `${h.params[i] ?? '(none)'} here, ${p} in the worker`)).find((x) => x) ?? `${h.params.length} here, ${msg.params.length} in the worker`;
        this.fail(h, new WorkerError(`${h.label} built a model with other parameters than the main thread's (${msg.params.length} vs ${h.params.length}; first difference: ${diff}): the worker must build the same model`, h.label));
        return;
      }
      const id = msg.type === 'ready' ? 0 : msg.id;
      const p = h.pending.get(id) as Pending<unknown> | undefined;
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

  /** Marks a worker failed: rejects its pending calls, raises every worker's abort flag and wakes every wait. */
  private fail(h: H, error: WorkerError): void {
    if (h.error) return;
    h.error = error;
    for (const p of h.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
    h.pending.clear();
    this.abortAll();
  }

  private abortAll(): void {
    for (const w of this.handles) {
      Atomics.store(w.control, this.layout.abort, 1);
      for (let s = 0; s < this.layout.slots; s++) Atomics.notify(w.control, s);
    }
  }

  /** A promise for the reply `id`, failing after the timeout; never an unhandled rejection. */
  private expect(h: H, id: number, what: string, timeoutMs = this.timeoutMs): Promise<Extract<WorkerReply<R>, { type: 'reply' }>> {
    const p = new Promise<Extract<WorkerReply<R>, { type: 'reply' }>>((resolve, reject) => {
      if (h.error) return reject(h.error);
      const timer = setTimeout(() => this.fail(h, new WorkerError(`${h.label}: no answer to ${what} within ${timeoutMs} ms: the worker is stuck or the machine is overloaded`, h.label)), timeoutMs);
      h.pending.set(id, { resolve, reject, timer } as Pending<never>);
    });
    p.catch(() => {});
    return p;
  }

  /** Sends a request (its id is filled in) and resolves with the worker's reply. */
  request(h: H, req: DistributiveOmit<Req, 'id'>): Promise<Extract<WorkerReply<R>, { type: 'reply' }>> {
    const full = { ...req, id: this.nextId++ } as Req;
    const p = this.expect(h, full.id, full.type);
    if (!h.error) h.worker.postMessage(full);
    return p;
  }

  /** Waits (without blocking the event loop) until the worker sets `slot` to `step`. */
  async waitFor(h: H, slot: number, step: number): Promise<void> {
    for (;;) {
      if (h.error) throw h.error;
      const seen = Atomics.load(h.control, slot);
      if (seen === step) return;
      const r = waitAsync(h.control, slot, seen, 1000);
      if (r.async) await r.value;
    }
  }

  /** Sets the main thread's flag `slot` of a worker to `step` and wakes it. */
  signal(h: H, slot: number, step: number): void {
    Atomics.store(h.control, slot, step);
    Atomics.notify(h.control, slot);
  }

  /** Terminates every worker (idempotent; safe in `finally`, also while a step is half done). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.abortAll();
    await Promise.all(this.handles.map((h) => h.worker.terminate().catch(() => 0)));
    for (const h of this.handles) this.fail(h, new WorkerError(`${h.label} was closed`, h.label));
  }
}
