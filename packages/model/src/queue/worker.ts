/**
 * `umq worker`: takes runs from a queue and trains them in child processes (one per
 * concurrency slot, serving runs one after another), so training never blocks the event loop
 * that renews the run's lock in Redis. One worker per machine or more; add or remove them at
 * any time. A worker:
 * - checks every payload before anything runs (a malformed one fails for good, unretried);
 * - hands back to the queue, then stops, a run it cannot run because of this machine (another
 *   schema version, a different or missing copy of the data set), so that the run is neither
 *   executed nor lost;
 * - reports each epoch (`job.updateProgress`) and returns the result row;
 * - stops after `maxFailures` consecutive failed runs (a broken machine must not burn the
 *   queue's attempts); errors that are the run's own (bad options, shapes, data format) fail
 *   the run without retries and do not count;
 * - on SIGTERM or SIGINT takes no new run and finishes its runs within `graceSeconds`, then
 *   hands the rest back (a second signal hands them back at once); killed outright, its runs'
 *   locks lapse and another worker picks them up (BullMQ's stalled-job check).
 */
import { hostname } from 'node:os';
import { DataFormatError, StateError } from '@umq/core';
import { cliEntry } from '../eval/sweep';
import { parseQueueUrl } from './queue-url';
import { connectionOptions, loadBullmq, probeRedis } from './redis';
import { parseRunPayload, payloadSchemaVersion } from './parse-payload';
import { runIdentity } from './run-identity';
import { QUEUE_SCHEMA_VERSION, type RunPayload } from './run-payload';
import { RunChild, type ChildEntry } from './child-run';
import type { RunProgress } from './study-progress';
import type { ResultRow } from '../eval/run-experiment';
import type { Job, Worker } from 'bullmq';

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  /** Queue URL, `redis://host:port/name` (see `parseQueueUrl`). */
  url: string;
  /** Runs trained at once (one child process each). Default 1. */
  concurrency?: number;
  /** Stop after this many consecutive failed runs. Default 3. */
  maxFailures?: number;
  /** Folder the runs' relative data paths are read from. Default: the current folder. */
  dataRoot?: string;
  /** Name shown in progress and stored on jobs. Default `<host>-<pid>`. */
  name?: string;
  /** Lock of a run in Redis (s), renewed every half; a dead worker's runs go back to the queue after about this long (up to twice). Default 30. */
  lockSeconds?: number;
  /** On SIGTERM/SIGINT, finish the running runs within this many seconds, then hand them back. Default 60. */
  graceSeconds?: number;
  /** Listen to SIGTERM and SIGINT. Default true. */
  handleSignals?: boolean;
  /** Stops the worker like a signal does (for programs that embed it). */
  signal?: AbortSignal;
  /** Where log lines go. Default stderr. */
  log?: (line: string) => void;
  /** Runs a child process trains before a fresh one replaces it (1: a new process for every run). A child that did not return a row is always replaced. Default 20. */
  runsPerChild?: number;
  /** How to start a run's child process. Default: this CLI's `umq _run`. */
  child?: ChildEntry;
}

/** What a worker did. */
export interface WorkerSummary {
  /** Runs completed. */
  completed: number;
  /** Runs failed (attempts, not runs that failed for good). */
  failed: number;
  /** Runs handed back to the queue. */
  released: number;
}

/** Error codes of the run's own making: the same on every machine, so retrying cannot help. */
const RUN_ERRORS = new Set(['E_OPTION', 'E_SHAPE', 'E_DATA_FORMAT']);

