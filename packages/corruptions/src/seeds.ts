/**
 * The recommended seed pattern for corruptions (spec "Drawing corruptions during training").
 */
import { OptionError, deriveSeed, type Seed } from '@umq/core';

/** The split a corruption is drawn for. */
export type CorruptionSplit = 'train' | 'val' | 'test';

/**
 * The seed of a split's corruption: the training split is re-drawn every epoch (a corruption
 * drawn once is memorised: fixed N(0, 1) fills become per-sample fingerprints), validation and
 * test are drawn once per run seed (`epoch` must be omitted for them).
 *
 * @param runSeed - the run's seed
 * @param split - `'train'`, `'val'` or `'test'`
 * @param epoch - the epoch (required for `'train'`, not allowed otherwise)
 * @example
 * ```ts
 * for (let epoch = 0; epoch < epochs; epoch++) {
 *   const train = applyCorruption(trainData, protocol, corruptionSeed(runSeed, 'train', epoch));
 * }
 * const test = applyCorruption(testData, protocol, corruptionSeed(runSeed, 'test'));
 * ```
 */
export function corruptionSeed(runSeed: Seed, split: CorruptionSplit, epoch?: number): number {
  if (split === 'train') {
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) {
      throw new OptionError(`corruptionSeed: the 'train' split needs \`epoch\` (an integer >= 0), got ${String(epoch)}: training corruption is re-drawn every epoch`);
    }
    return deriveSeed(runSeed, 'corruption', 'train', epoch);
  }
  if (split !== 'val' && split !== 'test') {
    throw new OptionError(`corruptionSeed: \`split\` must be 'train', 'val' or 'test', got ${JSON.stringify(split)}`);
  }
  if (epoch !== undefined) {
    throw new OptionError(`corruptionSeed: the '${split}' split is corrupted once per run seed, so \`epoch\` must be omitted (got ${epoch})`);
  }
  return deriveSeed(runSeed, 'corruption', split);
}
