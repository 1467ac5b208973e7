/**
 * The coordinator of a queued study (`umq sweep|search|ablate --queue URL`): it queues the runs
 * of a plan that have no row yet (job id = run id, so nothing is queued twice), then collects
 * each finished run's row into the same `rows.jsonl` a local sweep writes (keyed: a row already
 * there is never written again) and keeps a partial report (`results.json/md/csv`, atomic)
 * up to date. It holds no state of its own: stop it at any time, start it again, and it
 * collects what finished meanwhile.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '@umq/core';
import { loadDataset } from '@umq/datasets/node';
import { planExperiments, readRows, rowKey, type SweepPlan } from '../eval/sweep';
import { settingKey } from '../eval/settings';
import type { ExperimentSpec, ResultRow } from '../eval/run-experiment';
import { writeReport } from '../report/write';
import { parseQueueUrl } from './queue-url';
import { connectionOptions, loadBullmq, probeRedis } from './redis';
import { datasetContentHash } from './dataset-hash';
import { parseResultRow } from './parse-result';
import { runLabel, studyRuns, type StudyRun } from './study-runs';
import { StudyProgress, type RunProgress, type StudyProgressOptions } from './study-progress';

/** Options of {@link runQueuedStudy}. */
export interface QueueStudyOptions {
  /** Queue URL, `redis://host:port/name` (see `parseQueueUrl`). */
  url: string;
  /** Attempts per run before it fails for good (a dead worker's run does not use one up). Default 3. */
  attempts?: number;
  /** First retry delay (ms); doubles with each attempt. Default 10000. */
  backoffMs?: number;
  /** How often the coordinator looks at every outstanding run (ms), besides the queue's events. Default 2000. */
  pollMs?: number;
  /** Rewrite the partial report at most this often (ms). Default 30000. */
  reportEveryMs?: number;
  /** The progress display (false: none). Default: on stderr. */
  progress?: StudyProgressOptions | false;
  /** Called after every row collected, with the rows done and the rows of the study. */
  onRow?: (row: ResultRow, done: number, total: number) => void;
}

const variantOf = (e: ExperimentSpec): string => e.variant ?? e.ablation ?? 'default';
const keyOf = (e: ExperimentSpec): string => rowKey({ model: e.model, variant: variantOf(e), ...settingKey(e.setting), seed: e.seed });
const firstLine = (s: string | undefined): string => (s ?? '').split('\n').find((l) => l.trim()) ?? '(no message)';

function isProgress(d: unknown): d is RunProgress {
  const p = d as RunProgress;
  return typeof d === 'object' && d !== null && typeof p.worker === 'string' && typeof p.epoch === 'number' && typeof p.epochs === 'number';
}

