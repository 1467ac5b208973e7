import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, Rng, AdamW, OptionError } from '@umq/core';
import { buildModel, MODEL_NAMES, type ModelName } from '../models';
import { QualityLateFusion } from './quality-late-fusion';
import { LateFusion } from './late-fusion';
import type { HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { makeBatch, disposeBatch } from '../../test/helpers';

const MODS: ModalityInput[] = [
  { name: 'a', kind: 'vector', dim: 5 },
  { name: 'b', kind: 'sequence', dim: 3 },
  { name: 'c', kind: 'vector', dim: 2 },
];
const SHAPE = { modalities: MODS, task: 'multiclass' as const, outDim: 4 };

function disposeOut(out: ModelOutput): void {
  tf.dispose([out.logits, ...(out.loss ? [out.loss] : []), ...Object.values(out.terms), ...(out.quality ? [out.quality] : [])]);
  if (out.routing) tf.dispose([out.routing.topIndices, out.routing.topWeights, out.routing.gate, ...(out.routing.config ? [out.routing.config] : [])]);
}

function step(model: HarnessModel, batch: ModelBatch, opt: AdamW, rng: Rng): number {
  const vars = model.namedParameters().map(([, v]) => v);
  const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, rng, losses: 'all' }).loss!, vars);
  opt.applyGradients(grads);
  const v = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return v;
}

describe('models by name (baselines and UMQ)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it.each(MODEL_NAMES.map((n) => [n]))('%s: logits [B, C], a finite loss, training leaves the tensor count flat', (name) => {
    const model = buildModel(name as ModelName, SHAPE, { d: 8, seed: 1, moe: { numExperts: 4, topK: 2 }, encoders: { heads: 2 }, ...(name === 'unimodal' ? { modality: 'b' } : {}) });
    const batch = makeBatch(MODS, 6, { T: 3, task: 'multiclass', classes: 4, quality: true });
    const out = model.forward(batch, { training: false, losses: 'all' });
    expect(out.logits.shape).toEqual([6, 4]);
    expect(Number.isFinite(out.loss!.dataSync()[0])).toBe(true);
    disposeOut(out);
    const opt = new AdamW({ learningRate: 1e-2 });
    const first = step(model, batch, opt, new Rng(1));
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 5; i++) last = step(model, batch, opt, new Rng(2 + i));
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first); // it learns the batch
    opt.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('late-fusion: the logits are the mean of the per-modality networks', () => {
    const lf = new LateFusion({ ...SHAPE, d: 8, seed: 3 });
    const batch = makeBatch(MODS, 5, { T: 3 });
    const out = lf.forward(batch, { training: false, losses: 'none' });
    // zeroing one modality's last layer removes exactly its third of the mean
    const names = lf.namedParameters().filter(([k]) => k.startsWith('net1.l3.')).map(([, v]) => v);
    const saved = names.map((v) => tf.clone(v));
    const per = tf.tidy(() => {
      names.forEach((v) => v.assign(tf.zerosLike(v)));
      const without = lf.forward(batch, { training: false, losses: 'none' }).logits;
      return tf.mul(tf.sub(out.logits, without), 3); // = net1's logits
    });
    names.forEach((v, i) => v.assign(saved[i]));
    // ... and with the other two silenced, the mean is net1's logits / 3
    const others = lf.namedParameters().filter(([k]) => /^net[02]\.l3\./.test(k)).map(([, v]) => v);
    const savedOthers = others.map((v) => tf.clone(v));
    others.forEach((v) => v.assign(tf.zerosLike(v)));
    const only = tf.tidy(() => tf.mul(lf.forward(batch, { training: false, losses: 'none' }).logits, 3));
    others.forEach((v, i) => v.assign(savedOthers[i]));
    expect(per.shape).toEqual([5, 4]);
    expect(tf.max(tf.abs(per)).dataSync()[0]).toBeGreaterThan(1e-4);
    expect(tf.max(tf.abs(tf.sub(per, only))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([out.logits, per, only, ...saved, ...savedOthers]);
    disposeBatch(batch);
    lf.dispose();
  });

  it('unimodal reads its one modality (with its encoder: here a sequence) and nothing else; it names the modalities it knows', () => {
    const model = buildModel('unimodal', SHAPE, { d: 8, seed: 2, encoders: { heads: 2 }, modality: 'b' });
    const batch = makeBatch(MODS, 4, { T: 3 });
    const other = makeBatch(MODS, 4, { T: 3, seed: 9 });
    const a = model.forward(batch, { training: false, losses: 'none' });
    const b = model.forward({ ...other, x: [other.x[0], batch.x[1], other.x[2]], mask: [null, batch.mask[1], null] }, { training: false, losses: 'none' });
    expect(tf.max(tf.abs(tf.sub(a.logits, b.logits))).dataSync()[0]).toBe(0);
    expect(() => buildModel('unimodal', SHAPE, { modality: 'video' })).toThrow(/"video" is not one of the data's modalities \(a, b, c\)/);
    expect(() => buildModel('unimodal', SHAPE, {})).toThrow(/needs the modality it reads/);
    tf.dispose([a.logits, b.logits]);
    disposeBatch(batch);
    disposeBatch(other);
    model.dispose();
  });

  it('late-fusion-oracle: a modality of true quality 0 has no say; it needs batch.quality', () => {
    const model = new QualityLateFusion({ ...SHAPE, d: 8, seed: 2, weighting: 'oracle' });
    const batch = makeBatch(MODS, 4, { T: 3 });
    expect(() => model.forward(batch, { training: false, losses: 'none' })).toThrow(OptionError);
    expect(() => model.forward(batch, { training: false, losses: 'none' })).toThrow(/weighting 'oracle' needs batch.quality/);
    const q = tf.tensor2d([[0.5, 1, 0.2, 0.9], [0, 0, 0, 0], [0.5, 0.3, 1, 0.1]]); // modality b: quality 0
    const a = model.forward({ ...batch, quality: q }, { training: false, losses: 'none' });
    const changed = makeBatch(MODS, 4, { T: 3, seed: 9 }); // other inputs everywhere ...
    const mixed = { ...batch, x: [batch.x[0], changed.x[1], batch.x[2]], mask: [null, changed.mask[1], null], quality: q }; // ... used only for b
    const b = model.forward(mixed, { training: false, losses: 'none' });
    expect(tf.max(tf.abs(tf.sub(a.logits, b.logits))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([a.logits, b.logits, q]);
    disposeBatch(batch);
    disposeBatch(changed);
    model.dispose();
  });

  it("late-fusion-q: the estimator's losses join the objective; q is in (0, 1)", () => {
    const model = buildModel('late-fusion-q', SHAPE, { d: 8, seed: 4 });
    const batch = makeBatch(MODS, 6, { T: 3, task: 'multiclass', classes: 4 });
    const out = model.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    expect(Object.keys(out.terms).sort()).toEqual(['L_qe', 'L_task', 'L_uni']);
    const q = Array.from(out.quality!.dataSync());
    expect(q.every((v) => v > 0 && v < 1)).toBe(true);
    disposeOut(out);
    disposeBatch(batch);
    model.dispose();
  });
});
