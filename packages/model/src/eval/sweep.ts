/**
 * Sweeps: every (model, variant, setting, seed) of a plan, resumable (each finished row is
 * appended to `rows.jsonl`; a re-run skips rows already there) and optionally spread over
 * worker processes (each takes every n-th experiment and appends to its own file).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import '../train/node-platform'; // a plan's encoder-worker runner needs it
import type { DatasetSpec, MultimodalDataset } from '@umq/datasets';
import { loadDataset } from '@umq/datasets/node';
import { StateError } from '@umq/core';
import { writeFileAtomic } from '@umq/core/node';
import type { ModelName, ModelBuildOptions } from '../models';
import type { AblationName } from '../umq/ablations';
import type { TrainOptions } from '../train/train-options';
import type { RunnerSpec } from '../train/step-runner';
import type { RecipeName } from './recipes';
import { runExperiment, type ExperimentSpec, type ResultRow } from './run-experiment';
import { ensureValidation, subsampleTrainPerClass } from './validation';
import { settingsFor, settingKey, parseSetting, type ProtocolName } from './settings';
import type { QueueStudyOptions } from '../queue/coordinator';

/** Training options a plan can hold (data only: no callbacks, schedules or runner instances). */
export type PlanTrainOptions = Omit<TrainOptions, 'seed' | 'checkpointDir' | 'resume' | 'logFile' | 'onEpoch' | 'schedule' | 'runner'> & {
  /** Where each step runs (a runner description). Default serial. */
  runner?: RunnerSpec;
};

/** A sweep, as data. */
export interface SweepPlan {
  /** The data set. */
  dataset: DatasetSpec;
  /** Models. */
  models: ModelName[];
  /** UMQ variants (ablations) run for `umq` and `umq-oracle`. Default ['full']. */
  ablations?: AblationName[];
  /** Protocols. */
  protocols: ProtocolName[];
  /** Rates of the rated protocols. */
  rates: number[];
  /**
   * Settings beyond `protocols` × `rates`, as {@link parseSetting} reads them (e.g. RCML's
   * conflictive set with its donors from the whole data set, `conflict:0.4:donor=first`). A
   * study holds one setting per protocol and rate: rows are keyed by them.
   */
  settings?: string[];
  /** Seeds. */
  seeds: number[];
  /** Model hyper-parameters. */
  model?: ModelBuildOptions;
  /** Training options. */
  train?: PlanTrainOptions;
  /** Explicit experiments (e.g. search trials) instead of the models × settings × seeds product. */
  experiments?: ExperimentSpec[];
  /** Keep at most this many training samples per class (small-data check); absent = all. */
  trainPerClass?: number;
  /** Variant label of the UMQ rows when not an ablation (e.g. 'robust' for a `--set` configuration). */
  label?: string;
  /** The modalities the `unimodal` model runs on, one variant each (its rows are `unimodal[<name>]`). */
  unimodal?: string[];
  /** How the data are split and scaled and models trained ({@link RecipeName}). Default 'default'. */
  recipe?: RecipeName;
}

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** Output folder. */
  out: string;
  /** Worker processes (1 = in this process). Default 1. */
  workers?: number;
  /** Called after every finished row. */
  onRow?: (row: ResultRow, done: number, total: number) => void;
  /** Run on a job queue instead (its URL `redis://host:port/name`, or options): workers anywhere train, this process collects. See docs/distributed-sweeps.md. */
  queue?: string | Omit<QueueStudyOptions, 'onRow'>;
}

/**
 * The `umq` CLI's entry file (worker processes run `umq _shard`, queue workers `umq _run`), from sources or from dist.
 *
 * @example
 * ```ts
 * spawn(process.execPath, [...process.execArgv, cliEntry(), 'info']);
 * ```
 */
export function cliEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'cli', 'main.ts'), join(here, 'cli', 'main.js'), join(here, 'main.js'), join(here, '..', 'cli', 'main.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new StateError(`cannot find the umq CLI entry next to ${here} to start sweep workers: use workers: 1`);
  return found;
}

/**
 * The experiments of a plan, in a fixed order.
 *
 * @example
 * ```ts
 * const specs = planExperiments({ ...plan, models: ['umq', 'late-fusion'], protocols: ['noise'], rates: [0.3, 0.5], seeds: [1, 2] });
 * console.log(specs.length); // 2 settings x 2 models x 2 seeds = 8
 * ```
 */
export function planExperiments(plan: SweepPlan): ExperimentSpec[] {
  if (plan.experiments) return plan.experiments;
  const out: ExperimentSpec[] = [];
  const settings = [...plan.protocols.flatMap((p) => settingsFor(p, plan.rates)), ...(plan.settings ?? []).map(parseSetting)];
  for (const setting of settings) {
    for (const model of plan.models) {
      if (model === 'unimodal') {
        for (const modality of plan.unimodal ?? []) for (const seed of plan.seeds) out.push({ model, setting, seed, variant: modality, modelOverrides: { modality } });
        continue;
      }
      const variants: (AblationName | undefined)[] = model === 'umq' || model === 'umq-oracle' ? (plan.ablations ?? ['full']) : [undefined];
      for (const ablation of variants) for (const seed of plan.seeds) out.push({ model, ablation, setting, seed, variant: ablation && ablation !== 'full' ? ablation : ablation === 'full' && plan.label ? plan.label : ablation ?? 'default' });
    }
  }
  return out;
}

