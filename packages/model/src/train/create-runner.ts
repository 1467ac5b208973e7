/**
 * A step runner from its description: what `train()` does with `options.runner`.
 */
import { OptionError } from '@umq/core';
import { isEncoderSeparable, type HarnessModel } from '../types';
import { SerialRunner, type RunnerSpec, type StepRunner } from './step-runner';
import { EncoderWorkerRunner } from './encoder-workers/runner';
import { DataParallelRunner } from './replicas/runner';

/**
 * The runner a spec describes, for `model`: an instance passes through; `encoder-workers` for a
 * model without separate encoders (early or late fusion) is the serial runner, since there is
 * nothing to move to the workers.
 *
 * @example
 * ```ts
 * const runner = createRunner({ kind: 'encoder-workers', workers: 2, split: 'rows' }, model);
 * ```
 */
export function createRunner(spec: RunnerSpec | StepRunner, model: HarnessModel): StepRunner {
  if ('step' in spec && typeof spec.step === 'function') return spec;
  const s = spec as RunnerSpec;
  switch (s.kind) {
    case 'serial':
      return new SerialRunner();
    case 'encoder-workers':
      return isEncoderSeparable(model) ? new EncoderWorkerRunner({ workers: s.workers, split: s.split }) : new SerialRunner();
    case 'data-parallel':
      return new DataParallelRunner({ workers: s.workers, replica: s.replica });
    default:
      throw new OptionError(`train: unknown runner ${JSON.stringify((s as { kind?: unknown }).kind)}: use { kind: 'serial' }, { kind: 'encoder-workers', workers: N } or { kind: 'data-parallel', workers: N }, or pass a StepRunner`);
  }
}
