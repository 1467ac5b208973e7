import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threads, alive, stepsUntilFailure } from '../../../test/worker-tracking';
import { runnerDataset, runnerData, trainSplit, maxRelativeDiff, withoutKeyBias, expectSameRun } from '../../../test/runner-fixture';
import { snapshot } from '../../../test/helpers';
import type { FaultSpec } from '../workers/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf, initEngine, AdamW, WorkerError } from '@umq/core';
import { train } from '../trainer';
import '../node-platform'; // the encoder-workers runner and checkpoint folders
import type { TrainOptions } from '../train-options';
import type { TrainResult } from '../epoch-record';
import type { RunnerSpec } from '../step-runner';
import { buildModel } from '../../models';
import { EncoderWorkerRunner } from './runner';
import { assignModalities } from './messages';
import type { HarnessModel } from '../../types';

vi.mock('node:worker_threads', async (original) => (await import('../../../test/worker-tracking')).trackWorkerThreads(original));

const tmp = mkdtempSync(join(tmpdir(), 'umq-encoder-workers-'));
const ds = runnerDataset;
const data = runnerData;
const newModel = (): HarnessModel => buildModel('umq', ds, { d: 8, encoders: { heads: 2 }, moe: { numExperts: 3, topK: 2 }, seed: 1, dropout: 0 });
const BASE: TrainOptions = { epochs: 2, batchSize: 16, learningRate: 3e-3, seed: 4, patience: null, progress: false };

const cache = new Map<string, Promise<{ result: TrainResult; weights: Record<string, Float32Array> }>>();
/** A serial run, computed once per options. */
function serialRun(options: TrainOptions) {
  const key = JSON.stringify(options);
  if (!cache.has(key)) cache.set(key, run(options));
  return cache.get(key)!;
}

async function run(options: TrainOptions): Promise<{ result: TrainResult; weights: Record<string, Float32Array> }> {
  const model = newModel();
  const result = await train(model, data, { ...BASE, ...options });
  const weights = snapshot(model);
  model.dispose();
  return { result, weights };
}

/** The encoder-worker runner as train() takes it. */
const workers = (n: number, split: 'modalities' | 'rows' = 'modalities'): { runner: RunnerSpec } => ({ runner: { kind: 'encoder-workers', workers: n, split } });