/**
 * Runs a worker until it is stopped (signal, `options.signal`) or gives up.
 *
 * @param options the queue and how to work.
 * @returns what it did, once it has stopped cleanly.
 * @throws StateError after `maxFailures` consecutive failures or when a run was queued with another schema version; DataFormatError when this machine's data set differs from the coordinator's. In each case the run at hand went back to the queue.
 * @example
 * ```ts
 * const summary = await runWorker({ url: 'redis://127.0.0.1:6379/study', concurrency: 2 });
 * console.log(summary.completed);
 * ```
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const address = parseQueueUrl(options.url);
  const log = options.log ?? ((line: string) => console.error(line));
  const name = options.name ?? `${hostname()}-${process.pid}`;
  const concurrency = options.concurrency ?? 1;
  const maxFailures = options.maxFailures ?? 3;
  const lockMs = 1000 * (options.lockSeconds ?? 30);
  const graceMs = 1000 * (options.graceSeconds ?? 60);
  const dataRoot = options.dataRoot ?? process.cwd();
  const entry: ChildEntry = options.child ?? { file: cliEntry(), args: ['_run'] };
  const runsPerChild = options.runsPerChild ?? 20;
  const bull = await loadBullmq();
  await probeRedis(address, log);

  const summary: WorkerSummary = { completed: 0, failed: 0, released: 0 };
  const active = new Map<string, AbortController>();
  const idle: RunChild[] = []; // children between runs, one per concurrency slot at most
  let consecutive = 0;
  let stopError: Error | null = null;
  let closing: Promise<void> | null = null;
  // eslint-disable-next-line prefer-const
  let worker: Worker<unknown, ResultRow>;
  const stop = (): Promise<void> => (closing ??= worker.close());
  const giveUp = (e: Error) => {
    stopError ??= e;
    void stop();
  };
  const handBack = async (job: { moveToWait(token?: string): Promise<number> }, token: string | undefined): Promise<never> => {
    await job.moveToWait(token);
    summary.released++;
    throw new bull.WaitingError();
  };

  const processor = async (job: Job<unknown, ResultRow>, token?: string): Promise<ResultRow> => {
    const id = String(job.id);
    const version = payloadSchemaVersion(job.data);
    if (version !== null && version !== QUEUE_SCHEMA_VERSION) {
      const e = new StateError(`run ${id} was queued with schema version ${version}, but this worker runs version ${QUEUE_SCHEMA_VERSION}: install the coordinator's @umq/model version on this machine, then start the worker again (the run went back to the queue, unexecuted)`);
      log(`${name}: ${e.message}`);
      giveUp(e);
      return handBack(job, token);
    }
    let payload: RunPayload;
    try {
      payload = parseRunPayload(job.data);
      const own = runIdentity(payload).id;
      if (own !== id) throw new DataFormatError(`invalid run payload: job id ${id} is not the identity of its payload (${own}): the payload was altered, or queued by other means than \`umq sweep|search|ablate --queue\``);
    } catch (e) {
      log(`${name}: ${id}: refused, never run: ${(e as Error).message}`);
      throw new bull.UnrecoverableError((e as Error).message);
    }
    const attempt = Math.max(1, job.attemptsStarted ?? job.attemptsMade + 1);
    const epochs = payload.trainOptions.epochs ?? 50;
    const label = `${payload.model}${payload.ablation && payload.ablation !== 'full' ? `[${payload.ablation}]` : ''} ${JSON.stringify(payload.setting)} seed ${payload.seed}`;
    const report = (epoch: number) => {
      const p: RunProgress = { worker: name, epoch, epochs, attempt };
      job.updateProgress(p).catch(() => {}); // progress is for display: a lost update is no loss
    };
    const ctl = new AbortController();
    active.set(id, ctl);
    log(`${name}: ${id}: ${label}: started (attempt ${attempt})`);
    report(0);
    const t0 = Date.now();
    const child = idle.pop() ?? new RunChild(entry);
    const out = await child.run(payload, { dataRoot, attempt, signal: ctl.signal, onProgress: (epoch) => report(epoch) }).finally(() => active.delete(id));
    if (child.alive && child.runs < runsPerChild && !closing) idle.push(child);
    else child.retire();
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    switch (out.kind) {
      case 'result':
        consecutive = 0;
        summary.completed++;
        log(`${name}: ${id}: done in ${seconds} s`);
        return out.row;
      case 'refused': {
        const e = new DataFormatError(out.message);
        log(`${name}: ${id}: ${out.message} (the run went back to the queue, unexecuted)`);
        giveUp(e);
        return handBack(job, token);
      }
      case 'aborted':
        if (out.reason === 'release') {
          log(`${name}: ${id}: stopped after ${seconds} s and handed back to the queue`);
          return handBack(job, token);
        }
        summary.failed++;
        log(`${name}: ${id}: stopped: its lock in Redis was lost (another worker took it over, or Redis lost it)`);
        throw new Error('the lock of the run was lost while it ran (Redis restarted without its data, or the worker was stalled longer than --lock-seconds)');
      case 'error': {
        summary.failed++;
        const message = `${out.name}: ${out.message}`;
        log(`${name}: ${id}: failed after ${seconds} s: ${message}`);
        if (out.code && RUN_ERRORS.has(out.code)) throw new bull.UnrecoverableError(message);
        if (++consecutive >= maxFailures) giveUp(new StateError(`stopped after ${consecutive} consecutive failed runs (the last: ${message}); this machine may be broken (memory, disk, engine): check it, then start the worker again; its failed runs are retried by other workers`));
        throw new Error(message);
      }
      case 'crashed':
        summary.failed++;
        log(`${name}: ${id}: failed after ${seconds} s: ${out.message}`);
        if (++consecutive >= maxFailures) giveUp(new StateError(`stopped after ${consecutive} consecutive failed runs (the last: ${out.message}); this machine may be broken (memory, disk, engine): check it, then start the worker again; its failed runs are retried by other workers`));
        throw new Error(out.message);
    }
  };

  worker = new bull.Worker<unknown, ResultRow>(address.name, processor, {
    connection: connectionOptions(address),
    name,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
    autorun: false,
  });
  let lastError = 0;
  worker.on('error', (e) => {
    if (Date.now() - lastError > 10_000) log(`${name}: Redis at ${address.display}: ${e.message} (retrying)`);
    lastError = Date.now();
  });
  worker.on('lockRenewalFailed', (ids: string[]) => {
    for (const id of ids) active.get(id)?.abort('lost');
  });

  const releaseAll = () => {
    for (const ctl of active.values()) ctl.abort('release');
  };
  let signals = 0;
  let grace: NodeJS.Timeout | undefined;
  const onSignal = (sig: string) => {
    signals++;
    if (signals === 1) {
      log(`${name}: ${sig}: taking no new run; finishing ${active.size} running run(s) within ${graceMs / 1000} s, then handing them back (${sig} again hands them back now)`);
      grace = setTimeout(releaseAll, graceMs);
      void stop();
    } else releaseAll();
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  const onAbort = () => onSignal('stop');
  if (options.handleSignals !== false) {
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  }
  options.signal?.addEventListener('abort', onAbort, { once: true });
  log(`${name}: taking runs from ${address.display} (concurrency ${concurrency}, data root ${dataRoot}); stop with Ctrl-C or SIGTERM`);
  try {
    void worker.run().catch((e: Error) => giveUp(e));
    await new Promise<void>((resolve) => worker.once('closed', () => resolve()));
  } finally {
    for (const child of idle.splice(0)) child.retire();
    clearTimeout(grace);
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    options.signal?.removeEventListener('abort', onAbort);
  }
  log(`${name}: stopped (${summary.completed} done, ${summary.failed} failed, ${summary.released} handed back)`);
  if (stopError) throw stopError;
  return summary;
}
