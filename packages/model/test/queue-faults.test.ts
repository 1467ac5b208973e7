/**
 * Faults of a queued study against a real redis-server (started here, stopped afterwards): a
 * worker killed mid-run with its whole process group, a run whose child crashes on its first
 * attempt, a worker that keeps failing, SIGTERM while a run trains (finish, or hand back),
 * malformed payloads, another schema version, a different copy of the data set, and Redis
 * restarted mid-sweep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { initEngine } from '@umq/core';
import { loadDataset } from '@umq/datasets';
import { runSweep, planExperiments, rowKey, type SweepPlan } from '../src/eval/sweep';
import type { ResultRow } from '../src/eval/run-experiment';
import { datasetContentHash } from '../src/queue/dataset-hash';
import { studyRuns } from '../src/queue/study-runs';
import { runIdentity } from '../src/queue/run-identity';
import type { RunProgress } from '../src/queue/study-progress';
import { cleanQueue, queueStatus, retryFailed } from '../src/queue/queue-admin';
import { redisTestsEnabled, startRedis, type TestRedis } from '../../../tools/testing/redis-server';
import { killAll, start, starts, waitFor, type Proc } from './queue/processes';

const enabled = redisTestsEnabled();
const tmp = mkdtempSync(join(tmpdir(), 'umq-queue-faults-'));
const LAUNCHER = fileURLToPath(new URL('./queue/worker-with-child.ts', import.meta.url));
const TRAIN = { epochs: 2, batchSize: 32, learningRate: 1e-3, weightDecay: 1e-4, patience: 10, clipNorm: null, restoreBest: true };
/** Tiny runs (about a second of training each). */
const SMALL: SweepPlan = { dataset: { kind: 'synthetic', samples: 120, seed: 0 }, models: ['umq', 'late-fusion'], protocols: ['clean', 'missing'], rates: [0.3], seeds: [1], model: { d: 8 }, train: TRAIN };
/** Longer runs (UMQ, 6 epochs): a signal sent after epoch 1 lands mid-run with seconds to spare (checked: the run never finishes there). */
const LONG: SweepPlan = { dataset: { kind: 'synthetic', samples: 120, seed: 0 }, models: ['umq'], protocols: ['clean', 'noise'], rates: [0.3], seeds: [1, 2], model: { d: 8 }, train: { ...TRAIN, epochs: 6 } };
const timeless = ({ seconds: _s, ...r }: ResultRow) => r;
const queueOf = (name: string, redis: TestRedis) => new Queue(name, { connection: { host: '127.0.0.1', port: redis.port } });

