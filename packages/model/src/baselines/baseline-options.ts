/**
 * The options every simple baseline shares: the data's shape, a width, dropout and a seed.
 */
import type { TaskType, Seed } from '@umq/core';
import type { ModalityInput } from '../types';

/**
 * Options of the early- and late-fusion baselines ({@link EarlyFusionOptions},
 * {@link LateFusionOptions}).
 *
 * @example
 * ```ts
 * const options: FusionBaselineOptions = { ...datasetShape(ds), d: 64, dropout: 0.1, seed: 1 };
 * ```
 */
export interface FusionBaselineOptions {
  /** The modalities, in input order. */
  modalities: ModalityInput[];
  /** Task. */
  task: TaskType;
  /** Outputs: 1 for binary and regression, C for multiclass. */
  outDim: number;
  /** Hidden width. Default 64. */
  d?: number;
  /** Dropout. Default 0.1. */
  dropout?: number;
  /** Seed. Default 0. */
  seed?: Seed;
}
