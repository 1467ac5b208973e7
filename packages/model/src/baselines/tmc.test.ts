import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, OptionError } from '@umq/core';
import { evidentialLoss } from '@umq/evidential';
import { TMC } from './tmc';
import { makeBatch, disposeBatch } from '../../test/helpers';
import { SHAPE, MODS, checkSeededTraining, disposeOut, inverseSoftplus, setConstantOutput } from './fusion-baselines.testutil';

describe('TMC', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('fuses by the reduced Dempster rule: hand values of the logits, the quality and the loss (KL weight 1/50 at epoch 0)', () => {
    const model = new TMC({ ...SHAPE, seed: 1 });
    const ev = [[2, 1, 0.5, 0.5], [1, 3, 0.5, 0.5], [0.5, 0.5, 0.5, 4]];
    ev.forEach((e, v) => setConstantOutput(model, `view${v}.l1`, e.map(inverseSoftplus)));
    // fold: e12 = e1 + e2 + e1 e2 / 4, then with e3
    const combine = (a: number[], b: number[]): number[] => a.map((x, k) => x + b[k] + (x * b[k]) / 4);
    const fused = combine(combine(ev[0], ev[1]), ev[2]);
    const S = fused.reduce((s, x) => s + x + 1, 0);
    const batch = makeBatch(MODS, 4, { T: 3, task: 'multiclass', classes: 4 });
    const out = model.forward(batch, { training: true, losses: 'all', epoch: 0, rng: undefined });
    const logits = out.logits.arraySync() as number[][];
    logits.forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(Math.log((fused[k] + 1) / S), 4)));
    const q = out.quality!.arraySync() as number[][];
    ev.forEach((e, v) => q[v].forEach((x) => expect(x).toBeCloseTo(e.reduce((a, b) => a + b, 0) / (e.reduce((a, b) => a + b, 0) + 4), 5)));
    expect(out.terms.kl_weight.dataSync()[0]).toBeCloseTo(1 / 50, 7); // the official loop's epoch 1
    const y = batch.y;
    const edl = (e: number[]): number => tf.tidy(() => tf.mean(evidentialLoss(tf.add(tf.tile(tf.tensor2d([e]), [4, 1]), 1), y, { klWeight: 1 / 50 })).dataSync()[0]);
    const expected = ev.reduce((s, e) => s + edl(e), 0) + edl(fused);
    expect(out.loss!.dataSync()[0]).toBeCloseTo(expected, 3);
    expect(out.terms.L_fused.dataSync()[0]).toBeCloseTo(edl(fused), 4);
    disposeOut(out);
    disposeBatch(batch);
    model.dispose();
  });

  it('binary tasks: K = 2 inside, one logit log p̂₁ − log p̂₀ out; regression is refused', () => {
    const model = new TMC({ modalities: MODS, task: 'binary', outDim: 1, seed: 2 });
    const batch = makeBatch(MODS, 5, { T: 3, task: 'binary' });
    const out = model.forward(batch, { training: false, losses: 'all' });
    expect(out.logits.shape).toEqual([5, 1]);
    expect(Number.isFinite(out.terms.L_task.dataSync()[0])).toBe(true);
    disposeOut(out);
    disposeBatch(batch);
    model.dispose();
    expect(() => new TMC({ modalities: MODS, task: 'regression', outDim: 1 })).toThrow(OptionError);
    expect(() => new TMC({ ...SHAPE, fusion: 'max' as never })).toThrow(/TMC.fusion/);
  });

  it('one linear layer per view by default (official), an MLP with `hidden`; serializes its options', () => {
    const linear = new TMC({ ...SHAPE });
    expect(linear.namedParameters().map(([k]) => k)).toEqual(['view0.l1.weight', 'view0.l1.bias', 'view1.l1.weight', 'view1.l1.bias', 'view2.l1.weight', 'view2.l1.bias']);
    const mlp = new TMC({ ...SHAPE, hidden: [8] });
    expect(mlp.namedParameters().length).toBe(12);
    const back = TMC.fromConfig(TMC, mlp.getConfig()) as TMC;
    expect(back.getConfig()).toEqual(mlp.getConfig());
    [linear, mlp, back].forEach((m) => m.dispose());
  });

  it('a seeded run is deterministic, leaks nothing, and learns', () => {
    checkSeededTraining((seed) => new TMC({ ...SHAPE, hidden: [6], seed }));
  });
});
