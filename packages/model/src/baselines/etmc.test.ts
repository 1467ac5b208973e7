import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@umq/core';
import { ETMC } from './etmc';
import { makeBatch, disposeBatch } from '../../test/helpers';
import { SHAPE, MODS, checkSeededTraining, disposeOut, inverseSoftplus, setConstantOutput } from './fusion-baselines.testutil';

describe('ETMC', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('adds a pseudo-view on the concatenated inputs, fused last; KL weight 0 at epoch 0 (0-based, over 10)', () => {
    const model = new ETMC({ ...SHAPE, seed: 1 });
    const names = model.namedParameters().map(([k]) => k);
    expect(names).toContain('view3.l1.weight'); // the pseudo-view
    const pseudoIn = Object.fromEntries(model.namedParameters())['view3.l1.weight'].shape[0];
    expect(pseudoIn).toBe(5 + 3 + 2);
    const ev = [[2, 1, 0.5, 0.5], [1, 3, 0.5, 0.5], [0.5, 0.5, 0.5, 4], [6, 0.1, 0.1, 0.1]];
    ev.forEach((e, v) => setConstantOutput(model, `view${v}.l1`, e.map(inverseSoftplus)));
    const combine = (a: number[], b: number[]): number[] => a.map((x, k) => x + b[k] + (x * b[k]) / 4);
    const fused = ev.slice(1).reduce(combine, ev[0]);
    const S = fused.reduce((s, x) => s + x + 1, 0);
    const batch = makeBatch(MODS, 3, { T: 3, task: 'multiclass', classes: 4 });
    const out = model.forward(batch, { training: true, losses: 'all', epoch: 0 });
    (out.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(Math.log((fused[k] + 1) / S), 4)));
    expect(out.quality!.shape).toEqual([3, 3]); // the real views only
    expect(out.terms.kl_weight.dataSync()[0]).toBe(0);
    disposeOut(out);
    const later = model.forward(batch, { training: true, losses: 'all', epoch: 5 });
    expect(later.terms.kl_weight.dataSync()[0]).toBeCloseTo(0.5, 6);
    disposeOut(later);
    disposeBatch(batch);
    model.dispose();
  });

  it('a seeded run is deterministic, leaks nothing, and learns', () => {
    checkSeededTraining((seed) => new ETMC({ ...SHAPE, hidden: [6], seed }));
  });
});