async function inChunks<T, R>(items: T[], size: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

/**
 * Queues the missing runs of a plan and collects their rows into `dir` (`rows.jsonl`, partial
 * report); returns when every run has its rows.
 *
 * @param plan the sweep plan (its `plan.json` is checked by `runSweep`).
 * @param dir the sweep folder.
 * @param options the queue and how to collect.
 * @throws StateError when runs failed for good (after collecting the others), naming the commands that show and retry them.
 * @example
 * ```ts
 * await runQueuedStudy(plan, 'runs/sweep', { url: 'redis://127.0.0.1:6379/study' });
 * const rows = readRows('runs/sweep');
 * ```
 */
export async function runQueuedStudy(plan: SweepPlan, dir: string, options: QueueStudyOptions): Promise<void> {
  const address = parseQueueUrl(options.url);
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 10_000;
  const pollMs = options.pollMs ?? 2000;
  const reportEveryMs = options.reportEveryMs ?? 30_000;
  mkdirSync(dir, { recursive: true });
  const bull = await loadBullmq();
  await probeRedis(address);

  const loaded = await loadDataset(plan.dataset);
  const dataset = { spec: plan.dataset, name: loaded.name, hash: datasetContentHash(loaded) };
  const all = planExperiments(plan);
  const have = new Map(readRows(dir).map((r) => [rowKey(r), r]));
  const runs = studyRuns(plan, all.filter((e) => !have.has(keyOf(e))), dataset);
  const totalRuns = studyRuns(plan, all, dataset).length;
  const totalRows = all.length;
  let rowsDone = all.filter((e) => have.has(keyOf(e))).length;
  const progress = options.progress === false ? null : new StudyProgress(totalRuns, totalRuns - runs.length, options.progress);
  const say = (line: string) => (progress ? progress.log(line) : console.error(line));
  if (runs.length === 0) return;

  const connection = connectionOptions(address);
  const queue = new bull.Queue(address.name, { connection });
  const events = new bull.QueueEvents(address.name, { connection });
  let redisDown = false;
  const onError = (e: Error) => {
    if (!redisDown) say(`Redis at ${address.display}: ${e.message}; retrying`);
    redisDown = true;
  };
  queue.on('error', onError);
  events.on('error', onError);
  const outstanding = new Map<string, StudyRun>(runs.map((r) => [r.id, r]));
  const failed = new Map<string, string>();
  let wake = () => {};
  const woken = new Set<string>();
  events.on('progress', ({ jobId, data }) => {
    const run = outstanding.get(jobId);
    if (run && isProgress(data)) progress?.progress(jobId, runLabel(run.specs[0]), data);
  });
  const touch = ({ jobId }: { jobId: string }) => {
    if (outstanding.has(jobId)) {
      woken.add(jobId);
      wake();
    }
  };
  events.on('completed', touch);
  events.on('failed', touch);
  events.on('delayed', ({ jobId }) => { // an attempt failed and the run waits for its retry
    const run = outstanding.get(jobId);
    if (!run) return;
    void queue.getJob(jobId).then((job) => {
      if (job?.failedReason) say(`${runLabel(run.specs[0])}: attempt ${job.attemptsMade} of ${attempts} failed (${firstLine(job.failedReason)}); it will be retried`);
    }, () => {});
  });
  const add = (list: StudyRun[]) => queue.addBulk(list.map((r) => ({
    name: 'run',
    data: r.payload,
    opts: { jobId: r.id, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: false, removeOnFail: false },
  })));

  let lastReport = Date.now();
  let unreported = 0;
  const writePartial = () => {
    const byKey = new Map([...have.values()].map((r) => [rowKey(r), r]));
    const rows = all.map((e) => byKey.get(keyOf(e))).filter((r): r is ResultRow => r !== undefined);
    if (rows.length) writeReport(dir, { meta: { dataset: dataset.name, datasetHash: dataset.hash, plan, partial: true, runs: { done: totalRuns - outstanding.size, total: totalRuns } }, rows });
    lastReport = Date.now();
    unreported = 0;
  };
  const collect = (run: StudyRun, value: unknown) => {
    let row: ResultRow;
    try {
      row = parseResultRow(value, run.payload);
    } catch (e) {
      failed.set(run.id, (e as Error).message);
      say(`${run.id} (${runLabel(run.specs[0])}): ${(e as Error).message}; remove it with \`umq queue clean --queue ${address.display} --state completed\` and run this command again`);
      progress?.failedRun(run.id);
      return;
    }
    outstanding.delete(run.id);
    for (const spec of run.specs) {
      const r: ResultRow = { ...row, variant: variantOf(spec) };
      const key = rowKey(r);
      if (have.has(key)) continue;
      appendFileSync(join(dir, 'rows.jsonl'), JSON.stringify(r) + '\n');
      have.set(key, r);
      unreported++;
      const done = ++rowsDone;
      if (progress) progress.above(() => options.onRow?.(r, done, totalRows));
      else options.onRow?.(r, done, totalRows);
    }
    progress?.finished(run.id);
  };

  try {
    await queue.waitUntilReady();
    await events.waitUntilReady();
    const states = await inChunks(runs, 200, (r) => queue.getJobState(r.id));
    const fresh = runs.filter((_, i) => states[i] === 'unknown');
    for (let i = 0; i < fresh.length; i += 500) await add(fresh.slice(i, i + 500));
    say(`${totalRuns} runs in the study (${totalRuns - runs.length} done before): queued ${fresh.length}, ${runs.length - fresh.length} were in queue ${address.display} already; start workers with \`umq worker --queue ${address.display}\`. Stop this command at any time: the runs go on, and running it again collects them.`);
    let lastFull = 0;
    while ([...outstanding.keys()].some((id) => !failed.has(id))) {
      const fullEvery = Math.max(pollMs, 2 * outstanding.size);
      const full = Date.now() - lastFull >= fullEvery;
      const ids = full ? [...outstanding.keys()] : [...woken].filter((id) => outstanding.has(id));
      woken.clear();
      if (full) lastFull = Date.now();
      const seen = await inChunks(ids, 200, async (id) => [id, await queue.getJobState(id)] as const);
      redisDown = false;
      let waiting = 0;
      for (const [id, state] of seen) {
        const run = outstanding.get(id);
        if (!run) continue;
        if (state === 'completed') {
          if (failed.has(id)) continue; // a completed run whose row was refused: reported once
          const job = await queue.getJob(id);
          if (job) collect(run, job.returnvalue);
        } else if (state === 'failed') {
          if (!failed.has(id)) {
            const job = await queue.getJob(id);
            failed.set(id, firstLine(job?.failedReason));
            say(`${id} (${runLabel(run.specs[0])}) failed after ${job?.attemptsMade ?? '?'} attempt(s): ${firstLine(job?.failedReason)}`);
            progress?.failedRun(id);
          }
        } else if (state === 'unknown') {
          say(`${id} (${runLabel(run.specs[0])}) is no longer in the queue (cleaned, or Redis lost its data): queued again`);
          await add([run]);
        } else {
          if (failed.delete(id)) progress?.retried();
          if (state === 'waiting' || state === 'delayed' || state === 'prioritized') waiting++;
        }
      }
      if (full) progress?.setWaiting(waiting);
      if (unreported > 0 && Date.now() - lastReport >= reportEveryMs) writePartial();
      if (![...outstanding.keys()].some((id) => !failed.has(id))) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    if (failed.size > 0) {
      writePartial();
      const [id, reason] = [...failed.entries()][0];
      throw new StateError(`${failed.size} of ${totalRuns} runs failed after all their attempts (e.g. ${runLabel(outstanding.get(id)!.specs[0])}: ${reason}); the ${have.size} rows that finished are in ${dir}. See them with \`umq queue status --queue ${address.display}\`, queue them again with \`umq queue retry --queue ${address.display}\`, then run this command again to collect them`);
    }
  } finally {
    progress?.close();
    await Promise.allSettled([events.close(), queue.close()]);
  }
}
