import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threads, alive, stepsUntilFailure } from '../../../test/worker-tracking';
import { runnerDataset, runnerData, trainSplit, maxRelativeDiff, withoutKeyBias, expectSameRun } from '../../../test/runner-fixture';
import { snapshot } from '../../../test/helpers';
import type { FaultSpec } from '../workers/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf, initEngine, AdamW, Rng, WorkerError } from '@umq/core';
import { batchIndices } from '@umq/datasets';
import '../node-platform'; // checkpoint folders
import { train } from '../trainer';
import type { TrainOptions } from '../train-options';
import type { TrainResult } from '../epoch-record';
import { datasetShape, type ModelBuildOptions } from '../../models';
import { buildTestModel, type TestModelArgs } from '../../../test/replica-factory';
import { DataParallelRunner, type DataParallelRunnerOptions } from './runner';
import type { ModelRecipe } from './model-recipe';

vi.mock('node:worker_threads', async (original) => (await import('../../../test/worker-tracking')).trackWorkerThreads(original));

const tmp = mkdtempSync(join(tmpdir(), 'umq-data-parallel-'));
const ds = runnerDataset;
const data = runnerData;
const shape = datasetShape(ds);
const small: ModelBuildOptions = { d: 8, encoders: { heads: 2 }, moe: { numExperts: 3, topK: 2 }, seed: 1, dropout: 0 };
/** UMQ whose objective is separable over rows: no moving-average baseline, the non-separable terms weighted 0, row-wise training draws. */
const separableUMQ: TestModelArgs = { name: 'umq', shape, options: { ...small, baseline: null, lossWeights: { qe: 0, moe: 0, dec: 0, enh: 0 } }, rowwise: true };
const BASE: TrainOptions = { epochs: 2, batchSize: 16, learningRate: 3e-3, seed: 4, patience: null, progress: false };
const factory = (args: TestModelArgs): ModelRecipe => ({ kind: 'module', module: new URL('../../../test/replica-factory.ts', import.meta.url).href, export: 'buildTestModel', args });
const parallel = (workers: number, args?: TestModelArgs, extra: Partial<DataParallelRunnerOptions> = {}): Pick<TrainOptions, 'runner'> => ({
  runner: new DataParallelRunner({ workers, ...(args ? { replica: factory(args) } : {}), ...extra }),
});

/** Terms that are not separable over rows (weighted 0 in the separable UMQ, but still logged). */
const WHOLE_BATCH_TERMS = new Set(['L_rank', 'L_high', 'L_qe', 'L_spec', 'L_dec', 'L_enh', 'L_bal', 'L_var', 'L_cfg', 'L_moe']);

async function run(args: TestModelArgs, options: TrainOptions): Promise<{ result: TrainResult; weights: Record<string, Float32Array> }> {
  const model = buildTestModel(args);
  const result = await train(model, data, { ...BASE, ...options });
  const weights = snapshot(model);
  model.dispose();
  return { result, weights };
}

