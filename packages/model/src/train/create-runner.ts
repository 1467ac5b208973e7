/**
 * A step runner from its description: what `train()` does with `options.runner`.
 */
import { OptionError } from '@umq/core';
import type { HarnessModel } from '../types';
import { SerialRunner, type RunnerSpec, type StepRunner } from './step-runner';
import { NODE_ONLY, registeredRunner } from './platform';

/**
 * The runner a spec describes, for `model`: an instance passes through; `serial` is built in;
 * other kinds come from the platform (`encoder-workers`, `data-parallel`: Node worker threads,
 * registered by the Node entry; for a model without separate encoders it is the serial runner, since there
 * is nothing to move to the workers).
 *
 * @param spec a runner description or a runner.
 * @param model the model it will train.
 * @example
 * ```ts
 * const runner = createRunner({ kind: 'encoder-workers', workers: 2, split: 'rows' }, model);
 * ```
 */
export function createRunner(spec: RunnerSpec | StepRunner, model: HarnessModel): StepRunner {
  if ('step' in spec && typeof spec.step === 'function') return spec;
  const s = spec as RunnerSpec;
  if (s.kind === 'serial') return new SerialRunner();
  const factory = registeredRunner(s.kind);
  if (factory) return factory(s, model);
  if (s.kind === 'encoder-workers' || s.kind === 'data-parallel') throw new OptionError(`train: the '${s.kind}' runner runs in Node worker threads: ${NODE_ONLY}. Use { kind: 'serial' } or pass a StepRunner`);
  throw new OptionError(`train: unknown runner ${JSON.stringify((s as { kind?: unknown }).kind)}: use { kind: 'serial' }, { kind: 'encoder-workers', workers: N } or { kind: 'data-parallel', workers: N }, or pass a StepRunner`);
}
