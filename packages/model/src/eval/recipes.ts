/**
 * Recipes: how a data set is split and scaled, and how models are trained, for a study. Our
 * protocol (`'default'`) fits the scaling on the training split and selects on a validation
 * split; `'rcml'` is the published recipe of TMC and RCML (AAAI 2024), so that their tables can
 * be reproduced: features min-max scaled on the whole data set, a random 80/20 split per seed,
 * no validation (the last epoch is reported), Adam with coupled L2 (lr 3e-3, weight decay 1e-5),
 * batch 200, 500 epochs.
 */
import { Rng, deriveSeed, OptionError, type ModalityArray, type Seed } from '@umq/core';
import { applyScaler, fitScaler, scaleFeatures, splitArrays, SPLIT, type MultimodalDataset, type ScalerParams, type SplitName } from '@umq/datasets';
import type { TrainOptions } from '../train/train-options';
import type { SplitArrays } from '../train/split';
import { ensureValidation } from './validation';

/** A recipe's name. */
export type RecipeName = 'default' | 'rcml';

/**
 * Every recipe.
 *
 * @example
 * ```ts
 * if (!RECIPE_NAMES.includes(name)) throw new Error(`use one of ${RECIPE_NAMES.join(', ')}`);
 * ```
 */
export const RECIPE_NAMES: readonly RecipeName[] = ['default', 'rcml'];

/** The splits of one run, scaled. */
export interface PreparedSplits {
  /** The scaled data set with its splits (for ids and shapes). */
  dataset: MultimodalDataset;
  /** Training split. */
  train: SplitArrays;
  /** Validation split, or null (the `rcml` recipe has none). */
  valid: SplitArrays | null;
  /** Test split. */
  test: SplitArrays;
  /** The scaling applied (saved with a model). */
  scaler: ScalerParams;
  /** The whole scaled data set, for protocols that draw from it (RCML's conflict donors). */
  whole: {
    /** Features per modality. */
    data: ModalityArray[];
    /** Labels. */
    labels: Float32Array;
  };
}

/**
 * The training options a recipe sets (over the trainer's defaults; the `default` recipe sets
 * none).
 *
 * @example
 * ```ts
 * const train = { ...cliOptions, ...RECIPE_TRAINING.rcml }; // Adam (coupled L2) 3e-3, batch 200, 500 epochs
 * ```
 */
export const RECIPE_TRAINING: Readonly<Record<RecipeName, Readonly<Partial<TrainOptions>>>> = {
  default: {},
  rcml: { epochs: 500, batchSize: 200, learningRate: 3e-3, weightDecay: 1e-5, weightDecayMode: 'coupled', patience: null, restoreBest: false, dropLast: false },
};

const arrays = (ds: MultimodalDataset, name: SplitName): SplitArrays => {
  const a = splitArrays(ds, name);
  return { features: a.features, labels: a.labels };
};

/**
 * The scaled splits of one run under a recipe. `default`: a validation split carved from train
 * when the data set has none, standardisation fitted on train. `rcml`: a random 80/20
 * train/test split of every sample drawn from the run seed, min-max scaling fitted on the whole
 * data set, no validation.
 *
 * @example
 * ```ts
 * const { train, valid, test } = prepareSplits(ds, 'rcml', 1); // valid is null
 * ```
 */
export function prepareSplits(dataset: MultimodalDataset, recipe: RecipeName, seed: Seed): PreparedSplits {
  let ds: MultimodalDataset;
  let scaler: ScalerParams;
  if (recipe === 'default') {
    ({ dataset: ds, params: scaler } = scaleFeatures(ensureValidation(dataset)));
  } else if (recipe === 'rcml') {
    const n = dataset.size;
    const order = new Rng(deriveSeed(seed, 'rcml-split')).permutation(n);
    const split = new Uint8Array(n).fill(SPLIT.test);
    for (const i of order.subarray(0, Math.floor(0.8 * n))) split[i] = SPLIT.train;
    scaler = fitScaler(dataset.withSplit(new Uint8Array(n).fill(SPLIT.train)), { method: 'minmax' }); // fitted on every sample, as the recipe does
    ds = applyScaler(dataset.withSplit(split), scaler);
  } else throw new OptionError(`unknown recipe ${JSON.stringify(recipe)}: use one of ${RECIPE_NAMES.join(', ')}`);
  return {
    dataset: ds, scaler, train: arrays(ds, 'train'), valid: ds.indices('valid').length > 0 ? arrays(ds, 'valid') : null, test: arrays(ds, 'test'),
    whole: { data: [...ds.features], labels: ds.labels },
  };
}
