/**
 * Learning-rate schedules as pure functions of the step: `schedule(step)` gives the rate for
 * the update that follows `step` completed updates (0-based), so a training loop does
 * `optimizer.learningRate = schedule(step)` before each update.
 */
import { OptionError } from '../errors';
import { assertInteger } from '../validate';

/** A learning-rate schedule: the rate for 0-based step `step`. */
export type LrSchedule = (step: number) => number;

function checkLr(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new OptionError(`${fn}: \`${name}\` must be a finite number >= 0, got ${String(v)}: pass e.g. 1e-3`);
  return v;
}

function checkStep(step: number): void {
  if (!Number.isInteger(step) || step < 0) throw new OptionError(`learning-rate schedule: step must be an integer >= 0, got ${String(step)}: pass the number of updates done so far`);
}

/** Options of {@link constantSchedule}. */
export interface ConstantScheduleOptions {
  /** The rate at every step. The paper's UMQ runs use 1e-5 or 5e-6 with AdamW. */
  lr: number;
}

/**
 * The same rate at every step.
 *
 * @example
 * ```ts
 * const s = constantSchedule({ lr: 1e-5 });
 * s(0) === s(1000); // true
 * ```
 */
export function constantSchedule(options: ConstantScheduleOptions): LrSchedule {
  const lr = checkLr('constantSchedule', 'lr', options.lr);
  return (step) => {
    checkStep(step);
    return lr;
  };
}

/** Options of {@link warmupCosineSchedule}. */
export interface WarmupCosineScheduleOptions {
  /** The rate reached at the end of warmup. */
  peakLr: number;
  /** Steps of linear warmup from 0 to `peakLr`, integer >= 0. Default 0. */
  warmupSteps?: number;
  /** Total steps; the cosine reaches `minLr` at this step and stays there. Integer > warmupSteps. */
  totalSteps: number;
  /** The floor of the cosine decay, in [0, peakLr]. Default 0. */
  minLr?: number;
}

/**
 * Linear warmup then cosine decay (Loshchilov & Hutter, SGDR; the form of Hugging Face's
 * `get_cosine_schedule_with_warmup`, plus a floor): for `step < W`, `peak · step / W`;
 * then with `p = (step − W) / (T − W)` clamped to [0, 1],
 * `minLr + (peak − minLr) · ½(1 + cos(π p))`.
 *
 * @example
 * ```ts
 * const s = warmupCosineSchedule({ peakLr: 1e-3, warmupSteps: 100, totalSteps: 1000 });
 * s(50);   // 5e-4
 * s(100);  // 1e-3
 * s(1000); // 0
 * ```
 */
export function warmupCosineSchedule(options: WarmupCosineScheduleOptions): LrSchedule {
  const fn = 'warmupCosineSchedule';
  const peak = checkLr(fn, 'peakLr', options.peakLr);
  const minLr = checkLr(fn, 'minLr', options.minLr ?? 0);
  const warmup = options.warmupSteps ?? 0;
  assertInteger(`${fn} warmupSteps`, warmup, 0);
  assertInteger(`${fn} totalSteps`, options.totalSteps, warmup + 1, 'totalSteps must exceed warmupSteps');
  if (minLr > peak) throw new OptionError(`${fn}: minLr (${minLr}) must not exceed peakLr (${peak})`);
  const total = options.totalSteps;
  return (step) => {
    checkStep(step);
    if (step < warmup) return (peak * step) / warmup;
    const p = Math.min(1, (step - warmup) / (total - warmup));
    return minLr + (peak - minLr) * 0.5 * (1 + Math.cos(Math.PI * p));
  };
}

/** Options of {@link stepDecaySchedule}. */
export interface StepDecayScheduleOptions {
  /** The initial rate. */
  lr: number;
  /** Multiply the rate by `gamma` every `stepSize` steps; integer >= 1. */
  stepSize: number;
  /** Decay factor in (0, 1]. Default 0.1 (PyTorch StepLR). */
  gamma?: number;
}

/**
 * Step decay, as PyTorch `StepLR`: `lr · gamma^⌊step / stepSize⌋`.
 *
 * @example
 * ```ts
 * const s = stepDecaySchedule({ lr: 1e-3, stepSize: 10, gamma: 0.5 });
 * s(9);  // 1e-3
 * s(10); // 5e-4
 * ```
 */
export function stepDecaySchedule(options: StepDecayScheduleOptions): LrSchedule {
  const fn = 'stepDecaySchedule';
  const lr = checkLr(fn, 'lr', options.lr);
  assertInteger(`${fn} stepSize`, options.stepSize, 1);
  const gamma = options.gamma ?? 0.1;
  if (typeof gamma !== 'number' || !(gamma > 0 && gamma <= 1)) throw new OptionError(`${fn}: gamma must be in (0, 1], got ${String(gamma)}: use e.g. 0.1`);
  const size = options.stepSize;
  return (step) => {
    checkStep(step);
    return lr * Math.pow(gamma, Math.floor(step / size));
  };
}
