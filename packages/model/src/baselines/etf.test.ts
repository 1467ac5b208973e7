import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { variableGradCheck } from '../../../../tools/testing/grad-check';
import { TrustDiscountedFusion } from './etf';
import { makeBatch, disposeBatch } from '../../test/helpers';
import { SHAPE, MODS, checkSeededTraining, disposeOut, inverseSoftplus, setConstantOutput } from './fusion-baselines.testutil';

describe('trust-discounted evidential fusion (ETF)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("discounts each view by its referee's trust, then folds by the Dempster rule: hand values; no discount while warming up", () => {
    const model = new TrustDiscountedFusion({ ...SHAPE, pseudoView: false, seed: 1 });
    const ev = [[2, 1, 0.5, 0.5], [1, 3, 0.5, 0.5], [0.5, 0.5, 0.5, 4]];
    const trustEvidence = [[8, 0.5], [0.5, 8], [3, 3]]; // (trust, distrust) per view
    ev.forEach((e, v) => setConstantOutput(model, `view${v}.l1`, e.map(inverseSoftplus)));
    trustEvidence.forEach((te, v) => setConstantOutput(model, `referee${v}.net.l1`, te.map(inverseSoftplus), 0.1)); // stored /lrScale
    const t = trustEvidence.map(([a, b]) => (a + 1) / (a + b + 2));
    const discount = (e: number[], tv: number): number[] => {
      const E = e.reduce((s, x) => s + x, 0);
      return e.map((x) => (tv * 4 * x) / (4 + (1 - tv) * E));
    };
    const combine = (a: number[], b: number[]): number[] => a.map((x, k) => x + b[k] + (x * b[k]) / 4);
    const logitsOf = (fused: number[]): number[] => {
      const S = fused.reduce((s, x) => s + x + 1, 0);
      return fused.map((x) => Math.log((x + 1) / S));
    };
    const batch = makeBatch(MODS, 3, { T: 3, task: 'multiclass', classes: 4 });
    const discounted = ev.map((e, v) => discount(e, t[v]));
    const out = model.forward(batch, { training: false, losses: 'none' });
    const expected = logitsOf(discounted.slice(1).reduce(combine, discounted[0]));
    (out.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(expected[k], 4)));
    // quality: each view's confidence after discounting, t (1 − u)
    const q = out.quality!.arraySync() as number[][];
    ev.forEach((e, v) => {
      const E = e.reduce((s, x) => s + x, 0);
      q[v].forEach((x) => expect(x).toBeCloseTo((t[v] * E) / (E + 4), 5));
    });
    disposeOut(out);
    const warm = model.forward(batch, { training: true, losses: 'all', epoch: 0 });
    const undiscounted = logitsOf(ev.slice(1).reduce(combine, ev[0]));
    (warm.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(undiscounted[k], 4)));
    expect(warm.terms.trust_mean.dataSync()[0]).toBeCloseTo((t[0] + t[1] + t[2]) / 3, 5);
    disposeOut(warm);
    disposeBatch(batch);
    model.dispose();
  });

  it('the referee learns 10x slower than the views (its weights are stored divided by 0.1)', () => {
    const model = new TrustDiscountedFusion({ ...SHAPE, seed: 3 });
    const p = Object.fromEntries(model.namedParameters());
    // PyTorch's U(±1/√in) once multiplied back by 0.1
    expect(Math.max(...Array.from(p['referee0.net.l1.weight'].dataSync()).map(Math.abs)) * 0.1).toBeLessThanOrEqual(1 / Math.sqrt(5) + 1e-6);
    expect(Math.max(...Array.from(p['referee0.net.l1.weight'].dataSync()).map(Math.abs)) * 0.1).toBeGreaterThan(0.2 / Math.sqrt(5));
    model.dispose();
  });

  it('gradients match finite differences: the views through the whole objective, the referees through their own loss only', () => {
    const mods = [{ name: 'a', kind: 'vector' as const, dim: 2 }, { name: 'b', kind: 'vector' as const, dim: 2 }];
    const model = new TrustDiscountedFusion({ modalities: mods, task: 'multiclass', outDim: 3, seed: 5, trust: { warmEpochs: 0 } });
    const batch = makeBatch(mods, 4, { task: 'multiclass', classes: 3, seed: 7 });
    const params = model.namedParameters();
    const views = params.filter(([k]) => k.startsWith('view')).map(([, v]) => v);
    const referees = params.filter(([k]) => k.startsWith('referee')).map(([, v]) => v);
    const run = () => model.forward(batch, { training: true, losses: 'all', epoch: 3 });
    // the views: the whole objective (the trust is a constant in the fusion)
    variableGradCheck(() => run().loss!, views).forEach((e) => expect(e).toBeLessThan(2e-2));
    // the referees get their gradient from their own loss only (sg(t) in the fusion)
    variableGradCheck(() => run().terms.L_referee, referees).forEach((e) => expect(e).toBeLessThan(2e-2));
    const { grads } = tf.variableGrads(() => tf.sub(run().loss!, run().terms.L_referee) as tf.Scalar, referees);
    Object.values(grads).forEach((g) => expect(tf.max(tf.abs(g)).dataSync()[0]).toBe(0));
    tf.dispose(Object.values(grads));
    disposeBatch(batch);
    model.dispose();
  });

  it('a seeded run is deterministic, leaks nothing, and learns', () => {
    checkSeededTraining((seed) => new TrustDiscountedFusion({ ...SHAPE, hidden: [6], seed }));
  });
});