describe('train() with the encoder-worker runner', () => {
  beforeAll(async () => {
    await initEngine();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('with dropout 0 equals serial training (losses, gradient norms, weights), with and without clipping; no main-thread tensor leaks; workers end with train()', async () => {
    for (const clipNorm of [null, 0.05]) {
      const outside = tf.memory().numTensors;
      const counts: number[] = [];
      const spawnedBefore = threads.spawned.length;
      const parallel = await run({ clipNorm, ...workers(2), epochs: 3, onEpoch: () => counts.push(tf.memory().numTensors) });
      expect(threads.spawned.length - spawnedBefore).toBe(2);
      expect(alive()).toBe(0);
      expect(tf.memory().numTensors).toBe(outside);
      expect(counts[2]).toBe(counts[1]); // flat after the first epoch (optimizer slots, best copy)
      const serial3 = await serialRun({ clipNorm, epochs: 3 });
      expectSameRun(serial3.result, parallel.result);
      expect(maxRelativeDiff(serial3.weights, parallel.weights)).toBeLessThan(1e-4);
      if (clipNorm !== null) expect(parallel.result.history[0].gradNorm!).toBeGreaterThan(clipNorm); // the clipping did act
    }
  }, 60_000);

  it("split 'rows' with dropout 0 equals serial training, with and without clipping; the replicas stay bit-identical (pull checks them every epoch)", async () => {
    for (const clipNorm of [null, 0.05]) {
      const outside = tf.memory().numTensors;
      const spawnedBefore = threads.spawned.length;
      const parallel = await run({ clipNorm, ...workers(2, 'rows'), epochs: 3 });
      expect(threads.spawned.length - spawnedBefore).toBe(2);
      expect(alive()).toBe(0);
      expect(tf.memory().numTensors).toBe(outside);
      const serial3 = await serialRun({ clipNorm, epochs: 3 });
      expectSameRun(serial3.result, parallel.result);
      expect(maxRelativeDiff(withoutKeyBias(serial3.weights), withoutKeyBias(parallel.weights))).toBeLessThan(1e-4);
    }
  }, 60_000);

  it("split 'rows' takes more workers than modalities, and batches smaller than the number of workers (a part with no rows)", async () => {
    // 4 workers for 3 modalities; batches of 2 rows leave two parts empty in every step
    const options: TrainOptions = { epochs: 1, batchSize: 2 };
    const spawnedBefore = threads.spawned.length;
    const parallel = await run({ ...options, ...workers(4, 'rows') });
    expect(threads.spawned.length - spawnedBefore).toBe(4);
    const serial = await serialRun(options);
    expectSameRun(serial.result, parallel.result);
    expect(maxRelativeDiff(withoutKeyBias(serial.weights), withoutKeyBias(parallel.weights))).toBeLessThan(1e-4);
    const model = newModel();
    await expect(train(model, data, { ...BASE, ...workers(2, 'batch' as never) })).rejects.toThrow(/EncoderWorkerRunner\.split/);
    model.dispose();
  }, 60_000);

  it('checkpoints resume across modes: workers -> serial and serial -> workers both reach the uninterrupted run', async () => {
    const reference = await serialRun({ clipNorm: null, epochs: 3 });
    const modes: [TrainOptions, TrainOptions][] = [
      [workers(2), {}],
      [{}, workers(2)],
      [workers(2, 'rows'), workers(2)],
    ];
    for (const [first, second] of modes) {
      const dir = join(tmp, `ckpt-${JSON.stringify(first)}-${JSON.stringify(second)}`.replace(/[^\w-]/g, ''));
      const model = newModel();
      await train(model, data, { ...BASE, epochs: 2, checkpointDir: dir, ...first });
      model.dispose();
      const resumed = newModel();
      const result = await train(resumed, data, { ...BASE, epochs: 3, checkpointDir: dir, resume: true, ...second });
      expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
      expectSameRun(reference.result, result);
      // the encoders' AdamW moments travelled through the checkpoint (a reset would move these weights)
      expect(maxRelativeDiff(withoutKeyBias(reference.weights), withoutKeyBias(snapshot(resumed)))).toBeLessThan(1e-4);
      resumed.dispose();
    }
    expect(alive()).toBe(0);
  }, 60_000);

  it('terminates its workers when train() throws', async () => {
    const model = newModel();
    const outside = tf.memory().numTensors;
    await expect(train(model, data, { ...BASE, ...workers(2), onEpoch: () => { throw new Error('stop here'); } })).rejects.toThrow('stop here');
    expect(alive()).toBe(0);
    model.clearCaches();
    expect(tf.memory().numTensors).toBe(outside);
    model.dispose();
  }, 30_000);

  it('runs models without separate encoders serially, and rejects a bad count by name', async () => {
    const model = buildModel('late-fusion', ds, { d: 8, seed: 1 });
    const spawned = threads.spawned.length;
    await train(model, data, { ...BASE, epochs: 1, ...workers(2) });
    expect(threads.spawned.length).toBe(spawned);
    model.dispose();
    const umq = newModel();
    await expect(train(umq, data, { ...BASE, ...workers(1.5) })).rejects.toThrow(/EncoderWorkerRunner\.workers/);
    await expect(train(umq, data, { ...BASE, ...workers(-1) })).rejects.toThrow(/EncoderWorkerRunner\.workers/);
    umq.dispose();
  });
});

describe('EncoderWorkerRunner failures', () => {
  beforeAll(async () => {
    await initEngine();
  });

  /** Runs steps with a fault injected into worker `worker` (of one, or of two splitting the rows); returns the error. */
  const failingStep = (fault: FaultSpec, timeoutMs?: number, rows = false) =>
    stepsUntilFailure(new EncoderWorkerRunner({ workers: rows ? 2 : 1, split: rows ? 'rows' : 'modalities', timeoutMs, fault: { worker: rows ? 1 : 0, ...fault } }), newModel(), trainSplit);

  it('an exception in a worker surfaces as a WorkerError naming it, with the cause', async () => {
    const e = await failingStep({ step: 2, phase: 'backward', kind: 'throw' });
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as WorkerError).worker).toBe('encoder worker 0 (a, b, c)');
    expect((e as WorkerError).message).toMatch(/encoder worker 0 \(a, b, c\) failed: Error: injected fault at step 2 \(backward\)/);
    expect(((e as WorkerError).cause as Error).stack).toMatch(/encoder-workers[\\/]worker/);
  }, 20_000);

  it('a worker that exits mid-step is a WorkerError, not a hang', async () => {
    const e = await failingStep({ step: 1, phase: 'forward', kind: 'exit' });
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as Error).message).toMatch(/encoder worker 0 \(a, b, c\) exited unexpectedly with code 3/);
  }, 20_000);

  it("split 'rows': a failing worker is a WorkerError naming its part, and its partner, waiting for its gradients, is released", async () => {
    const e = await failingStep({ step: 2, phase: 'backward', kind: 'throw' }, undefined, true);
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as WorkerError).message).toMatch(/encoder worker 1 \(rows, part 2 of 2\) failed: Error: injected fault at step 2 \(backward\)/);
  }, 20_000);

  it('a worker that stops answering fails after the timeout', async () => {
    const e = await failingStep({ step: 1, phase: 'forward', kind: 'hang' }, 400);
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as Error).message).toMatch(/encoder worker 0 \(a, b, c\): no answer to step within 400 ms/);
  }, 20_000);
});

describe('assignModalities', () => {
  it('balances modality costs over the workers, at most one worker per modality', () => {
    expect(assignModalities([157, 102, 90], 2)).toEqual([[0], [1, 2]]);
    expect(assignModalities([5, 5, 5], 3)).toEqual([[0], [1], [2]]);
    expect(assignModalities([5, 5, 5], 8)).toEqual([[0], [1], [2]]);
    expect(assignModalities([1, 9, 1, 1], 2)).toEqual([[0, 2, 3], [1]]);
    expect(assignModalities([4, 4], 1)).toEqual([[0, 1]]);
  });
});