describe('train() with the data-parallel runner', () => {
  beforeAll(async () => {
    await initEngine();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('UMQ with a row-separable objective (replicas built by a factory module) equals serial training, with clipping; no main-thread leaks; replicas end with train()', async () => {
    for (const clipNorm of [0.05]) {
      const outside = tf.memory().numTensors;
      const spawnedBefore = threads.spawned.length;
      const dp = await run(separableUMQ, { clipNorm, epochs: 2, ...parallel(2, separableUMQ) });
      expect(threads.spawned.length - spawnedBefore).toBe(2);
      expect(alive()).toBe(0);
      expect(tf.memory().numTensors).toBe(outside);
      const serial = await run(separableUMQ, { clipNorm, epochs: 2 });
      expectSameRun(serial.result, dp.result, 1e-4, WHOLE_BATCH_TERMS);
      expect(maxRelativeDiff(withoutKeyBias(serial.weights), withoutKeyBias(dp.weights))).toBeLessThan(1e-4);
      if (clipNorm !== null) {
        expect(dp.result.history[0].gradNorm!).toBeGreaterThan(clipNorm); // the clipping did act
      }
    }
  }, 90_000);

  it('full UMQ (paper draws, moving-average baseline): 20 steps (the last with one row: an empty part) keep the replicas bit-identical (sync checks them), the buffers averaged by rows reach the main model, no tensor grows on either side', async () => {
    const model = buildTestModel({ name: 'umq', shape, options: small });
    const optimizer = new AdamW({ learningRate: 3e-3 });
    const runner = new DataParallelRunner({ workers: 2 });
    const outside = tf.memory().numTensors;
    const before = snapshot(model)['baseline.movingAverage'];
    try {
      await runner.start({ model, optimizer, seed: 1, clipNorm: 1, maxBatch: 16 });
      const counts: number[][] = [];
      let steps = 0;
      for (let epoch = 0; steps < 20; epoch++) {
        for (const index of batchIndices(trainSplit.labels.length, { batchSize: 16, shuffle: true, seed: epoch })) {
          if (steps++ >= 20) break;
          // the last step has one row: replica 0's part is empty
          const r = await runner.step(trainSplit, steps === 20 ? index.subarray(0, 1) : index, { epoch, rng: new Rng(1) });
          expect(Number.isFinite(r.loss)).toBe(true);
          tf.dispose(Object.values(r.terms));
          counts.push([...runner.tensorsInReplicas]);
        }
        await runner.sync(); // throws if a replica differs from replica 0 in any bit
      }
      expect(counts.at(-1)).toEqual(counts[1]);
      expect(tf.memory().numTensors).toBe(outside);
      const after = snapshot(model)['baseline.movingAverage'];
      expect(after.some((x, i) => x !== before[i])).toBe(true);
      const slots = await runner.optimizerState();
      expect(slots.getWeightsSync().length).toBeGreaterThan(0);
      slots.dispose();
    } finally {
      await runner.close();
      optimizer.dispose();
      model.dispose();
    }
    expect(alive()).toBe(0);
  }, 60_000);

  it('late-fusion (replicas rebuilt from the registered class and getConfig): a data-parallel run checkpointed after 2 epochs and resumed data-parallel reaches the serial 3-epoch run', async () => {
    const args: TestModelArgs = { name: 'late-fusion', shape, options: small };
    const serial = await run(args, { epochs: 3 });
    const dir = join(tmp, 'ckpt');
    const first = buildTestModel(args);
    await train(first, data, { ...BASE, epochs: 2, checkpointDir: dir, ...parallel(2) });
    first.dispose();
    const resumed = buildTestModel(args);
    const result = await train(resumed, data, { ...BASE, epochs: 3, checkpointDir: dir, resume: true, ...parallel(2) });
    expect(result.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
    expectSameRun(serial.result, result);
    // the AdamW moments travelled through the checkpoint (a reset would move these weights)
    expect(maxRelativeDiff(serial.weights, snapshot(resumed))).toBeLessThan(1e-4);
    resumed.dispose();
    expect(alive()).toBe(0);
  }, 60_000);

  it('rejects a bad count by name, and a replica that builds another model with a WorkerError naming the first difference', async () => {
    expect(() => new DataParallelRunner({ workers: 0 })).toThrow(/DataParallelRunner\.workers/);
    const model = buildTestModel({ name: 'late-fusion', shape, options: small });
    const other: TestModelArgs = { name: 'late-fusion', shape, options: { ...small, d: 6 } };
    await expect(train(model, data, { ...BASE, ...parallel(2, other) })).rejects.toThrow(/replica \d \(part \d of 2\) built a model with other parameters.*first difference: net0\.l1\.weight\[6,8\] here, net0\.l1\.weight\[6,6\] in the worker/);
    model.dispose();
    expect(alive()).toBe(0);
  }, 30_000);
});

describe('DataParallelRunner failures', () => {
  beforeAll(async () => {
    await initEngine();
  });

  const failingStep = (fault: FaultSpec, timeoutMs?: number) =>
    stepsUntilFailure(new DataParallelRunner({ workers: 2, timeoutMs, fault: { worker: 1, ...fault } }), buildTestModel({ name: 'late-fusion', shape, options: small }), trainSplit);

  it('an exception in a replica is a WorkerError naming it, with the cause; its partner waiting at the gradient sum is released', async () => {
    const e = await failingStep({ step: 2, phase: 'backward', kind: 'throw' });
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as WorkerError).message).toMatch(/replica 1 \(part 2 of 2\) failed: Error: injected fault at step 2 \(backward\)/);
    expect(((e as WorkerError).cause as Error).stack).toMatch(/replicas[\\/]worker/);
  }, 30_000);

  it('a replica that exits mid-step is a WorkerError, not a hang', async () => {
    const e = await failingStep({ step: 1, phase: 'forward', kind: 'exit' });
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as Error).message).toMatch(/replica 1 \(part 2 of 2\) exited unexpectedly with code 3/);
  }, 30_000);

  it('a replica that stops answering fails after the timeout', async () => {
    const e = await failingStep({ step: 1, phase: 'forward', kind: 'hang' }, 2000); // long enough for the state transfer before step 1 on a busy machine
    expect(e).toBeInstanceOf(WorkerError);
    expect((e as Error).message).toMatch(/replica \d \(part \d of 2\)(: no answer to step within 2000 ms| failed: Error: .*no gradients from part 2 of 2 within 2000 ms)/);
  }, 30_000);
});
