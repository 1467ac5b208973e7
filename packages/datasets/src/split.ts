/**
 * Seeded split assignment: stratified train/valid/test fractions for files without a split,
 * and a validation split carved from the training split by whole groups (videos, speakers).
 */
import { OptionError, Rng, assertInteger, assertNumberInRange, type Seed } from '@umq/core';
import type { TaskSpec } from './types';
import { SPLIT } from './types';

/** Fractions of a seeded split; they must sum to 1 (within 1e-6). */
export interface SplitFractions {
  /** Training fraction, e.g. 0.7. */
  train: number;
  /** Validation fraction, e.g. 0.1. */
  valid: number;
  /** Test fraction, e.g. 0.2. */
  test: number;
}

/**
 * A seeded split, stratified by class for classification tasks (each class is split with the
 * same fractions, rounding per class), a plain random split for regression.
 *
 * @returns Split codes per sample (0 train, 1 valid, 2 test).
 * @example
 * ```ts
 * const split = stratifiedSplit(labels, { type: 'multiclass', classes: 10 }, { train: 0.8, valid: 0, test: 0.2 }, 1);
 * ```
 */
export function stratifiedSplit(labels: Float32Array, task: TaskSpec, fractions: SplitFractions, seed: Seed): Uint8Array {
  checkFractions(fractions);
  const rng = new Rng(seed).fork('stratified-split');
  const n = labels.length;
  const strata = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = task.type === 'regression' ? 0 : (labels[i] as number);
    let arr = strata.get(key);
    if (!arr) strata.set(key, (arr = []));
    arr.push(i);
  }
  const out = new Uint8Array(n);
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const members = strata.get(key)!;
    rng.shuffle(members);
    const nTest = Math.round(members.length * fractions.test);
    const nValid = Math.min(members.length - nTest, Math.round(members.length * fractions.valid));
    members.forEach((i, k) => {
      out[i] = k < nTest ? SPLIT.test : k < nTest + nValid ? SPLIT.valid : SPLIT.train;
    });
  }
  return out;
}

/** Options of {@link carveValidationByGroup}: give `groups` or `fraction` (not both). */
export interface GroupValidationOptions {
  /** Number of whole training groups moved to validation (MOSI reference: 6 of 62 videos). */
  groups?: number;
  /** Fraction of training groups moved to validation (rounded; used when `groups` is absent). */
  fraction?: number;
  /** Seed of the group choice. */
  seed: Seed;
}

/**
 * Moves whole training groups (videos, speakers) to the validation split, chosen by a seeded
 * shuffle of the sorted group ids, so no group straddles train and validation.
 *
 * @param split - Current split codes (not modified).
 * @param groups - Group id per sample.
 * @returns New split codes.
 * @example
 * ```ts
 * const split2 = carveValidationByGroup(ds.split, ds.groups, { groups: 6, seed: 0 });
 * ```
 */
export function carveValidationByGroup(split: Uint8Array, groups: readonly string[], options: GroupValidationOptions): Uint8Array {
  const trainGroups = [...new Set(groups.filter((_, i) => split[i] === SPLIT.train))].sort();
  let k: number;
  if (options.groups !== undefined) {
    assertInteger('validGroups', options.groups, 0);
    if (options.groups >= trainGroups.length && options.groups > 0) {
      throw new OptionError(`validGroups ${options.groups} leaves no training group (the training split has ${trainGroups.length} groups): choose fewer`);
    }
    k = options.groups;
  } else {
    const f = options.fraction ?? 0;
    assertNumberInRange('validFraction', f, 0, 0.99);
    k = Math.round(trainGroups.length * f);
  }
  const rng = new Rng(options.seed).fork('group-validation');
  rng.shuffle(trainGroups);
  const chosen = new Set(trainGroups.slice(0, k));
  const out = split.slice();
  for (let i = 0; i < out.length; i++) if (out[i] === SPLIT.train && chosen.has(groups[i] as string)) out[i] = SPLIT.valid;
  return out;
}

function checkFractions(f: SplitFractions): void {
  assertNumberInRange('fractions.train', f.train, 0, 1);
  assertNumberInRange('fractions.valid', f.valid, 0, 1);
  assertNumberInRange('fractions.test', f.test, 0, 1);
  const s = f.train + f.valid + f.test;
  if (Math.abs(s - 1) > 1e-6) throw new OptionError(`split fractions must sum to 1, got ${f.train} + ${f.valid} + ${f.test} = ${s}`);
}
