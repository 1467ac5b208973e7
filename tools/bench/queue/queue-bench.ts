/**
 * The job-queue benchmark of issue 18 (not a test): one study of 24 runs, trained
 * (1) by `umq sweep` without a queue (one process, its start included), (2) through the queue
 * by 1 worker process, (3) through the queue by 2 worker processes (started and idle before the
 * clock starts; the coordinator runs in this process), against a redis-server
 * started here (appendonly on, as in production). It reports the wall time of each and, from the
 * jobs' BullMQ timestamps, the queue's overhead per run: the time a worker holds a run outside
 * `runExperiment` (child process start, engine start, loading and hashing the data set, IPC,
 * Redis round trips), the gap between a worker's runs (picking up the next job), and the delay
 * until the coordinator has the row. Workers run from the built package (`npm run build`) when
 * it is there (as users run them), else from the sources through tsx (slower to start).
 *
 * The three are measured in the order local, 1, 2, 2, 1, local, ... (`--rounds` pairs of passes), so
 * that a drift of the shared machine's load hits each alike; every measurement is listed.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/queue/queue-bench.ts [--rounds 1] [--from dist|sources] [--no-write]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { initEngine } from '@umq/core';
import { runSweep, type SweepPlan } from '../../../packages/model/src/eval/sweep';
import type { ResultRow } from '../../../packages/model/src/eval/run-experiment';
import { startRedis } from '../../testing/redis-server';
import { REPO_ROOT } from '../../testing/shared-data';

const argv = process.argv.slice(2);
const flag = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const dist = join(REPO_ROOT, 'packages/model/dist/cli/main.js');
const from = flag('--from', existsSync(dist) ? 'dist' : 'sources');
const write = !argv.includes('--no-write');
const rounds = Number(flag('--rounds', '1'));
/** The study as `umq sweep` options (the local measurement runs the CLI, as users do). */
const ARGS = ['--samples', '300', '--models', 'umq,late-fusion', '--protocols', 'clean,noise,missing', '--rates', '0.3', '--seeds', '1,2,3,4', '--epochs', '4', '--d', '16', '--batch-size', '32'];
/** The same study as a plan (the queued measurements' coordinator runs in this process). */
const PLAN: SweepPlan = {
  dataset: { kind: 'synthetic', samples: 300, seed: 0 },
  models: ['umq', 'late-fusion'], ablations: ['full'], protocols: ['clean', 'noise', 'missing'], rates: [0.3], seeds: [1, 2, 3, 4],
  model: { d: 16 },
  train: { epochs: 4, batchSize: 32, learningRate: 1e-3, weightDecay: 1e-4, patience: 10, clipNorm: null, restoreBest: true },
};
const RUNS = 24;

const tmp = mkdtempSync(join(tmpdir(), 'umq-queue-bench-'));
const procs = new Set<ChildProcess>();
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);

/** Node arguments that start the `umq` CLI. */
const cli = () => (from === 'dist' ? [dist] : ['--conditions=@umq/source', '--import', 'tsx', join(REPO_ROOT, 'packages/model/src/cli/main.ts')]);

function startWorker(url: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...cli(), 'worker', '--queue', url, '--name', name], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  procs.add(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('taking runs from')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
  });
}

interface Result {
  label: string;
  load?: number;
  wall: number;
  train: number;
  inWorker?: number[];
  gaps?: number[];
  collect?: number[];
  firstPickup?: number;
}

async function queued(url: string, name: string, workers: number): Promise<Result> {
  const procsHere = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(url, `${name}-w${i + 1}`)));
  const rowAt = new Map<string, number>();
  const t0 = Date.now();
  const rows = await runSweep(PLAN, { out: join(tmp, name), queue: { url, progress: false, pollMs: 500 }, onRow: (r) => rowAt.set(`${r.model}|${r.protocol}|${r.rate}|${r.seed}`, Date.now()) });
  const wall = Date.now() - t0;
  await Promise.all(procsHere.map(stop));
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: Number(new URL(url).port) } });
  const jobs = await queue.getCompleted(0, -1);
  await queue.close();
  if (rows.length !== RUNS || jobs.length !== RUNS) throw new Error(`${name}: ${rows.length} rows, ${jobs.length} jobs`);
  const inWorker = jobs.map((j) => j.finishedOn! - j.processedOn! - 1000 * (j.returnvalue as ResultRow).seconds);
  const gaps: number[] = [];
  for (const w of new Set(jobs.map((j) => j.processedBy))) {
    const mine = jobs.filter((j) => j.processedBy === w).sort((a, b) => a.processedOn! - b.processedOn!);
    for (let i = 1; i < mine.length; i++) gaps.push(mine[i].processedOn! - mine[i - 1].finishedOn!);
  }
  const collect = jobs.map((j) => {
    const r = j.returnvalue as ResultRow;
    return rowAt.get(`${r.model}|${r.protocol}|${r.rate}|${r.seed}`)! - j.finishedOn!;
  });
  return { label: `queue, ${workers} worker process${workers > 1 ? 'es' : ''}`, wall, train: rows.reduce((s, r) => s + r.seconds, 0), inWorker, gaps, collect, firstPickup: Math.min(...jobs.map((j) => j.processedOn!)) - t0 };
}

