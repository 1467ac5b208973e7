/**
 * The trainer: epochs, seeded batches, early stopping on the validation split, a learning-rate
 * schedule, a checkpoint per epoch with exact resume, a JSONL log of every epoch's loss terms,
 * and a divergence check. Checkpoint folders and the log file are the platform's
 * (`platform.ts`: Node registers them); the loop itself runs in a browser too. Where and how each step runs is its runner's business
 * ({@link StepRunner}); the trainer never asks which model it trains.
 */
import { tf, AdamW, Rng, deriveSeed, requireEngine, assertInteger, assertNumberInRange, assertOneOf, DivergenceError } from '@umq/core';
import { batchCount, batchIndices } from '@umq/datasets';
import type { HarnessModel } from '../types';
import { splitSize, type SplitArrays } from './split';
import { ProgressBar } from './progress';
import type { CheckpointStore, TrainerState } from './checkpoint-store';
import { checkpointStore, epochLog } from './platform';
import { evaluateLoss, predict } from './evaluate';
import { primaryMetric, taskMetrics } from '../eval/task-metrics';
import { createRunner } from './create-runner';
import { TRAIN_DEFAULTS, type ResolvedTrainOptions, type TrainOptions } from './train-options';
import type { EpochRecord, TrainData, TrainResult } from './epoch-record';

/**
 * Trains a model with AdamW.
 *
 * @example
 * ```ts
 * const result = await train(model, { train: () => trainSplit, valid: validSplit }, { epochs: 30, seed: 1 });
 * ```
 */
