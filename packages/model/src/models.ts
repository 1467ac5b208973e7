/**
 * Models by name, as the sweep and the CLI know them: `umq`, `umq-oracle`, `early-fusion`,
 * `late-fusion`, `late-fusion-q`, `late-fusion-oracle` (late fusion weighted by the TRUE quality:
 * the diagnostic upper bound of quality-weighted late fusion), the field's methods for
 * low-quality and conflicting views with their own recommended settings (`tmc` and `etmc`:
 * Han et al. ICLR 2021 / TPAMI 2022; `ecml`: Xu et al. AAAI 2024; `etf`: trust-discounted
 * fusion, Lu et al. ICML 2025; `qmf`: Zhang et al. ICML 2023; `pdf`: Cao et al. ICML 2024;
 * docs/fusion-baselines.md), and `unimodal` (one modality alone, with UMQ's encoder for it;
 * `modality` names which).
 */
import { OptionError, type Seed } from '@umq/core';
import type { MultimodalDataset } from '@umq/datasets';
import type { HarnessModel, ModalityInput } from './types';
import { UMQModel } from './umq/umq-model';
import { EarlyFusion } from './baselines/early-fusion';
import { LateFusion } from './baselines/late-fusion';
import { QualityLateFusion } from './baselines/quality-late-fusion';
import { UnimodalModel } from './baselines/unimodal';
import { TMC } from './baselines/tmc';
import { ETMC } from './baselines/etmc';
import { ECML } from './baselines/ecml';
import { TrustDiscountedFusion } from './baselines/etf';
import { QMF } from './baselines/qmf';
import { PDF } from './baselines/pdf';
import { ABLATIONS, type AblationName } from './umq/ablations';
import { mergeOverrides } from './umq/resolve';
import type { UMQOverrides } from './umq/options';
import { preset as presetConfig, type PresetName } from './umq/presets';

/** Models the harness can build. */
export type ModelName = 'umq' | 'umq-oracle' | 'early-fusion' | 'late-fusion' | 'late-fusion-q' | 'late-fusion-oracle' | 'unimodal' | 'tmc' | 'etmc' | 'ecml' | 'etf' | 'qmf' | 'pdf';

/**
 * Every model name.
 *
 * @example
 * ```ts
 * for (const name of MODEL_NAMES) buildModel(name, ds, { seed: 1 }).dispose();
 * ```
 */
export const MODEL_NAMES: readonly ModelName[] = ['umq', 'umq-oracle', 'early-fusion', 'late-fusion', 'late-fusion-q', 'late-fusion-oracle', 'tmc', 'etmc', 'ecml', 'etf', 'qmf', 'pdf', 'unimodal'];

/**
 * Options of {@link buildModel}: UMQ's preset and overrides (`d` and `dropout`, given or from
 * the preset, also set the baselines' width and dropout; each baseline keeps its own defaults
 * otherwise), an ablation, a seed. Plain data, so a sweep plan can hold it.
 */
export interface ModelBuildOptions extends UMQOverrides {
  /** UMQ's preset. Default 'default'. */
  preset?: PresetName;
  /** UMQ ablation (applied after the overrides). Default 'full'. */
  ablation?: AblationName;
  /** Initialisation seed. */
  seed?: Seed;
  /** `unimodal` only: the modality it reads (name or index). */
  modality?: string | number;
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
  const { ablation = 'full', seed = 0, preset, modality, ...overrides } = options;
  if (!(ablation in ABLATIONS)) throw new OptionError(`unknown ablation ${JSON.stringify(ablation)}: use one of ${Object.keys(ABLATIONS).join(', ')}`);
  // the baselines share UMQ's width and dropout (the preset's, or the overrides')
  const umq = preset ? presetConfig(preset).model : null;
  const d = overrides.d ?? umq?.d;
  const dropout = overrides.dropout ?? umq?.dropout;
  const base = { ...(d === undefined ? {} : { d }), ...(dropout === undefined ? {} : { dropout }), seed };
  switch (name) {
    case 'umq':
    case 'umq-oracle':
      return new UMQModel({ ...shape, ...mergeOverrides(overrides, ABLATIONS[ablation]), preset, seed, oracleQuality: name === 'umq-oracle' });
    case 'early-fusion':
      return new EarlyFusion({ ...shape, ...base });
    case 'late-fusion':
      return new LateFusion({ ...shape, ...base });
    case 'late-fusion-q':
      return new QualityLateFusion({ ...shape, ...base, weighting: 'estimated', ...(overrides.quality?.mu === undefined ? {} : { mu: overrides.quality.mu }) });
    case 'late-fusion-oracle':
      return new QualityLateFusion({ ...shape, ...base, weighting: 'oracle' });
    case 'tmc':
      return new TMC({ ...shape, seed });
    case 'etmc':
      return new ETMC({ ...shape, seed });
    case 'ecml':
      return new ECML({ ...shape, seed });
    case 'etf':
      return new TrustDiscountedFusion({ ...shape, seed });
    case 'qmf':
      return new QMF({ ...shape, hidden: [d ?? 64], ...(dropout === undefined ? {} : { dropout }), seed });
    case 'pdf':
      return new PDF({ ...shape, hidden: [d ?? 64], ...(dropout === undefined ? {} : { dropout }), seed });
    case 'unimodal':
      if (modality === undefined) throw new OptionError("model 'unimodal' needs the modality it reads: buildModel('unimodal', ds, { modality: 'audio' }) (in a sweep: --models unimodal:audio)");
      return new UnimodalModel({ ...shape, ...base, modality, ...overrides.encoders });
    default:
      throw new OptionError(`unknown model ${JSON.stringify(name)}: use one of ${MODEL_NAMES.join(', ')}`);
  }
}