/** Resolves with the first progress event of `worker` past epoch 0 on queue `name`. */
async function midRun(redis: TestRedis, name: string, worker: string): Promise<string> {
  const events = new QueueEvents(name, { connection: { host: '127.0.0.1', port: redis.port } });
  await events.waitUntilReady();
  try {
    return await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no progress from ${worker} on ${name} in 180 s`)), 180_000);
      events.on('progress', ({ jobId, data }) => {
        const p = data as RunProgress;
        if (p.worker === worker && p.epoch >= 1) {
          clearTimeout(t);
          resolve(jobId);
        }
      });
    });
  } finally {
    await events.close();
  }
}

function groupGone(p: Proc): boolean {
  try {
    process.kill(-p.pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe.skipIf(enabled !== true)('queued study faults (BullMQ on a real redis-server)', () => {
  let redis: TestRedis;
  let local: Map<string, ResultRow>;
  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    await initEngine();
    local = new Map((await runSweep(SMALL, { out: join(tmp, 'local') })).map((r) => [rowKey(r), r]));
  }, 240_000);
  afterAll(async () => {
    killAll();
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a worker killed with SIGKILL mid-run (its whole process group): another worker runs it, each row once, nothing lost', async () => {
    const url = redis.url('kill');
    const victim = start(['worker', '--queue', url, '--name', 'k1', '--lock-seconds', '4']);
    const killed = midRun(redis, 'kill', 'k1');
    const sweep = runSweep(LONG, { out: join(tmp, 'kill'), queue: { url, progress: false, pollMs: 300 } });
    const survivor = start(['worker', '--queue', url, '--name', 'k2', '--lock-seconds', '4']);
    const id = await killed;
    victim.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const rows = await sweep;
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map(rowKey)).size).toBe(4);
    expect(victim.output()).not.toContain(`${id}: done`); // it died mid-run
    expect(starts(survivor.output(), id)).toHaveLength(1); // and the survivor ran it
    expect(groupGone(victim)).toBe(true); // the run's child went with the worker's group
    const queue = queueOf('kill', redis);
    try {
      const job = (await queue.getJob(id))!;
      expect(job.processedBy).toBe('k2');
      expect(job.attemptsStarted).toBe(2);
      expect(job.attemptsMade).toBe(1); // BullMQ counts the finished attempt only: a dead worker's run used none up
      expect(await queue.getJobCounts('completed')).toEqual({ completed: 4 });
    } finally {
      await queue.close();
    }
    survivor.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 300_000);

  it('a run whose child exits non-zero on its first attempt is retried and completes with the local row', async () => {
    const url = redis.url('crash');
    const worker = start([url, 'c1', '3'], LAUNCHER, { UMQ_TEST_FAULT: 'first-attempt' });
    const plan: SweepPlan = { ...SMALL, models: ['umq'], protocols: ['clean'] };
    const rows = await runSweep(plan, { out: join(tmp, 'crash'), queue: { url, progress: false, pollMs: 300, backoffMs: 300 } });
    expect(rows).toHaveLength(1);
    expect(timeless(rows[0])).toEqual(timeless(local.get(rowKey(rows[0]))!));
    const out = worker.output();
    expect(out).toMatch(/failed after [\d.]+ s: the run's child process exited with code 3 before it returned a row/);
    expect(out).toMatch(/started \(attempt 2\)/);
    const queue = queueOf('crash', redis);
    try {
      const [job] = await queue.getCompleted();
      expect([job.attemptsStarted, job.attemptsMade]).toEqual([2, 2]); // one failed attempt, one that finished
    } finally {
      await queue.close();
    }
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 180_000);

  it('a worker stops after K consecutive failed runs, with a clear message, without using up the runs', async () => {
    const url = redis.url('broken');
    const queue = queueOf('broken', redis);
    const ds = await loadDataset(SMALL.dataset);
    const runs = studyRuns(SMALL, planExperiments(SMALL).slice(0, 3), { spec: SMALL.dataset, name: ds.name, hash: datasetContentHash(ds) });
    try {
      await queue.addBulk(runs.map((r) => ({ name: 'run', data: r.payload, opts: { jobId: r.id, attempts: 3, backoff: { type: 'fixed', delay: 600_000 } } })));
      const worker = start([url, 'b1', '2'], LAUNCHER, { UMQ_TEST_FAULT: 'always' });
      expect(await worker.exited).toBe(2);
      expect(worker.output()).toMatch(/stopped after 2 consecutive failed runs \(the last: the run's child process exited with code 3[^)]*\); this machine may be broken/);
      expect(await queue.getJobCounts('waiting', 'delayed', 'failed')).toEqual({ waiting: 1, delayed: 2, failed: 0 }); // two attempts used, nothing failed for good
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 120_000);

  it('SIGTERM while a run trains: the worker finishes it, or with --grace-seconds 0 hands it back; both exit 0', async () => {
    const url = redis.url('term');
    const plan: SweepPlan = { ...LONG, protocols: ['clean'] }; // 2 runs
    const finisher = start(['worker', '--queue', url, '--name', 't1']);
    const first = midRun(redis, 'term', 't1');
    const sweep = runSweep(plan, { out: join(tmp, 'term'), queue: { url, progress: false, pollMs: 300 } });
    const id1 = await first;
    finisher.kill('SIGTERM');
    expect(await finisher.exited).toBe(0);
    expect(finisher.output()).toContain(`${id1}: done`);
    expect(starts(finisher.output())).toHaveLength(1); // no new run after the signal
    const releaser = start(['worker', '--queue', url, '--name', 't2', '--grace-seconds', '0']);
    const id2 = await midRun(redis, 'term', 't2');
    releaser.kill('SIGTERM');
    expect(await releaser.exited).toBe(0);
    expect(releaser.output()).toContain(`${id2}: stopped after`);
    expect(releaser.output()).toMatch(/handed back to the queue/);
    const last = start(['worker', '--queue', url, '--name', 't3']);
    const rows = await sweep;
    expect(rows).toHaveLength(2);
    expect(starts(last.output(), id2)).toHaveLength(1);
    last.kill('SIGTERM');
    expect(await last.exited).toBe(0);
  }, 300_000);

  it('malformed payloads fail for good, unexecuted; another schema version and another copy of the data go back to the queue and stop the worker', async () => {
    const url = redis.url('bad');
    const queue = queueOf('bad', redis);
    const ds = await loadDataset(SMALL.dataset);
    const [run] = studyRuns(SMALL, planExperiments(SMALL).slice(0, 1), { spec: SMALL.dataset, name: ds.name, hash: datasetContentHash(ds) });
    const opts = { attempts: 3, backoff: { type: 'fixed', delay: 100 } };
    try {
      await queue.add('run', { hello: 'world' }, { ...opts, jobId: 'junk' });
      await queue.add('run', { ...run.payload, evil: 'rm -rf /' }, { ...opts, jobId: 'unknown-field' });
      await queue.add('run', { ...run.payload, seed: '1' }, { ...opts, jobId: 'wrong-type' });
      await queue.add('run', run.payload, { ...opts, jobId: 'run-0000' });
      const worker = start(['worker', '--queue', url, '--name', 'f1', '--max-failures', '1']);
      await waitFor(async () => (await queue.getFailedCount()) === 4, 120_000, 'four failed payloads');
      const reasons: Record<string, [string, number]> = Object.fromEntries((await queue.getFailed()).map((j) => [j.id, [j.failedReason, j.attemptsMade]]));
      expect(reasons.junk[0]).toMatch(/^invalid run payload: payload\.hello is not a known field/);
      expect(reasons['unknown-field'][0]).toMatch(/^invalid run payload: payload\.evil is not a known field/);
      expect(reasons['wrong-type'][0]).toMatch(/^invalid run payload: payload\.seed must be an integer/);
      expect(reasons['run-0000'][0]).toMatch(/^invalid run payload: job id run-0000 is not the identity of its payload/);
      for (const [, attempts] of Object.values(reasons)) expect(attempts).toBe(1); // never retried
      expect(starts(worker.output())).toHaveLength(0); // never executed
      expect(worker.output()).toMatch(/refused, never run/);

      const future = { ...run.payload, schemaVersion: 2 };
      await queue.add('run', future, { ...opts, jobId: 'from-the-future' });
      expect(await worker.exited).toBe(2); // malformed payloads did not count as failures; this stops it
      expect(worker.output()).toMatch(/run from-the-future was queued with schema version 2, but this worker runs version 1: install the coordinator's @umq\/model version/);
      expect(starts(worker.output())).toHaveLength(0);
      expect(await queue.getJobState('from-the-future')).toBe('waiting'); // handed back, not lost
      await queue.remove('from-the-future');

      // umq queue status|retry|clean on what is left: 4 failed runs
      const status = await queueStatus(url);
      expect(status.counts).toMatchObject({ failed: 4, waiting: 0, active: 0 });
      expect(status.failed.find((f) => f.id === 'wrong-type')).toMatchObject({ attempts: 1, error: expect.stringMatching(/^invalid run payload: payload\.seed must be an integer/) });
      expect(status.failed.find((f) => f.id === 'junk')?.label).toBe('(malformed payload)');
      expect(await retryFailed(url, ['junk'])).toBe(1);
      expect(await queue.getJobState('junk')).toBe('waiting');
      await expect(retryFailed(url, ['junk'])).rejects.toThrow(/run junk is waiting, not failed: only failed runs can be retried/);
      expect(await cleanQueue(url, ['failed'])).toBe(3);
      expect(await queue.getJobCounts('failed', 'waiting')).toEqual({ failed: 0, waiting: 1 });
      expect(await cleanQueue(url, ['all'])).toBe(1);

      const other = { ...run.payload, dataset: { ...run.payload.dataset, hash: `sha256:${'1'.repeat(64)}` } };
      await queue.add('run', other, { ...opts, jobId: runIdentity(other).id });
      const second = start(['worker', '--queue', url, '--name', 'f2']);
      expect(await second.exited).toBe(2);
      expect(second.output()).toMatch(/the data set synthetic \(.*\) on this machine hashes to sha256:[0-9a-f]{64}, but the run was queued for sha256:1{64}: this machine's copy differs/);
      expect(await queue.getJobState(runIdentity(other).id)).toBe('waiting');
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 180_000);

  it('Redis restarted mid-sweep (appendonly on): the sweep completes with the local rows', async () => {
    const url = redis.url('redis-restart');
    const workers = ['e1', 'e2'].map((name) => start(['worker', '--queue', url, '--name', name, '--lock-seconds', '10']));
    let restarted: Promise<void> | null = null;
    const rows = await runSweep(SMALL, {
      out: join(tmp, 'redis-restart'),
      queue: { url, progress: false, pollMs: 300 },
      onRow: () => (restarted ??= redis.restart()),
    });
    await restarted;
    expect(restarted).not.toBeNull();
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(timeless(r)).toEqual(timeless(local.get(rowKey(r))!));
    for (const w of workers) w.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  }, 300_000);
});
