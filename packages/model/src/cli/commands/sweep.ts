/**
 * `umq sweep` (models × protocols × rates × seeds), `umq ablate` (every Table-6 variant) and
 * the internal `umq _shard` (one worker's share of a sweep).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine, OptionError } from '@umq/core';
import { runSweep, runShard, type SweepPlan } from '../../eval/sweep';
import type { ResultRow } from '../../eval/run-experiment';
import { PROTOCOL_NAMES, parseSetting, settingsFor, settingKey, type ProtocolName } from '../../eval/settings';
import { MODEL_NAMES, type ModelName } from '../../models';
import { ABLATIONS, type AblationName } from '../../umq/ablations';
import { writeReport } from '../../report/write';
import { formatSeconds } from '../../train/progress';
import { int, list, numList, str, type CommandSpec, type Values } from '../args';
import { DATASET_OPTIONS, MODEL_OPTIONS, TRAIN_OPTIONS, datasetSpec, modelOptions, recipeOf, trainOptions } from '../common';

const COMMON = {
  ...DATASET_OPTIONS,
  rates: { type: 'string' as const, help: 'rates of the rated protocols', default: '0.1,0.3,0.5,0.7' },
  seeds: { type: 'string' as const, help: 'seeds', default: '1,2,3' },
  ...MODEL_OPTIONS,
  ...TRAIN_OPTIONS,
  workers: { type: 'string' as const, help: 'worker processes', default: '1' },
  queue: { type: 'string' as const, help: 'run on a job queue instead: redis://host:port/name; start `umq worker --queue` on any machine (docs/distributed-sweeps.md)' },
  label: { type: 'string' as const, help: 'variant label of the UMQ rows (e.g. the name of a --set configuration)' },
  out: { type: 'string' as const, help: 'output folder (results.json, results.md, results.csv, plots/, index.html)' },
};

export const SWEEP: CommandSpec = {
  name: 'sweep',
  summary: 'train and test models over protocols, rates and seeds; write tables and plots',
  usage: 'umq sweep [--dataset KIND --data PATH] --models umq,early-fusion,late-fusion --protocols clean,noise,missing --rates 0.1,0.3 --seeds 1,2,3 --out DIR',
  options: {
    models: { type: 'string', help: `models: ${MODEL_NAMES.filter((m) => m !== 'unimodal').join(',')}, and unimodal:NAME (one modality alone, e.g. unimodal:audio)`, default: 'umq,early-fusion,late-fusion' },
    ablations: { type: 'string', help: `UMQ variants: ${Object.keys(ABLATIONS).join(',')}`, default: 'full' },
    protocols: { type: 'string', help: `protocols: ${PROTOCOL_NAMES.join(',')}; a setting with options too, e.g. conflict:0.4:donor=first (RCML's donors)`, default: 'clean,noise,missing' },
    ...COMMON,
  },
  positionals: 0,
};

export const ABLATE: CommandSpec = {
  name: 'ablate',
  summary: 'the sweep over every Table-6 variant of UMQ (default: noise 0.5 and missing 0.5)',
  usage: 'umq ablate [--dataset KIND --data PATH] [--protocols noise,missing] [--rates 0.5] [--seeds 1,2,3] --out DIR',
  options: { protocols: { type: 'string', help: 'protocols', default: 'noise,missing' }, ...COMMON, rates: { type: 'string', help: 'rates', default: '0.5' } },
  positionals: 0,
};

/** `--models`: model names, and `unimodal:NAME` for one modality alone. */
function parseModels(values: Values): { models: ModelName[]; unimodal: string[] } {
  const tokens = list(values, 'models') ?? [];
  const unimodal = tokens.filter((t) => t.startsWith('unimodal:')).map((t) => t.slice('unimodal:'.length));
  if (unimodal.some((m) => !m)) throw new OptionError('--models: write unimodal:NAME with the name of a modality, e.g. unimodal:audio');
  const names = tokens.filter((t) => !t.startsWith('unimodal:'));
  for (const n of names) if (!MODEL_NAMES.includes(n as ModelName) || n === 'unimodal') throw new OptionError(`--models: unknown value ${JSON.stringify(n)}; use ${MODEL_NAMES.filter((m) => m !== 'unimodal').join(', ')}, or unimodal:NAME`);
  return { models: [...(names as ModelName[]), ...(unimodal.length ? ['unimodal' as const] : [])], unimodal };
}

/**
 * `--protocols`: protocol names, and settings with their own options (`conflict:0.4:donor=first`),
 * which go to the plan's `settings`.
 */