const redis = await startRedis({ appendonly: true });
const load0 = loadavg()[0];
const results: Result[] = [];
let n = 0;
const measure: Record<string, () => Promise<Result>> = {
  local: async () => {
    const out = join(tmp, `local-${++n}`);
    const t0 = Date.now();
    const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [...cli(), 'sweep', ...ARGS, '--out', out], { cwd: REPO_ROOT, stdio: 'ignore' }).once('exit', resolve));
    const wall = Date.now() - t0;
    if (code !== 0) throw new Error(`the local umq sweep exited with ${code}`);
    const rows = (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { rows: ResultRow[] }).rows;
    if (rows.length !== RUNS) throw new Error(`local sweep: ${rows.length} rows`);
    return { label: 'umq sweep, 1 process (no queue)', wall, train: rows.reduce((s, r) => s + r.seconds, 0) };
  },
  one: () => queued(redis.url(`bench-${++n}`), `bench-${n}`, 1),
  two: () => queued(redis.url(`bench-${++n}`), `bench-${n}`, 2),
};
try {
  await initEngine();
  for (let r = 0; r < rounds; r++) {
    for (const k of ['local', 'one', 'two', 'two', 'one', 'local']) {
      const load = loadavg()[0];
      results.push({ ...(await measure[k]()), load });
      console.error(`${results.at(-1)!.label}: ${(results.at(-1)!.wall / 1000).toFixed(1)} s (load ${load.toFixed(1)})`);
    }
  }
} finally {
  for (const p of procs) {
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await redis.stop();
  rmSync(tmp, { recursive: true, force: true });
}
const load1 = loadavg()[0];

const f = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '-');
const labels = [...new Set(results.map((r) => r.label))];
const trainOf = (label: string) => median(results.filter((r) => r.label === label).map((r) => r.train));
const wallOf = (label: string) => median(results.filter((r) => r.label === label).map((r) => r.wall));
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores shared with other work (load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after); workers from ${from === 'dist' ? 'the built package (dist/)' : 'the sources (tsx)'}.`,
  `${RUNS} runs: UMQ and late fusion x clean, noise 0.3, missing 0.3 x seeds 1-4, synthetic data (300 samples), d 16, 4 epochs.`,
  '',
  '| how | load average at start | wall time (s) | training, sum of runs (s) | per run: in the worker outside training, mean / median (ms) | per run: gap to the next job, median (ms) | per run: until the coordinator has the row, median (ms) | first run picked up after (ms) |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.label} | ${r.load?.toFixed(1)} | ${(r.wall / 1000).toFixed(1)} | ${r.train.toFixed(1)} | ${r.inWorker ? `${f(mean(r.inWorker))} / ${f(median(r.inWorker))}` : '-'} | ${r.gaps ? f(median(r.gaps)) : '-'} | ${r.collect ? f(median(r.collect)) : '-'} | ${r.firstPickup !== undefined ? f(r.firstPickup) : '-'} |`),
  '',
  `Medians of the wall times: ${labels.map((l) => `${l} ${(wallOf(l) / 1000).toFixed(1)} s (training ${trainOf(l).toFixed(1)} s)`).join('; ')}. Wall time per run beyond its training (one process training at a time), from these medians: ${labels.slice(0, 2).map((l) => `${l} ${f((wallOf(l) - 1000 * trainOf(l)) / RUNS)} ms`).join('; ')}. 2 workers over 1: ${(wallOf(labels[1]) / wallOf(labels[2])).toFixed(2)}x.`,
];
const text = lines.join('\n');
console.log(text);
if (write) {
  const file = join(REPO_ROOT, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const start = '<!-- queue-bench:start -->';
  const end = '<!-- queue-bench:end -->';
  if (!doc.includes(start)) throw new Error(`docs/benchmarks.md has no ${start} marker: add the section "Job queue" first`);
  writeFileSync(file, doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${text}\n${end}`));
  console.log('written to docs/benchmarks.md');
}
