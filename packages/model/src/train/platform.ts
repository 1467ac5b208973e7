/**
 * What `train()` needs from its platform beyond tensors: runners other than the serial one
 * (worker threads), checkpoint folders (`checkpointDir`) and the JSONL log (`logFile`). The main
 * entry of `@umq/model` runs in a browser and has none of them; its Node entry registers them
 * when it is imported (`train/node-platform.ts`), as a class registers itself with tfjs.
 */
import { OptionError } from '@umq/core';
import type { HarnessModel } from '../types';
import type { CheckpointStore } from './checkpoint-store';
import type { EpochRecord } from './epoch-record';
import type { RunnerSpec, StepRunner } from './step-runner';

/** Builds the runner of a spec kind for a model. */
export type RunnerFactory = (spec: RunnerSpec, model: HarnessModel) => StepRunner;

/** What a platform adds to `train()`. */
export interface TrainPlatform {
  /** Runners by spec kind (beside the built-in `serial`). */
  runners?: Partial<Record<RunnerSpec['kind'], RunnerFactory>>;
  /** The checkpoint store of a `checkpointDir`. */
  checkpoints?: (dir: string) => CheckpointStore;
  /** The writer of a `logFile`: receives every epoch record. */
  epochLog?: (file: string) => (record: EpochRecord) => void;
}

const registered: Required<TrainPlatform> = { runners: {}, checkpoints: undefined as never, epochLog: undefined as never };

/**
 * Adds runners, a checkpoint store or a log writer to `train()` (what the Node entry does for
 * worker threads and files). Later registrations replace earlier ones of the same name.
 *
 * @param platform what to add.
 * @example
 * ```ts
 * registerTrainPlatform({ runners: { 'encoder-workers': (spec) => new EncoderWorkerRunner(spec as EncoderWorkerRunnerOptions) } });
 * ```
 */
export function registerTrainPlatform(platform: TrainPlatform): void {
  Object.assign(registered.runners, platform.runners ?? {});
  if (platform.checkpoints) registered.checkpoints = platform.checkpoints;
  if (platform.epochLog) registered.epochLog = platform.epochLog;
}

/** Why a Node-only feature is missing, for error messages. */
export const NODE_ONLY = "it is registered by @umq/model's Node entry (Node resolves `@umq/model` to it; elsewhere import '@umq/model/node'), so it is not available in a browser";

/** The runner factory of a spec kind, or null (serial is built in; unknown kinds are the caller's error). */
export function registeredRunner(kind: string): RunnerFactory | null {
  return (registered.runners as Record<string, RunnerFactory | undefined>)[kind] ?? null;
}

/** The checkpoint store of `dir`; an OptionError where no platform provides one (a browser). */
export function checkpointStore(dir: string): CheckpointStore {
  if (!registered.checkpoints) throw new OptionError(`train: checkpointDir ${JSON.stringify(dir)} needs a file system: ${NODE_ONLY}. In a browser leave checkpointDir null`);
  return registered.checkpoints(dir);
}

/** The epoch-record writer of `file`; an OptionError where no platform provides one (a browser). */
export function epochLog(file: string): (record: EpochRecord) => void {
  if (!registered.epochLog) throw new OptionError(`train: logFile ${JSON.stringify(file)} needs a file system: ${NODE_ONLY}. In a browser use onEpoch to receive each epoch's record`);
  return registered.epochLog(file);
}
