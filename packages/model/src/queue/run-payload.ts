/**
 * What a queued run carries (the BullMQ job's data): the data set by loader spec, name and
 * content hash; the experiment (model, ablation, setting, seed); the model and training options
 * exactly as the local sweep hands them to `runExperiment`. A worker rebuilds the run from this
 * and nothing else, so a queued row equals the local sweep's row for the same seeds.
 */
import { isAbsolute, resolve } from 'node:path';
import type { DatasetSpec } from '@umq/datasets';
import type { ModelName, ModelBuildOptions } from '../models';
import type { AblationName } from '../umq/ablations';
import { mergeOverrides } from '../umq/resolve';
import type { RecipeName } from '../eval/recipes';
import type { EvalSetting } from '../eval/settings';
import type { ExperimentSpec } from '../eval/run-experiment';
import type { SweepPlan, PlanTrainOptions } from '../eval/sweep';

/**
 * Version of the job payload and of the result row it returns. A worker runs only payloads of
 * its own version (it hands others back to the queue and stops); bump it whenever the payload,
 * the row or the run identity changes meaning.
 *
 * @example
 * ```ts
 * if (payload.schemaVersion !== QUEUE_SCHEMA_VERSION) throw new Error('upgrade @umq/model on this machine');
 * ```
 */
export const QUEUE_SCHEMA_VERSION = 1;

/** Training options a run carries: a plan's (data only: no callbacks, files or seed). */
export type RunTrainOptions = Omit<PlanTrainOptions, 'progress'>;

/** Model options a run carries: the hyper-parameters (the ablation and seed are fields of the run). */
export type RunModelOptions = Omit<ModelBuildOptions, 'ablation' | 'seed'>;

/** The data set of a run. */
export interface RunDataset {
  /** How to load it; relative paths are read from the worker's data root. */
  spec: DatasetSpec;
  /** Its name (`MultimodalDataset.name`). */
  name: string;
  /** Content hash of the loaded data set (`sha256:<hex>`, see `datasetContentHash`). */
  hash: string;
}

/** One queued run: the job payload. */
export interface RunPayload {
  /** {@link QUEUE_SCHEMA_VERSION} of the coordinator that queued it. */
  schemaVersion: number;
  /** The data set. */
  dataset: RunDataset;
  /** Keep at most this many training samples per class (the plan's `trainPerClass`). */
  trainPerClass?: number;
  /** How the data are split and scaled and models trained. Default 'default'. */
  recipe?: RecipeName;
  /** Model name. */
  model: ModelName;
  /** UMQ ablation. Default 'full'. */
  ablation?: AblationName;
  /** Corruption setting. */
  setting: EvalSetting;
  /** Run seed. */
  seed: number;
  /** Model options: the plan's, with the experiment's overrides on top. */
  modelOptions: RunModelOptions;
  /** Training options: the plan's, with the experiment's overrides on top. */
  trainOptions: RunTrainOptions;
}

/** Drops `undefined` entries and functions (what JSON would drop), keeps the rest. */
function plain<T extends object>(o: T | undefined): T {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined && typeof v !== 'function')) as T;
}

/**
 * The payload of one experiment of a plan: the same options `runShard` passes to
 * `runExperiment` (the plan's, then the experiment's overrides), without the variant label (a
 * label is the coordinator's name for a row, not part of the computation).
 *
 * @param plan the sweep plan.
 * @param spec one of `planExperiments(plan)`.
 * @param dataset the plan's data set with its name and content hash.
 * @example
 * ```ts
 * const ds = await loadDataset(plan.dataset);
 * const payload = runPayload(plan, planExperiments(plan)[0], { spec: plan.dataset, name: ds.name, hash: datasetContentHash(ds) });
 * ```
 */
export function runPayload(plan: SweepPlan, spec: ExperimentSpec, dataset: RunDataset): RunPayload {
  const { progress: _p, onEpoch: _e, ...train } = { ...plain(plan.train), ...plain(spec.trainOverrides) } as PlanTrainOptions & { onEpoch?: unknown };
  const { ablation: _a, seed: _s, ...model } = mergeOverrides(plain(plan.model), plain(spec.modelOverrides)) as ModelBuildOptions;
  const payload: RunPayload = {
    schemaVersion: QUEUE_SCHEMA_VERSION,
    dataset,
    model: spec.model,
    setting: spec.setting,
    seed: spec.seed,
    modelOptions: model,
    trainOptions: train,
  };
  if (plan.trainPerClass !== undefined) payload.trainPerClass = plan.trainPerClass;
  if (plan.recipe !== undefined && plan.recipe !== 'default') payload.recipe = plan.recipe;
  if (spec.ablation !== undefined) payload.ablation = spec.ablation;
  return JSON.parse(JSON.stringify(payload)) as RunPayload;
}

/**
 * A data set spec with its relative paths read from `root` (a worker's `--data-root`): the
 * same files copied to every machine under the same relative paths, or a shared file system.
 *
 * @param spec the spec of a payload.
 * @param root the folder relative paths are read from.
 * @example
 * ```ts
 * withDataRoot({ kind: 'mat', path: 'multiview/handwritten_6views.mat' }, '/data'); // path '/data/multiview/handwritten_6views.mat'
 * ```
 */
export function withDataRoot(spec: DatasetSpec, root: string): DatasetSpec {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  if (spec.kind === 'synthetic') return spec;
  if (spec.kind === 'av-digits') {
    const images = spec.images && typeof spec.images === 'object' && 'path' in spec.images ? { images: { path: at(spec.images.path) } } : {};
    const recordings = spec.recordings ? { recordings: spec.recordings.map((r) => ({ ...r, file: at(r.file) })) } : {};
    return { ...spec, ...(spec.path === undefined ? {} : { path: at(spec.path) }), ...images, ...recordings };
  }
  const out = { ...spec, path: at(spec.path) } as DatasetSpec;
  if (out.kind === 'csd') out.modalities = Object.fromEntries(Object.entries(out.modalities).map(([m, p]) => [m, at(p)]));
  return out;
}
