/**
 * Learning-rate schedules over epochs.
 */
import { OptionError } from '@umq/core';

/** A learning-rate schedule: constant, or linear warm-up then cosine decay to `minFactor`. */
export type LrSchedule =
  | {
      /** The base rate every epoch. */
      kind: 'constant';
    }
  | {
      /** Linear warm-up, then cosine decay. */
      kind: 'cosine';
      /** Warm-up epochs. Default 0. */
      warmupEpochs?: number;
      /** Final rate as a fraction of the base rate. Default 0. */
      minFactor?: number;
    };

/**
 * The learning rate of `epoch` (0-based) of `epochs` under `schedule`, from the base rate.
 *
 * @example
 * ```ts
 * learningRateAt({ kind: 'cosine', warmupEpochs: 2 }, 1e-3, 0, 10); // 5e-4
 * ```
 */
export function learningRateAt(schedule: LrSchedule, base: number, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'cosine': {
      const warm = schedule.warmupEpochs ?? 0;
      const minF = schedule.minFactor ?? 0;
      if (epoch < warm) return (base * (epoch + 1)) / (warm + 1);
      const span = Math.max(1, epochs - warm - 1);
      const p = Math.min(1, (epoch - warm) / span);
      return base * (minF + (1 - minF) * 0.5 * (1 + Math.cos(Math.PI * p)));
    }
    default:
      throw new OptionError(`unknown schedule ${JSON.stringify((schedule as { kind: unknown }).kind)}: use 'constant' or 'cosine'`);
  }
}