/**
 * The identity of an experiment's row.
 *
 * @example
 * ```ts
 * rowKey({ model: 'umq', variant: 'full', protocol: 'noise', rate: 0.3, seed: 1 }); // 'umq|full|noise|0.3|1'
 * ```
 */
export function rowKey(r: { model: string; variant?: string; protocol: string; rate: number | null; seed: number }): string {
  return `${r.model}|${r.variant ?? 'default'}|${r.protocol}|${r.rate ?? ''}|${r.seed}`;
}

function specKey(e: ExperimentSpec): string {
  return rowKey({ model: e.model, variant: e.variant, ...settingKey(e.setting), seed: e.seed });
}

/**
 * Every row already in `dir` (`rows*.jsonl`), skipping a torn last line.
 *
 * @example
 * ```ts
 * const done = readRows('runs/sweep'); // rows of finished experiments, for resuming
 * ```
 */
export function readRows(dir: string): ResultRow[] {
  if (!existsSync(dir)) return [];
  const rows = new Map<string, ResultRow>();
  for (const f of readdirSync(dir).filter((f) => /^rows(\.\d+)?\.jsonl$/.test(f)).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as ResultRow;
        rows.set(rowKey(r), r);
      } catch {
        // a line torn by a kill: that experiment is simply run again
      }
    }
  }
  return [...rows.values()];
}

/**
 * Runs one shard of a plan in this process: experiments `i` with `i % shards === shard` that
 * are not done yet, appending each row to `rows[.shard].jsonl`.
 *
 * @example
 * ```ts
 * await runShard(plan, 'runs/sweep', 0, 2); // this process runs experiments 0, 2, 4, ...
 * ```
 */
export async function runShard(plan: SweepPlan, dir: string, shard = 0, shards = 1, dataset?: MultimodalDataset, onRow?: SweepOptions['onRow']): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const done = new Set(readRows(dir).map(rowKey));
  const todo = planExperiments(plan).filter((e, i) => i % shards === shard && !done.has(specKey(e)));
  if (!todo.length) return;
  const loaded = dataset ?? (await loadDataset(plan.dataset));
  const ds = plan.trainPerClass ? subsampleTrainPerClass(ensureValidation(loaded), plan.trainPerClass) : loaded;
  const file = join(dir, shards === 1 ? 'rows.jsonl' : `rows.${shard}.jsonl`);
  let k = 0;
  for (const e of todo) {
    const row = await runExperiment(ds, e, { model: plan.model, train: plan.train, recipe: plan.recipe });
    appendFileSync(file, JSON.stringify(row) + '\n');
    onRow?.(row, ++k, todo.length);
  }
}

/**
 * Runs a whole plan (resumably) and returns every row, in plan order.
 *
 * @example
 * ```ts
 * const rows = await runSweep({ dataset: { kind: 'synthetic' }, models: ['umq', 'late-fusion'], protocols: ['clean', 'noise'], rates: [0.3], seeds: [1] }, { out: 'runs/demo' });
 * ```
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<ResultRow[]> {
  const dir = options.out;
  mkdirSync(dir, { recursive: true });
  const planFile = join(dir, 'plan.json');
  if (existsSync(planFile)) {
    const old = readFileSync(planFile, 'utf8');
    if (old !== JSON.stringify(plan, null, 1)) {
      throw new StateError(`${dir} holds a different sweep (plan.json differs): use another --out folder, or delete it to start afresh`);
    }
  } else writeFileAtomic(planFile, JSON.stringify(plan, null, 1));
  const workers = Math.max(1, options.workers ?? 1);
  if (options.queue) {
    const { runQueuedStudy } = await import('../queue/coordinator');
    await runQueuedStudy(plan, dir, { ...(typeof options.queue === 'string' ? { url: options.queue } : options.queue), onRow: options.onRow });
  } else if (workers === 1) await runShard(plan, dir, 0, 1, undefined, options.onRow);
  else {
    await Promise.all(Array.from({ length: workers }, (_, i) => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, cliEntry(), '_shard', '--out', dir, '--shard', String(i), '--shards', String(workers)], { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new StateError(`sweep worker ${i} exited with code ${code}; its finished rows are kept: re-run the same command to resume`))));
    })));
  }
  const byKey = new Map(readRows(dir).map((r) => [rowKey(r), r]));
  return planExperiments(plan).map((e) => byKey.get(specKey(e))).filter((r): r is ResultRow => r !== undefined);
}
