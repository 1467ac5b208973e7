/**
 * Every worker thread the code under test starts, and which of them have exited: a test mocks
 * `node:worker_threads` with {@link trackWorkerThreads} and asks {@link alive} afterwards; and
 * the failure drill of the step runners' tests ({@link stepsUntilFailure}).
 *
 *   vi.mock('node:worker_threads', async (original) => (await import('../../../test/worker-tracking')).trackWorkerThreads(original));
 */
import type { Worker } from 'node:worker_threads';
import { expect } from 'vitest';
import { tf, AdamW, Rng } from '@umq/core';
import { batchIndices } from '@umq/datasets';
import type { StepRunner } from '../src/train/step-runner';
import type { SplitArrays } from '../src/train/split';
import type { HarnessModel } from '../src/types';

/** The threads started so far and those that have exited. */
export const threads = { spawned: [] as Worker[], exited: new Set<Worker>() };

/** `node:worker_threads` with a `Worker` that records itself in {@link threads}. */
export async function trackWorkerThreads(importOriginal: () => Promise<unknown>): Promise<typeof import('node:worker_threads')> {
  const real = (await importOriginal()) as typeof import('node:worker_threads');
  class TrackedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      threads.spawned.push(this);
      this.once('exit', () => threads.exited.add(this));
    }
  }
  return { ...real, Worker: TrackedWorker };
}

/** Threads started and not yet exited. */
export const alive = (): number => threads.spawned.filter((w) => !threads.exited.has(w)).length;

/**
 * Runs one epoch of steps of 16 rows through `runner` (started on `model` with a fresh AdamW)
 * until one fails; closes the runner, checks no thread is left and no main-thread tensor
 * leaked, and returns the error (null if every step passed).
 */
export async function stepsUntilFailure(runner: StepRunner, model: HarnessModel, split: SplitArrays): Promise<unknown> {
  const optimizer = new AdamW({ learningRate: 1e-3 });
  const outside = tf.memory().numTensors;
  let error: unknown = null;
  try {
    await runner.start({ model, optimizer, seed: 1, clipNorm: null, maxBatch: 16 });
    for (const index of batchIndices(split.labels.length, { batchSize: 16, shuffle: true, seed: 1 })) {
      const { terms } = await runner.step(split, index, { epoch: 0, rng: new Rng(1) });
      tf.dispose(Object.values(terms));
    }
  } catch (e) {
    error = e;
  } finally {
    await runner.close();
  }
  expect(alive()).toBe(0);
  optimizer.dispose();
  expect(tf.memory().numTensors).toBe(outside);
  model.dispose();
  return error;
}
