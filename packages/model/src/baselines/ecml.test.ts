import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { evidentialLoss, conflictiveConsistencyLoss } from '@umq/evidential';
import { ECML } from './ecml';
import { makeBatch, disposeBatch } from '../../test/helpers';
import { SHAPE, MODS, checkSeededTraining, disposeOut, inverseSoftplus, setConstantOutput } from './fusion-baselines.testutil';

describe('ECML (RCML)', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const ev = [[2, 1, 0.5, 0.5], [1, 3, 0.5, 0.5], [0.5, 0.5, 0.5, 4]];
  const logitsOf = (fused: number[]): number[] => {
    const S = fused.reduce((s, x) => s + x + 1, 0);
    return fused.map((x) => Math.log((x + 1) / S));
  };

  it("the paper's aggregation (mean evidence) and the code's (pairwise in view order): hand values", () => {
    const batch = makeBatch(MODS, 3, { T: 3, task: 'multiclass', classes: 4 });
    const mean = ev[0].map((_, k) => (ev[0][k] + ev[1][k] + ev[2][k]) / 3);
    const sequential = ev[0].map((_, k) => (ev[2][k] + (ev[1][k] + ev[0][k]) / 2) / 2);
    for (const [fusion, fused] of [['average', mean], ['sequential-average', sequential]] as const) {
      const model = new ECML({ ...SHAPE, fusion, seed: 1 });
      ev.forEach((e, v) => setConstantOutput(model, `view${v}.l1`, e.map(inverseSoftplus)));
      const out = model.forward(batch, { training: false, losses: 'none' });
      (out.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l, fusion).toBeCloseTo(logitsOf(fused)[k], 4)));
      disposeOut(out);
      model.dispose();
    }
    disposeBatch(batch);
  });

  it('loss = (L(α_avg) + Σ L(α_v)) / (V + 1) + γ · the degree of conflict (γ = 1)', () => {
    const model = new ECML({ ...SHAPE, seed: 1 });
    ev.forEach((e, v) => setConstantOutput(model, `view${v}.l1`, e.map(inverseSoftplus)));
    const batch = makeBatch(MODS, 4, { T: 3, task: 'multiclass', classes: 4 });
    const out = model.forward(batch, { training: true, losses: 'all', epoch: 9 }); // KL weight 10/50
    const mean = ev[0].map((_, k) => (ev[0][k] + ev[1][k] + ev[2][k]) / 3);
    const edl = (e: number[]): number => tf.tidy(() => tf.mean(evidentialLoss(tf.add(tf.tile(tf.tensor2d([e]), [4, 1]), 1), batch.y, { klWeight: 0.2 })).dataSync()[0]);
    const dc = tf.tidy(() => conflictiveConsistencyLoss(tf.tile(tf.tensor3d(ev.map((e) => [e])), [1, 4, 1])).dataSync()[0]);
    expect(dc).toBeGreaterThan(0.05);
    expect(out.terms.L_consistency.dataSync()[0]).toBeCloseTo(dc, 5);
    expect(out.loss!.dataSync()[0]).toBeCloseTo((edl(mean) + ev.reduce((s, e) => s + edl(e), 0)) / 4 + dc, 3);
    disposeOut(out);
    disposeBatch(batch);
    model.dispose();
  });

  it('a seeded run is deterministic, leaks nothing, and learns', () => {
    checkSeededTraining((seed) => new ECML({ ...SHAPE, hidden: [6], seed }));
  });
});