export async function train(model: HarnessModel, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  requireEngine();
  const o: ResolvedTrainOptions = { ...TRAIN_DEFAULTS, ...withoutUndefined(options) };
  assertOneOf('train.monitor', o.monitor, ['loss', 'metric'] as const);
  assertInteger('train.epochs', o.epochs, 1);
  assertInteger('train.batchSize', o.batchSize, 1);
  assertNumberInRange('train.learningRate', o.learningRate, 0, 10);
  if (o.divergenceFactor !== null) assertNumberInRange('train.divergenceFactor', o.divergenceFactor, 1, Infinity);
  const store: CheckpointStore | null = o.checkpointDir ? checkpointStore(o.checkpointDir) : null;
  const log = o.logFile ? epochLog(o.logFile) : null;
  const runner = createRunner(o.runner, model);
  const optimizer = new AdamW({ learningRate: o.learningRate, weightDecay: o.weightDecay, weightDecayMode: o.weightDecayMode });
  let state: TrainerState = { epoch: 0, bestEpoch: -1, bestValidLoss: null, badEpochs: 0, history: [], firstLoss: null };
  let best: Record<string, tf.Tensor> | null = null;
  try {
    if (o.resume && store) {
      const loaded = store.load(model, optimizer);
      if (loaded) {
        state = loaded.state;
        best = loaded.best;
      }
    }
    await runner.start({ model, optimizer, seed: o.seed, clipNorm: o.clipNorm, maxBatch: o.batchSize });
    let stoppedEarly = false;
    for (let epoch = state.epoch; epoch < o.epochs; epoch++) {
      const t0 = Date.now();
      const split = data.train(epoch);
      const n = splitSize(split);
      const dropLast = o.dropLast && n >= o.batchSize; // never drop the only batch of a small split
      const rng = new Rng(deriveSeed(o.seed, 'dropout', epoch));
      const lr = o.schedule ? o.schedule(epoch) : o.learningRate;
      optimizer.learningRate = lr;
      const sums: Record<string, number> = {};
      let gradNormSum = 0;
      const bar = new ProgressBar(`epoch ${epoch + 1}/${o.epochs}`, batchCount(n, o.batchSize, dropLast), o.progress);
      let b = 0;
      for (const index of batchIndices(n, { batchSize: o.batchSize, shuffle: true, seed: deriveSeed(o.seed, 'shuffle', epoch), dropLast })) {
        const { loss, terms, gradNorm } = await runner.step(split, index, { epoch, rng });
        if (gradNorm !== null) gradNormSum += gradNorm;
        if (!Number.isFinite(loss)) {
          tf.dispose(Object.values(terms));
          throw diverged(`the training loss became ${loss} at epoch ${epoch + 1}, batch ${b + 1}`, epoch, o, store);
        }
        state.firstLoss ??= loss;
        const names = Object.keys(terms);
        const stacked = names.length ? tf.stack(names.map((k) => terms[k])) : null;
        const vals = stacked ? await stacked.data() : [];
        stacked?.dispose();
        names.forEach((k, i) => (sums[k] = (sums[k] ?? 0) + vals[i]));
        sums.L_total = (sums.L_total ?? 0) + loss;
        tf.dispose(Object.values(terms));
        b++;
        bar.update(b, sums.L_total / b);
      }
      bar.done();
      const trainMeans = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(1, b)]));
      const reference = state.firstLoss ?? null;
      if (o.divergenceFactor !== null && reference !== null && reference > 0 && trainMeans.L_total > o.divergenceFactor * reference) {
        throw diverged(`the mean training loss of epoch ${epoch + 1} is ${trainMeans.L_total.toPrecision(3)}, over ${o.divergenceFactor}x the first batch's ${reference.toPrecision(3)}`, epoch, o, store);
      }
      await runner.sync(); // the model on this thread now holds every trained weight (validation, best copy, checkpoint)
      let validLoss: number | null = null;
      let validScore: number | undefined;
      let isBest = false;
      if (data.valid) {
        validLoss = evaluateLoss(model, data.valid, o.batchSize);
        let improved = state.bestValidLoss === null || validLoss < state.bestValidLoss;
        if (o.monitor === 'metric') {
          validScore = validationScore(model, data.valid, o.batchSize);
          const bestScore = state.bestScore ?? null;
          improved = bestScore === null || validScore > bestScore || (validScore === bestScore && (state.bestValidLoss === null || validLoss < state.bestValidLoss));
          if (improved) state.bestScore = validScore;
        }
        if (improved) {
          isBest = true;
          state.bestValidLoss = validLoss;
          state.bestEpoch = epoch;
          state.badEpochs = 0;
          if (best) tf.dispose(Object.values(best));
          best = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, tf.clone(v)]));
        } else state.badEpochs++;
      } else {
        state.bestEpoch = epoch;
      }
      const record: EpochRecord = { epoch, lr, train: trainMeans, validLoss, ...(validScore === undefined ? {} : { validScore }), best: isBest, seconds: (Date.now() - t0) / 1000 };
      if (o.clipNorm !== null) record.gradNorm = gradNormSum / Math.max(1, b);
      state.history.push(record);
      state.epoch = epoch + 1;
      log?.(record);
      o.onEpoch?.(record);
      if (store) {
        const full = await runner.optimizerState(); // every parameter's slots, wherever they live: the checkpoint resumes under any runner
        try {
          store.save(model, full, state, best);
        } finally {
          if (full !== optimizer) full.dispose();
        }
      }
      if (data.valid && o.patience !== null && state.badEpochs >= o.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (best && o.restoreBest && data.valid) model.loadStateDict(best);
    return { epochs: state.epoch, bestEpoch: state.bestEpoch, bestValidLoss: state.bestValidLoss, history: state.history, stoppedEarly };
  } finally {
    await runner.close();
    if (best) tf.dispose(Object.values(best));
    optimizer.dispose();
  }
}

/** The divergence error: where it happened, what to do, and where the last good state is. */
function diverged(what: string, epoch: number, o: ResolvedTrainOptions, store: CheckpointStore | null): DivergenceError {
  const kept = !store ? '' : epoch === 0 ? ' No epoch completed, so there is no checkpoint.' : ` The last good checkpoint (after epoch ${epoch}) is kept in ${store.location}: resume from it with a lower learning rate.`;
  return new DivergenceError(`training diverged: ${what}. Lower the learning rate (it is ${o.learningRate}), or clip gradients (clipNorm).${kept} Set divergenceFactor: null (umq: --divergence-factor 0) to turn the check off.`, epoch);
}

/** The task's primary validation metric (higher is better). */
function validationScore(model: HarnessModel, valid: SplitArrays, batchSize: number): number {
  const p = predict(model, valid, batchSize);
  const v = taskMetrics(model.task, p.logits, p.outDim, valid.labels)[primaryMetric(model.task)];
  return typeof v === 'number' && Number.isFinite(v) ? v : -Infinity;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
