/**
 * The worker side of a step runner's protocol: bounded blocking waits on shared flags (which
 * give up when the main thread aborts), setting flags, the fault hook of the tests, and the
 * request loop that answers every request with a reply or an error.
 */
import { parentPort } from 'node:worker_threads';
import { serializeError, type FaultSpec, type WorkerInitBase, type WorkerReply } from './protocol';

/** What a worker thread knows of its own protocol. */
export type ThreadInit = Pick<WorkerInitBase, 'label' | 'control' | 'timeoutMs' | 'fault'>;

/**
 * One worker thread's end of the protocol.
 *
 * @example
 * ```ts
 * const thread = new WorkerThread(workerData, SLOT.ABORT);
 * thread.serve((req) => (req.type === 'step' ? step(req) : undefined));
 * thread.ready(paramNames);
 * ```
 */
export class WorkerThread {
  /** The control array. */
  readonly control: Int32Array;
  private readonly port = parentPort!;

  /**
   * @param init - the worker's label, control array, timeout and fault hook
   * @param abortSlot - the slot of the control array the main thread sets when it gives up
   */
  constructor(private readonly init: ThreadInit, private readonly abortSlot: number) {
    this.control = new Int32Array(init.control);
  }

  /**
   * Blocks until `flags[slot]` is `step` (by default a slot of the control array). Throws when
   * the main thread aborts or `started + timeout` passes.
   */
  waitFor(slot: number, step: number, what: string, from = 'the main thread', flags: Int32Array = this.control, started = Date.now()): void {
    const deadline = started + this.init.timeoutMs;
    for (;;) {
      const seen = Atomics.load(flags, slot);
      if (seen === step) return;
      if (Atomics.load(this.control, this.abortSlot) !== 0) throw new Error(`${this.init.label}: the main thread aborted step ${step} while the worker waited for ${what} from ${from}`);
      if (Date.now() > deadline) throw new Error(`${this.init.label}: no ${what} from ${from} within ${this.init.timeoutMs} ms at step ${step}`);
      Atomics.wait(flags, slot, seen, 200);
    }
  }

  /** Sets the control slot `slot` to `step` and wakes the main thread. */
  signal(slot: number, step: number): void {
    Atomics.store(this.control, slot, step);
    Atomics.notify(this.control, slot);
  }

  /** The test hook: fails as `init.fault` says when it names this step and phase. */
  fault(step: number, phase: FaultSpec['phase']): void {
    const f = this.init.fault;
    if (!f || f.step !== step || f.phase !== phase) return;
    if (f.kind === 'exit') process.exit(3);
    if (f.kind === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // until terminated
    throw new Error(`injected fault at step ${step} (${phase})`);
  }

  /** Answers every request: `handle`'s result (an object) goes into the reply; a throw becomes an error reply. */
  serve<Req extends { id: number; type: string }>(handle: (req: Req) => object | void): void {
    this.port.on('message', (req: Req) => {
      try {
        this.send({ type: 'reply', id: req.id, ...(handle(req) ?? {}) });
      } catch (e) {
        this.send({ type: 'error', id: req.id, error: serializeError(e) });
      }
    });
  }

  /** Tells the main thread the worker is ready, with its parameters. */
  ready(params: string[]): void {
    this.send({ type: 'ready', params });
  }

  /** Reports a failure of the start-up. */
  fatal(e: unknown): void {
    this.send({ type: 'error', id: 0, error: serializeError(e) });
  }

  private send(msg: WorkerReply): void {
    this.port.postMessage(msg);
  }
}
