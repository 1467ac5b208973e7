/**
 * A run's identity: `run-<sha256 of the canonical JSON of (data set name + content hash,
 * model, resolved options, protocol, rate, seed, schema version)>`. It is the BullMQ job id, so
 * the same run is queued once and recorded once, whoever asks for it and under whatever label.
 * "Resolved" means every default filled in: two plans that spell the same run differently
 * (`d: 64` written or left to the default) get the same id.
 */
import { createHash } from 'node:crypto';
import { UMQ_DEFAULTS, ABLATIONS } from '../options';
import { settingKey } from '../eval/settings';
import type { ModelName } from '../models';
import type { AblationName } from '../options';
import { canonicalJson } from './canonical-json';
import type { RunModelOptions, RunPayload, RunTrainOptions } from './run-payload';

/**
 * The trainer's defaults, as `train()` fills them in (packages/model/src/train/trainer.ts).
 * Only the options that change the numbers: the progress bar, callbacks and files do not.
 */
const TRAIN_DEFAULTS = {
  epochs: 50,
  batchSize: 64,
  learningRate: 1e-3,
  weightDecay: 1e-4,
  schedule: { kind: 'constant' },
  clipNorm: null,
  patience: 10,
  restoreBest: true,
  dropLast: true,
  encoderWorkers: 0,
  encoderSplit: 'modalities',
  monitor: 'loss',
} as const;

/** Drops `undefined` entries (an option left unset takes its default). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Every hyper-parameter of a run's model with defaults filled, as `buildModel` resolves them
 * for UMQ: the defaults, then the options, then the ablation's switches. Baselines read only
 * some of them (`d`, `dropout`, `mu`); the identity keeps all, which can only tell runs apart
 * that are the same, never merge runs that differ.
 *
 * @param options the run's model options.
 * @param ablation the run's ablation (default 'full').
 * @example
 * ```ts
 * resolvedModelOptions({ d: 32 }, 'no-moe').useMoe; // false
 * ```
 */
export function resolvedModelOptions(options: RunModelOptions, ablation: AblationName = 'full'): Record<string, unknown> {
  return { ...UMQ_DEFAULTS, ...defined(options), ...ABLATIONS[ablation] };
}

/**
 * The training options of a run with the trainer's defaults filled (and a cosine schedule's
 * own defaults), without the ones that do not change the numbers.
 *
 * @param options the run's training options.
 * @example
 * ```ts
 * resolvedTrainOptions({ epochs: 5 }).batchSize; // 64
 * ```
 */
export function resolvedTrainOptions(options: RunTrainOptions): Record<string, unknown> {
  const o: Record<string, unknown> = { ...TRAIN_DEFAULTS, ...defined(options) };
  const s = o.schedule as RunTrainOptions['schedule'];
  if (s?.kind === 'cosine') o.schedule = { kind: 'cosine', warmupEpochs: s.warmupEpochs ?? 0, minFactor: s.minFactor ?? 0 };
  return o;
}

/** What a run id is the hash of. */
export interface RunKey {
  /** Schema version of the payload and the row. */
  schemaVersion: number;
  /** Data set name and content hash. */
  dataset: {
    /** Name. */
    name: string;
    /** Content hash. */
    hash: string;
  };
  /** Training samples kept per class, or null for all. */
  trainPerClass: number | null;
  /** Model name. */
  model: ModelName;
  /** Resolved model hyper-parameters. */
  options: Record<string, unknown>;
  /** Resolved training options. */
  train: Record<string, unknown>;
  /** Protocol name (`settingKey`). */
  protocol: string;
  /** Rate (the bound for hetero-noise), or null. */
  rate: number | null;
  /** Run seed. */
  seed: number;
}

/** A run's id and what it is the hash of. */
export interface RunIdentity {
  /** `run-<sha256 hex>`: the BullMQ job id. */
  id: string;
  /** What the id is the hash of. */
  key: RunKey;
}

/**
 * The identity of a run: its id (the BullMQ job id) and what the id is the hash of.
 *
 * @param payload a run payload (`runPayload`).
 * @example
 * ```ts
 * const { id } = runIdentity(runPayload(plan, spec, dataset)); // 'run-3f9c...'
 * await queue.add('run', payload, { jobId: id });
 * ```
 */
export function runIdentity(payload: RunPayload): RunIdentity {
  const { protocol, rate } = settingKey(payload.setting);
  const key: RunKey = {
    schemaVersion: payload.schemaVersion,
    dataset: { name: payload.dataset.name, hash: payload.dataset.hash },
    trainPerClass: payload.trainPerClass ?? null,
    model: payload.model,
    options: resolvedModelOptions(payload.modelOptions, payload.ablation),
    train: resolvedTrainOptions(payload.trainOptions),
    protocol,
    rate,
    seed: payload.seed,
  };
  const id = `run-${createHash('sha256').update(canonicalJson(key, 'run identity')).digest('hex')}`;
  return { id, key };
}