function protocolsOf(values: Values): Pick<SweepPlan, 'protocols' | 'settings'> {
  const tokens = (str(values, 'protocols') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const settings = tokens.filter((t) => t.includes(':'));
  const parsed = settings.map(parseSetting); // an OptionError names a bad one now, not in a worker
  const names = tokens.filter((t) => !t.includes(':'));
  for (const n of names) if (!PROTOCOL_NAMES.includes(n as ProtocolName)) throw new OptionError(`--protocols: unknown value ${JSON.stringify(n)}; use ${PROTOCOL_NAMES.join(', ')}, or a setting with its options such as conflict:0.4:donor=first`);
  const keys = [...names.flatMap((n) => settingsFor(n as ProtocolName, numList(values, 'rates', 0, 1) ?? [])), ...parsed].map((s) => JSON.stringify(settingKey(s)));
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) throw new OptionError(`--protocols: two settings share the protocol and rate ${twice} (rows are keyed by them): run them as two sweeps`);
  return { protocols: names as ProtocolName[], ...(settings.length ? { settings } : {}) };
}

function planFrom(values: Values, models: ModelName[], ablations: AblationName[], unimodal: string[] = []): SweepPlan {
  const { model, batchSize } = modelOptions(values);
  return {
    dataset: datasetSpec(values),
    models,
    ...(unimodal.length ? { unimodal } : {}),
    ablations,
    ...protocolsOf(values),
    rates: numList(values, 'rates', 0, 1) ?? [],
    seeds: numList(values, 'seeds', 0, 2 ** 31, true) ?? [1],
    model,
    train: trainOptions(values, batchSize),
    ...(recipeOf(values) !== 'default' ? { recipe: recipeOf(values) } : {}),
    ...(int(values, 'train-per-class', 1) !== undefined ? { trainPerClass: int(values, 'train-per-class', 1) } : {}),
    ...(str(values, 'label') ? { label: str(values, 'label') } : {}),
  };
}

async function execute(plan: SweepPlan, values: Values): Promise<void> {
  const out = str(values, 'out', true)!;
  const workers = int(values, 'workers', 1) ?? 1;
  await initEngine();
  const t0 = Date.now();
  const rows = await runSweep(plan, {
    out,
    workers,
    queue: str(values, 'queue'),
    onRow: (r, k, n) => console.error(`[${k}/${n}] ${r.model}${r.variant !== 'default' && r.variant !== 'full' ? `[${r.variant}]` : ''} ${r.protocol}${r.rate === null ? '' : ` ${r.rate}`} seed ${r.seed}: ${Object.entries(r.metrics).slice(0, 2).map(([m, v]) => `${m} ${v === null ? 'n/a' : v.toFixed(4)}`).join(', ')} (${r.epochs} epochs, ${r.seconds.toFixed(1)} s)`),
  });
  const md = writeReport(out, { meta: { dataset: plan.dataset.kind === 'synthetic' ? 'synthetic' : (plan.dataset as { path: string }).path, plan, seconds: (Date.now() - t0) / 1000 }, rows });
  console.log(md);
  console.log(`\n${rows.length} runs in ${formatSeconds((Date.now() - t0) / 1000)}; report in ${join(out, 'results.md')} and ${join(out, 'index.html')}`);
}

export async function runSweepCommand(values: Values): Promise<void> {
  const { models, unimodal } = parseModels(values);
  const ablations = (list(values, 'ablations', Object.keys(ABLATIONS) as AblationName[]) ?? ['full']) as AblationName[];
  await execute(planFrom(values, models, ablations, unimodal), values);
}

export async function runAblate(values: Values): Promise<void> {
  await execute(planFrom(values, ['umq'], Object.keys(ABLATIONS) as AblationName[]), values);
}

export const SHARD: CommandSpec = {
  name: '_shard',
  summary: 'internal: run one worker’s share of the sweep in --out',
  usage: 'umq _shard --out DIR --shard I --shards N',
  options: { out: { type: 'string', help: 'sweep folder' }, shard: { type: 'string', help: 'index' }, shards: { type: 'string', help: 'count' } },
  positionals: 0,
};

export async function runShardCommand(values: Values): Promise<void> {
  const out = str(values, 'out', true)!;
  const shard = int(values, 'shard', 0) ?? 0;
  const shards = int(values, 'shards', 1) ?? 1;
  if (shard >= shards) throw new OptionError(`--shard ${shard} must be below --shards ${shards}`);
  const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as SweepPlan;
  await initEngine();
  // a search trial shows its validation score only: trials are selected on validation, never on test
  const shown = (r: ResultRow) => {
    const [m, v] = Object.entries(r.metrics)[0] ?? ['', null];
    const f = (x: number | null | undefined) => (typeof x === 'number' ? x.toFixed(4) : 'n/a');
    const valid = r.validMetrics ? `valid ${m} ${f(r.validMetrics[m])}` : '';
    return r.variant.startsWith('trial-') ? valid : [valid, `test ${m} ${f(v)}`].filter(Boolean).join(', ');
  };
  await runShard(plan, out, shard, shards, undefined, (r, k, n) => console.error(`[worker ${shard}: ${k}/${n}] ${r.model} ${r.variant} ${r.protocol} ${r.rate ?? ''} seed ${r.seed}: ${shown(r)} (${r.seconds.toFixed(1)} s)`));
}
