import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@umq/core';
import { PDF } from './pdf';
import { makeBatch, disposeBatch } from '../../test/helpers';
import { SHAPE, MODS, checkSeededTraining, disposeOut, setConstantOutput } from './fusion-baselines.testutil';

const softmax = (z: number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('PDF', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const z = [[2, 0, 0, 1], [0, 3, 0, 0], [0.2, 0.1, 0, 0.3]];
  const s = [1.5, -0.5, 0.3]; // ConfidNet logits: tcp = sigmoid(s)
  const tcp = s.map((v) => 1 / (1 + Math.exp(-v)));
  const sumLog = tcp.reduce((a, t) => a + Math.log(t), 0);
  const cb = tcp.map((t) => t + (sumLog - Math.log(t)) / (sumLog + 1e-8));
  const fuse = (score: number[]): number[] => {
    const w = softmax(score);
    return z[0].map((_, k) => z.reduce((acc, zm, m) => acc + w[m] * zm[k], 0));
  };
  const build = (calibration: boolean): PDF => {
    const model = new PDF({ ...SHAPE, hidden: [], calibration, seed: 1 });
    z.forEach((zm, m) => setConstantOutput(model, `clf${m}.l1`, zm));
    s.forEach((v, m) => setConstantOutput(model, `confid${m}.l3`, [v]));
    return model;
  };

  it('training: co-belief cb = tcp + holo, weights softmax(cb) over the modalities (hand values)', () => {
    const model = build(true);
    const batch = makeBatch(MODS, 2, { T: 3, task: 'multiclass', classes: 4 });
    const out = model.forward(batch, { training: true, losses: 'all', epoch: 0 });
    const expected = fuse(cb);
    (out.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(expected[k], 5)));
    (out.quality!.arraySync() as number[][]).forEach((row, m) => row.forEach((q) => expect(q).toBeCloseTo(tcp[m], 6)));
    expect(Object.keys(out.terms).sort()).toEqual(['L_task', 'L_tcp', 'L_uni']);
    disposeOut(out);
    disposeBatch(batch);
    model.dispose();
  });

  it('evaluation: relative calibration rc = du / max du scales cb (off: the training rule)', () => {
    const batch = makeBatch(MODS, 2, { T: 3, task: 'multiclass', classes: 4 });
    const du = z.map((zm) => softmax(zm).reduce((a, p) => a + Math.abs(p - 0.25), 0) / 4);
    const maxDu = Math.max(...du);
    const calibrated = build(true);
    const out = calibrated.forward(batch, { training: false, losses: 'none' });
    const expected = fuse(cb.map((c, m) => (c * du[m]) / maxDu));
    (out.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(expected[k], 5)));
    disposeOut(out);
    const plain = build(false);
    const out2 = plain.forward(batch, { training: false, losses: 'none' });
    const expected2 = fuse(cb);
    (out2.logits.arraySync() as number[][]).forEach((row) => row.forEach((l, k) => expect(l).toBeCloseTo(expected2[k], 5)));
    disposeOut(out2);
    [calibrated, plain].forEach((m) => m.dispose());
    disposeBatch(batch);
  });

  it('a seeded run is deterministic, leaks nothing, and learns', () => {
    checkSeededTraining((seed) => new PDF({ ...SHAPE, hidden: [6], seed }));
  });
});
