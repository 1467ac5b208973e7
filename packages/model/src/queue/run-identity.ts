/**
 * A run's identity: `run-<sha256 of the canonical JSON of (data set name + content hash,
 * model, resolved options, protocol, rate, seed, schema version)>`. It is the BullMQ job id, so
 * the same run is queued once and recorded once, whoever asks for it and under whatever label.
 * "Resolved" means every default filled in: two plans that spell the same run differently
 * (`d: 64` written or left to the default) get the same id.
 */
import { createHash } from 'node:crypto';
import { ABLATIONS, type AblationName } from '../umq/ablations';
import { mergeOverrides, resolveUMQConfig } from '../umq/resolve';
import { preset } from '../umq/presets';
import { settingKey } from '../eval/settings';
import { RECIPE_TRAINING, type RecipeName } from '../eval/recipes';
import { TRAIN_DEFAULTS } from '../train/train-options';
import type { ModelName } from '../models';
import { canonicalJson } from './canonical-json';
import type { RunModelOptions, RunPayload, RunTrainOptions } from './run-payload';

/** Drops `undefined` entries (an option left unset takes its default). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A run's model options with every default filled, as `buildModel` resolves them: UMQ's
 * configuration (the preset, the overrides, then the ablation) and, for `unimodal`, the
 * modality. Baselines read only some of it (`d`, `dropout`, `quality.mu`); the identity keeps
 * all, which can only tell runs apart that are the same, never merge runs that differ.
 *
 * @param options the run's model options.
 * @param ablation the run's ablation (default 'full').
 * @example
 * ```ts
 * resolvedModelOptions({ d: 32 }, 'no-moe').config.moe; // null
 * ```
 */
export function resolvedModelOptions(options: RunModelOptions, ablation: AblationName = 'full'): {
  /** UMQ's resolved configuration. */
  config: unknown;
  /** The unimodal baseline's modality, when set. */
  modality?: string | number;
} {
  const { preset: name = 'default', modality, ...overrides } = defined(options);
  const config = resolveUMQConfig(mergeOverrides(overrides, ABLATIONS[ablation]), preset(name).model, 'run model options');
  return { config, ...(modality === undefined ? {} : { modality }) };
}

/**
 * The training options of a run with the trainer's defaults (and the recipe's) filled, without
 * the ones that do not change the numbers (files, callbacks, the progress bar).
 *
 * @param options the run's training options.
 * @param recipe the run's recipe (default 'default').
 * @example
 * ```ts
 * resolvedTrainOptions({ epochs: 5 }).batchSize; // 64
 * ```
 */
export function resolvedTrainOptions(options: RunTrainOptions, recipe: RecipeName = 'default'): Record<string, unknown> {
  const { seed: _s, checkpointDir: _c, resume: _r, logFile: _l, ...defaults } = TRAIN_DEFAULTS;
  return { ...defaults, ...RECIPE_TRAINING[recipe], ...defined(options) };
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
  /** The recipe. */
  recipe: RecipeName;
  /** Model name. */
  model: ModelName;
  /** Resolved model hyper-parameters. */
  options: unknown;
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
    recipe: payload.recipe ?? 'default',
    model: payload.model,
    options: resolvedModelOptions(payload.modelOptions, payload.ablation),
    train: resolvedTrainOptions(payload.trainOptions, payload.recipe),
    protocol,
    rate,
    seed: payload.seed,
  };
  const id = `run-${createHash('sha256').update(canonicalJson(key, 'run identity')).digest('hex')}`;
  return { id, key };
}
