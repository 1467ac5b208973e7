/**
 * Test helpers of the published fusion baselines (not exported): constant-output networks for
 * hand-value tests, and the determinism / leak / learning checks every baseline runs.
 */
import { expect } from 'vitest';
import { tf, Rng, AdamW } from '@umq/core';
import type { HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { makeBatch, disposeBatch, snapshot, differingEntries } from '../../test/helpers';

/** A vector, a padded sequence and another vector; 4 classes. */
export const MODS: ModalityInput[] = [
  { name: 'a', kind: 'vector', dim: 5 },
  { name: 'b', kind: 'sequence', dim: 3 },
  { name: 'c', kind: 'vector', dim: 2 },
];
/** The shape of {@link MODS} data. */
export const SHAPE = { modalities: MODS, task: 'multiclass' as const, outDim: 4 };

/** softplus⁻¹(e) = ln(eᵉ − 1), the pre-activation whose softplus is e (e > 0). */
export const inverseSoftplus = (e: number): number => Math.log(Math.expm1(e));

/**
 * Makes the linear layer `<prefix>.weight`/`.bias` of `model` output `values` whatever its input
 * (weight 0, bias = values / scale).
 */
export function setConstantOutput(model: HarnessModel, prefix: string, values: number[], scale = 1): void {
  const params = Object.fromEntries(model.namedParameters());
  const w = params[`${prefix}.weight`];
  const b = params[`${prefix}.bias`];
  if (!w || !b) throw new Error(`no linear layer ${prefix} in ${model.namedParameters().map(([k]) => k).join(', ')}`);
  w.assign(tf.zerosLike(w));
  b.assign(tf.tensor1d(values.map((v) => v / scale)));
}

/** Frees every tensor of an output. */
export function disposeOut(out: ModelOutput): void {
  tf.dispose([out.logits, ...(out.loss ? [out.loss] : []), ...Object.values(out.terms), ...(out.quality ? [out.quality] : [])]);
}

/** The values of a tensor as a plain array. */
export const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

function trainSteps(model: HarnessModel, batch: ModelBatch, steps: number): number[] {
  const opt = new AdamW({ learningRate: 1e-2, weightDecay: 1e-5, weightDecayMode: 'coupled' });
  const vars = model.namedParameters().map(([, v]) => v);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const rng = new Rng(100 + s);
    const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, rng, losses: 'all', epoch: s }).loss!, vars);
    opt.applyGradients(grads);
    losses.push(value.dataSync()[0]);
    tf.dispose([value, ...Object.values(grads)]);
  }
  opt.dispose();
  return losses;
}

/**
 * The checks every baseline passes: logits [B, K] and quality [M, B]; `losses: 'task'` gives
 * the task loss only and `'none'` no loss; a seeded run (build + 4
 * training steps) is bit-identical twice and another seed differs; training leaks no tensors and
 * the evaluation loss on the batch goes down.
 */
export function checkSeededTraining(build: (seed: number) => HarnessModel): void {
  const batch = makeBatch(MODS, 8, { T: 3, task: 'multiclass', classes: 4, seed: 3 });
  (batch as ModelBatch & { index?: Int32Array }).index = Int32Array.from({ length: 8 }, (_, i) => i);
  const a = build(1);
  const eval0 = a.forward(batch, { training: false, losses: 'all' });
  expect(eval0.logits.shape).toEqual([8, 4]);
  expect(eval0.quality!.shape).toEqual([MODS.length, 8]);
  const evalLoss0 = eval0.loss!.dataSync()[0];
  expect(Number.isFinite(evalLoss0)).toBe(true);
  disposeOut(eval0);
  // validation asks for the task loss only: the cross-entropy of the returned logits
  const task = a.forward(batch, { training: false, losses: 'task' });
  expect(Object.keys(task.terms)).toEqual(['L_task']);
  expect(task.loss!.dataSync()[0]).toBe(task.terms.L_task.dataSync()[0]);
  disposeOut(task);
  const none = a.forward(batch, { training: false, losses: 'none' });
  expect(none.loss).toBeUndefined();
  disposeOut(none);
  const lossesA = trainSteps(a, batch, 2); // creates the optimizer's moments on the first step
  const before = tf.memory().numTensors;
  lossesA.push(...trainSteps(a, batch, 2));
  expect(tf.memory().numTensors).toBe(before);
  const b = build(1);
  const lossesB = trainSteps(b, batch, 2);
  lossesB.push(...trainSteps(b, batch, 2));
  expect(lossesB).toEqual(lossesA);
  expect(differingEntries(snapshot(a), snapshot(b))).toEqual([]);
  const c = build(2);
  expect(differingEntries(snapshot(a), snapshot(c)).length).toBeGreaterThan(0);
  trainSteps(a, batch, 8);
  // the evaluation loss (KL weight 1, no dropout) of the batch went down
  const eval1 = a.forward(batch, { training: false, losses: 'all' });
  expect(eval1.loss!.dataSync()[0]).toBeLessThan(evalLoss0);
  disposeOut(eval1);
  [a, b, c].forEach((m) => m.dispose());
  disposeBatch(batch);
}
