/**
 * The seed of a split's corruption (spec "Drawing corruptions during training"): the one place
 * the evaluation harness, `umq eval` and user code derive corruption seeds from.
 */
import { OptionError, deriveSeed, type Seed } from '@umq/core';

/** The split a corruption is drawn for (the split names of `@umq/datasets`). */
export type CorruptionSplit = 'train' | 'valid' | 'test';

/**
 * The seed of a split's corruption under a setting: the training split is re-drawn every epoch
 * (a corruption drawn once is memorised: fixed N(0, 1) fills become per-sample fingerprints),
 * validation and test are drawn once per run seed (`epoch` must be omitted for them). The
 * setting (any string naming the protocol and its rate, e.g. `JSON.stringify(setting)`) keeps
 * the draws of different settings apart. The seed is `deriveSeed(runSeed, split, setting[, epoch])`.
 *
 * @param runSeed - the run's seed
 * @param split - `'train'`, `'valid'` or `'test'`
 * @param setting - a label of the corruption setting
 * @param epoch - the epoch (required for `'train'`, not allowed otherwise)
 * @example
 * ```ts
 * const label = JSON.stringify({ kind: 'missing', rate: 0.5 });
 * for (let epoch = 0; epoch < epochs; epoch++) {
 *   const train = applyCorruption(trainData, protocol, corruptionSeed(runSeed, 'train', label, epoch));
 * }
 * const test = applyCorruption(testData, protocol, corruptionSeed(runSeed, 'test', label));
 * ```
 */
export function corruptionSeed(runSeed: Seed, split: CorruptionSplit, setting: string, epoch?: number): number {
  if (typeof setting !== 'string') throw new OptionError(`corruptionSeed: \`setting\` must be a string label of the corruption setting, got ${typeof setting}: pass e.g. JSON.stringify(setting)`);
  if (split === 'train') {
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) {
      throw new OptionError(`corruptionSeed: the 'train' split needs \`epoch\` (an integer >= 0), got ${String(epoch)}: training corruption is re-drawn every epoch`);
    }
    return deriveSeed(runSeed, 'train', setting, epoch);
  }
  if (split !== 'valid' && split !== 'test') {
    throw new OptionError(`corruptionSeed: \`split\` must be 'train', 'valid' or 'test', got ${JSON.stringify(split)}`);
  }
  if (epoch !== undefined) {
    throw new OptionError(`corruptionSeed: the '${split}' split is corrupted once per run seed, so \`epoch\` must be omitted (got ${epoch})`);
  }
  return deriveSeed(runSeed, split, setting);
}
