/**
 * Queued sweeps against a real redis-server (started here on a free loopback port, stopped
 * afterwards): a 12-run sweep over 3 workers gives the local sweep's rows; a coordinator killed
 * mid-sweep and started again queues nothing twice and collects every row.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { initEngine } from '@umq/core';
import { runSweep, readRows, rowKey, type SweepPlan } from '../src/eval/sweep';
import type { ResultRow } from '../src/eval/run-experiment';
import { redisTestsEnabled, startRedis, type TestRedis } from '../../../tools/testing/redis-server';
import { killAll, start, starts, waitFor } from './queue/processes';

const enabled = redisTestsEnabled();
const tmp = mkdtempSync(join(tmpdir(), 'umq-queue-sweep-'));
/** The 12-run sweep: 2 models × 3 settings × 2 seeds, tiny runs (120 samples, 2 epochs, d 8). */
const ARGS = ['--samples', '120', '--models', 'umq,late-fusion', '--protocols', 'clean,noise,missing', '--rates', '0.3', '--seeds', '1,2', '--epochs', '2', '--d', '8', '--batch-size', '32'];
const PLAN: SweepPlan = {
  dataset: { kind: 'synthetic', samples: 120, seed: 0 },
  models: ['umq', 'late-fusion'], ablations: ['full'], protocols: ['clean', 'noise', 'missing'], rates: [0.3], seeds: [1, 2],
  model: { d: 8 },
  train: { epochs: 2, batchSize: 32, learningRate: 1e-3, weightDecay: 1e-4, patience: 10, clipNorm: null, restoreBest: true, runner: { kind: 'serial' }, monitor: 'loss', divergenceFactor: 10 },
};
const timeless = ({ seconds: _s, ...r }: ResultRow) => r;

describe.skipIf(enabled !== true)('queued sweeps (BullMQ on a real redis-server)', () => {
  let redis: TestRedis;
  let local: ResultRow[] = [];
  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    await initEngine();
    local = await runSweep(PLAN, { out: join(tmp, 'local') }); // the reference: the same plan in this process
    expect(local).toHaveLength(12);
  }, 240_000);
  afterAll(async () => {
    killAll();
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a 12-run sweep over 3 workers gives the same rows (metrics equal) as the local sweep', async () => {
    const url = redis.url('twelve');
    const workers = ['w1', 'w2', 'w3'].map((name) => start(['worker', '--queue', url, '--name', name]));
    const rows = await runSweep(PLAN, { out: join(tmp, 'twelve'), queue: { url, progress: false, pollMs: 300 } });
    expect(rows.map(timeless)).toEqual(local.map(timeless));
    const logs = workers.map((w) => w.output());
    expect(starts(logs.join('\n'))).toHaveLength(12); // each run trained once
    expect(logs.filter((l) => starts(l).length > 0).length, logs.join('\n')).toBeGreaterThanOrEqual(2);
    for (const w of workers) w.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0]); // idle workers stop cleanly
    for (const l of logs) expect(l).not.toMatch(/failed|Error/);
  }, 300_000);

  it('a coordinator killed mid-sweep and started again queues no run twice and collects every row', async () => {
    const url = redis.url('restart');
    const out = join(tmp, 'restart');
    const args = ['sweep', ...ARGS, '--seeds', '1', '--protocols', 'clean,noise', '--queue', url, '--out', out]; // 4 runs
    const workers = ['r1', 'r2'].map((name) => start(['worker', '--queue', url, '--name', name]));
    const first = start(args);
    await waitFor(() => readRows(out).length >= 1, 180_000, 'the first collected row');
    first.kill('SIGKILL');
    await first.exited;
    const collected = readRows(out).length;
    expect(collected).toBeLessThan(4); // killed mid-sweep
    const second = start(args);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toMatch(/4 runs in the study \(\d done before\): queued 0, \d were in queue/); // nothing queued again
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { rows: ResultRow[] };
    expect(results.rows).toHaveLength(4);
    expect(new Set(results.rows.map(rowKey)).size).toBe(4);
    const byKey = new Map(local.map((r) => [rowKey(r), r]));
    for (const r of results.rows) expect(timeless(r)).toEqual(timeless(byKey.get(rowKey(r))!));
    for (const f of ['results.md', 'results.csv', 'index.html']) expect(existsSync(join(out, f)), f).toBe(true);
    const queue = new Queue('restart', { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      expect(await queue.getJobCounts('completed', 'waiting', 'active', 'failed', 'delayed')).toEqual({ completed: 4, waiting: 0, active: 0, failed: 0, delayed: 0 });
      for (const job of await queue.getCompleted()) expect(job.attemptsStarted, job.id).toBe(1); // no run trained twice
    } finally {
      await queue.close();
    }
    expect(starts(workers.map((w) => w.output()).join('\n'))).toHaveLength(4);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }, 300_000);
});
