/**
 * Models by name, as the sweep and the CLI know them: `umq`, `umq-oracle`, `early-fusion`,
 * `late-fusion`, `late-fusion-q`, `late-fusion-oracle` (late fusion weighted by the TRUE quality:
 * the diagnostic upper bound of quality-weighted late fusion).
 */
import { OptionError, type Seed } from '@umq/core';
import type { MultimodalDataset } from '@umq/datasets';
import type { HarnessModel, ModalityInput } from './types';
import { UMQModel } from './umq/umq-model';
import { EarlyFusion } from './baselines/early-fusion';
import { LateFusion } from './baselines/late-fusion';
import { QualityLateFusion } from './baselines/quality-late-fusion';
import { ABLATIONS, type AblationName, type UMQHyperParameters } from './options';

/** Models the harness can build. */
export type ModelName = 'umq' | 'umq-oracle' | 'early-fusion' | 'late-fusion' | 'late-fusion-q' | 'late-fusion-oracle';

/**
 * Every model name.
 *
 * @example
 * ```ts
 * for (const name of MODEL_NAMES) buildModel(name, ds, { seed: 1 }).dispose();
 * ```
 */
export const MODEL_NAMES: readonly ModelName[] = ['umq', 'umq-oracle', 'early-fusion', 'late-fusion', 'late-fusion-q', 'late-fusion-oracle'];

/** Hyper-parameters for {@link buildModel}: UMQ's (baselines use `d` and `dropout`), an ablation, a seed. */
export interface ModelBuildOptions extends Partial<UMQHyperParameters> {
  /** UMQ ablation. Default 'full'. */
  ablation?: AblationName;
  /** Initialisation seed. */
  seed?: Seed;
}

/** What a model needs to know of its data: the modalities, the task and the output width. */
export interface DataShape {
  /** The modalities, in input order. */
  modalities: ModalityInput[];
  /** The task. */
  task: 'binary' | 'multiclass' | 'regression';
  /** Outputs: 1 for binary/regression, C for multiclass. */
  outDim: number;
}

/**
 * The model inputs and task of a data set.
 *
 * @example
 * ```ts
 * const shape = datasetShape(makeSynthetic({ seed: 1 })); // { modalities: [a, b, c], task: 'binary', outDim: 1 }
 * const model = new UMQModel({ ...shape, seed: 1 });
 * ```
 */
export function datasetShape(ds: MultimodalDataset): DataShape {
  const modalities = ds.modalities.map((m) => ({ name: m.name, kind: m.kind, dim: m.dim }));
  const task = ds.task.type;
  return { modalities, task, outDim: ds.task.type === 'multiclass' ? ds.task.classes : 1 };
}

/**
 * Builds a model by name for a data set.
 *
 * @example
 * ```ts
 * const m = buildModel('umq', ds, { ablation: 'no-moe', seed: 1 });
 * ```
 */
export function buildModel(name: ModelName, data: MultimodalDataset | DataShape, options: ModelBuildOptions = {}): HarnessModel {
  const shape = 'outDim' in data ? data : datasetShape(data);
  const { ablation = 'full', seed = 0, ...hp } = options;
  if (!(ablation in ABLATIONS)) throw new OptionError(`unknown ablation ${JSON.stringify(ablation)}: use one of ${Object.keys(ABLATIONS).join(', ')}`);
  const base = { d: hp.d ?? 64, dropout: hp.dropout ?? 0.1, seed };
  switch (name) {
    case 'umq':
    case 'umq-oracle':
      return new UMQModel({ ...shape, ...hp, ...ABLATIONS[ablation], seed, oracleQuality: name === 'umq-oracle' });
    case 'early-fusion':
      return new EarlyFusion({ ...shape, ...base });
    case 'late-fusion':
      return new LateFusion({ ...shape, ...base });
    case 'late-fusion-q':
      return new QualityLateFusion({ ...shape, ...base, weighting: 'estimated', mu: hp.mu ?? 0.05 });
    case 'late-fusion-oracle':
      return new QualityLateFusion({ ...shape, ...base, weighting: 'oracle' });
    default:
      throw new OptionError(`unknown model ${JSON.stringify(name)}: use one of ${MODEL_NAMES.join(', ')}`);
  }
}
