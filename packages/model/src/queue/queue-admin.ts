/**
 * `umq queue status|retry|clean`: what a queue holds, failed runs back into it, finished runs
 * out of it.
 */
import { OptionError } from '@umq/core';
import { parseQueueUrl, type QueueAddress } from './queue-url';
import { connectionOptions, loadBullmq, probeRedis } from './redis';
import { payloadSchemaVersion } from './parse-payload';
import type { Queue } from 'bullmq';

/** One failed run. */
export interface FailedRun {
  /** Run id. */
  id: string;
  /** Model, setting and seed, when the payload says. */
  label: string;
  /** Attempts made. */
  attempts: number;
  /** The first line of its last error. */
  error: string;
}

/** What {@link queueStatus} returns. */
export interface QueueStatus {
  /** The queue (password masked). */
  queue: string;
  /** Runs per state: waiting, active, delayed (a retry's back-off), prioritized, completed, failed. */
  counts: Record<string, number>;
  /** Workers connected now, by name. */
  workers: string[];
  /** Failed runs (at most `limit`). */
  failed: FailedRun[];
  /** Running runs: id, worker and progress. */
  active: {
    /** Run id. */
    id: string;
    /** The worker's name. */
    worker: string;
    /** Its last progress report. */
    progress: unknown;
  }[];
}

const firstLine = (s: string | undefined): string => (s ?? '').split('\n').find((l) => l.trim()) ?? '(no message)';

function label(data: unknown): string {
  const d = data as { model?: unknown; setting?: unknown; seed?: unknown } | null;
  if (payloadSchemaVersion(data) === null || typeof d?.model !== 'string') return '(malformed payload)';
  return `${d.model} ${JSON.stringify(d.setting)} seed ${String(d.seed)}`;
}

async function withQueue<T>(url: string, f: (queue: Queue, address: QueueAddress) => Promise<T>): Promise<T> {
  const address = parseQueueUrl(url);
  const bull = await loadBullmq();
  await probeRedis(address);
  const queue = new bull.Queue(address.name, { connection: connectionOptions(address) });
  queue.on('error', () => {});
  try {
    return await f(queue, address);
  } finally {
    await queue.close();
  }
}

/**
 * Counts per state, connected workers, running runs and failed runs with their one-line error.
 *
 * @param url the queue URL.
 * @param limit failed runs listed at most. Default 50.
 * @example
 * ```ts
 * const s = await queueStatus('redis://127.0.0.1:6379/study');
 * console.log(s.counts.failed, s.failed[0]?.error);
 * ```
 */
export async function queueStatus(url: string, limit = 50): Promise<QueueStatus> {
  return withQueue(url, async (queue, address) => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const workers = (await queue.getWorkers()).map((w) => w.rawname?.split(':').pop() ?? w.name ?? '?');
    const failedJobs = await queue.getFailed(0, limit - 1);
    const activeJobs = await queue.getActive(0, 99);
    return {
      queue: address.display,
      counts,
      workers,
      failed: failedJobs.map((j) => ({ id: String(j.id), label: label(j.data), attempts: j.attemptsMade, error: firstLine(j.failedReason) })),
      active: activeJobs.map((j) => ({ id: String(j.id), worker: j.processedBy ?? '?', progress: j.progress })),
    };
  });
}

/**
 * Puts failed runs back into the queue (all of them, or the ones named), with fresh attempts.
 *
 * @param url the queue URL.
 * @param ids run ids to retry (default: every failed run).
 * @returns how many runs went back.
 * @throws OptionError for a named run that is not failed.
 * @example
 * ```ts
 * await retryFailed('redis://127.0.0.1:6379/study'); // then run the coordinator again
 * ```
 */
export async function retryFailed(url: string, ids?: string[]): Promise<number> {
  return withQueue(url, async (queue) => {
    const targets = ids ?? (await queue.getFailed(0, -1)).map((j) => String(j.id));
    let n = 0;
    for (const id of targets) {
      const state = await queue.getJobState(id);
      if (state !== 'failed') {
        if (ids) throw new OptionError(`run ${id} is ${state === 'unknown' ? 'not in the queue' : state}, not failed: only failed runs can be retried`);
        continue;
      }
      const job = await queue.getJob(id);
      await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      n++;
    }
    return n;
  });
}

/** Which runs {@link cleanQueue} removes. */
export type CleanState = 'completed' | 'failed' | 'all';

/**
 * Removes finished runs (completed, failed) or, with 'all', everything the queue holds
 * (waiting and running runs too). A completed run's row is stored only in Redis until a
 * coordinator collects it: clean completed runs after the study's last coordinator finished.
 *
 * @param url the queue URL.
 * @param states what to remove.
 * @returns runs removed ('all': the runs the queue held).
 * @example
 * ```ts
 * await cleanQueue('redis://127.0.0.1:6379/study', ['completed', 'failed']);
 * ```
 */
export async function cleanQueue(url: string, states: CleanState[]): Promise<number> {
  return withQueue(url, async (queue) => {
    if (states.includes('all')) {
      const counts = await queue.getJobCounts();
      await queue.obliterate({ force: true });
      return Object.values(counts).reduce((a, b) => a + b, 0);
    }
    let n = 0;
    for (const s of states as ('completed' | 'failed')[]) {
      for (;;) {
        const removed = await queue.clean(0, 1000, s);
        n += removed.length;
        if (removed.length < 1000) break;
      }
    }
    return n;
  });
}
