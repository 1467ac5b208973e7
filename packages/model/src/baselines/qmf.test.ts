import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, Rng } from '@umq/core';
import { QMF } from './qmf';
import { makeBatch, disposeBatch } from '../../test/helpers';
import { SHAPE, MODS, checkSeededTraining, disposeOut, setConstantOutput } from './fusion-baselines.testutil';

describe('QMF', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('weighs each modality by its energy logsumexp(z)/10: hand values of the fused logits and the quality', () => {
    const model = new QMF({ ...SHAPE, hidden: [], seed: 1 });
    const z = [[2, 0, 0, 1], [0, 3, 0, 0], [1, 1, 1, 1]];
    z.forEach((zm, m) => setConstantOutput(model, `clf${m}.l1`, zm));
    const conf = z.map((zm) => Math.log(zm.reduce((s, v) => s + Math.exp(v), 0)) / 10);
    const fused = z[0].map((_, k) => z.reduce((s, zm, m) => s + conf[m] * zm[k], 0));
    const batch = makeBatch(MODS, 3, { T: 3, task: 'multiclass', classes: 4 });
    const out = model.forward(batch, { training: false, losses: 'all' });
    (out.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(fused[k], 5)));
    (out.quality!.arraySync() as number[][]).forEach((row, m) => row.forEach((q) => expect(q).toBeCloseTo(conf[m], 6)));
    // evaluation: CE(fused) + Σ CE(z_m), no ranking term
    expect(Object.keys(out.terms).sort()).toEqual(['L_task', 'L_uni']);
    disposeOut(out);
    disposeBatch(batch);
    model.dispose();
  });

  it('training adds the ranking term against each sample’s loss history (keyed by batch.index); the fusion weights get no gradient', () => {
    const model = new QMF({ ...SHAPE, seed: 2 });
    const batch = makeBatch(MODS, 6, { T: 3, task: 'multiclass', classes: 4, seed: 5 });
    const indexed = Object.assign(batch, { index: Int32Array.from([0, 1, 2, 3, 4, 5]) });
    const out = model.forward(indexed, { training: true, rng: new Rng(1), losses: 'all', epoch: 0 });
    expect(Object.keys(out.terms).sort()).toEqual(['L_rank', 'L_task', 'L_uni']);
    const total = out.terms.L_task.dataSync()[0] + out.terms.L_uni.dataSync()[0] + out.terms.L_rank.dataSync()[0];
    expect(out.loss!.dataSync()[0]).toBeCloseTo(total, 5);
    disposeOut(out);
    // without indices (not from the trainer) it still trains, ranking on the step's own losses
    const plain = makeBatch(MODS, 6, { T: 3, task: 'multiclass', classes: 4, seed: 5 });
    const out2 = model.forward(plain, { training: true, rng: new Rng(1), losses: 'all', epoch: 0 });
    expect(Number.isFinite(out2.terms.L_rank.dataSync()[0])).toBe(true);
    disposeOut(out2);
    disposeBatch(batch);
    disposeBatch(plain);
    model.dispose();
  });

  it('a seeded run is deterministic, leaks nothing, and learns', () => {
    checkSeededTraining((seed) => new QMF({ ...SHAPE, hidden: [6], seed }));
  });
});
