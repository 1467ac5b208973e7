import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, Rng, AdamW, MLP, OptionError, ShapeError } from '@umq/core';
import { MixtureOfExperts } from '@umq/moe';
import { UMQModel, type UMQModelOptions } from './umq-model';
import type { UMQOverrides } from './options';
import { ABLATIONS, type AblationName } from './ablations';
import { mergeOverrides } from './resolve';
import type { ModalityInput, ModelBatch, ModelOutput } from '../types';
import { makeBatch, disposeBatch } from '../../test/helpers';

const small: UMQOverrides = { d: 16, encoders: { heads: 2 }, moe: { numExperts: 4, topK: 2 }, dropout: 0 };
const VEC2: ModalityInput[] = [
  { name: 'a', kind: 'vector', dim: 5 },
  { name: 'b', kind: 'vector', dim: 3 },
];
const MIX4: ModalityInput[] = [
  { name: 'text', kind: 'sequence', dim: 6 },
  { name: 'audio', kind: 'sequence', dim: 4 },
  { name: 'v', kind: 'vector', dim: 7 },
  { name: 'w', kind: 'vector', dim: 2 },
];

function build(modalities: ModalityInput[], extra: Partial<UMQModelOptions> = {}): UMQModel {
  const { preset, components, oracleQuality, ...overrides } = extra;
  return new UMQModel({ modalities, task: 'binary', outDim: 1, ...mergeOverrides(small, overrides), preset, components, oracleQuality, seed: 3 });
}

function disposeOut(out: ModelOutput): void {
  tf.dispose([out.logits, ...(out.loss ? [out.loss] : []), ...Object.values(out.terms)]);
  if (out.quality) out.quality.dispose();
  if (out.routing) tf.dispose([out.routing.topIndices, out.routing.topWeights, out.routing.gate, ...(out.routing.config ? [out.routing.config] : [])]);
}

/** One AdamW training step; returns the loss value. */
function trainStep(model: UMQModel, batch: ModelBatch, opt: AdamW, rng: Rng): number {
  const vars = model.namedParameters().map(([, v]) => v);
  const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, rng, losses: 'all' }).loss!, vars);
  opt.applyGradients(grads);
  tf.dispose(Object.values(grads));
  const v = value.dataSync()[0];
  value.dispose();
  return v;
}

describe('UMQModel', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it.each([
    ['M = 2, vectors', VEC2],
    ['M = 4, two padded sequences and two vectors', MIX4],
  ] as const)('forward shapes (%s)', (_label, mods) => {
    const model = build([...mods], { quality: { consensus: 0 } }); // κ of the paper's Eq 14 (the default scales q by the views' agreement first)
    const B = 6;
    const batch = makeBatch([...mods], B, { T: 4 });
    const out = model.forward(batch, { training: false, losses: 'none' });
    expect(out.logits.shape).toEqual([B, 1]);
    expect(out.quality!.shape).toEqual([mods.length, B]);
    expect(out.routing!.topIndices.shape).toEqual([B, 2]);
    expect(out.routing!.topWeights.shape).toEqual([B, 2]);
    expect(out.routing!.gate.shape).toEqual([B, 4]);
    expect(out.routing!.config!.shape).toEqual([B, mods.length]);
    expect(out.loss).toBeUndefined();
    const q = out.quality!.dataSync();
    expect(Array.from(q).every((v) => v > 0 && v < 1)).toBe(true);
    const w = out.routing!.topWeights.arraySync() as number[][];
    for (const row of w) expect(row[0] + row[1]).toBeCloseTo(1, 5);
    // κ = q > τ (Eq 14), laid out [B, M]
    const qa = out.quality!.arraySync() as number[][];
    const ka = out.routing!.config!.arraySync() as number[][];
    for (let b = 0; b < B; b++) for (let m = 0; m < mods.length; m++) expect(ka[b][m]).toBe(qa[m][b] > 0.5 ? 1 : 0);
    disposeOut(out);
    const multi = new UMQModel({ modalities: [...mods], task: 'multiclass', outDim: 3, ...small });
    const o2 = multi.forward(batch, { training: true, rng: new Rng(2), losses: 'all' });
    expect(o2.logits.shape).toEqual([B, 3]);
    expect(Number.isFinite(o2.loss!.dataSync()[0])).toBe(true);
    disposeOut(o2);
    disposeBatch(batch);
    model.dispose();
    multi.dispose();
  });

  it('ignores the values of padded sequence steps (masks are honoured)', () => {
    const model = build(MIX4);
    const T = 4;
    const batch = makeBatch(MIX4, 5, { T });
    const out1 = model.forward(batch, { training: false, losses: 'none' });
    // Garbage into padded steps. Modality 0 (language, Linear projection): every padded step.
    // Modality 1 (Conv1D, kernel 3, 'same' padding as in the reference): the conv window of the
    // last valid step reaches one step into the padding, so garbage starts one step later.
    const garbage = batch.x.map((x, m) => {
      if (!batch.mask[m]) return x;
      return tf.tidy(() => {
        const mk = batch.mask[m]!.arraySync() as number[][];
        const sel = mk.map((row) => { const len = row.reduce((a, b) => a + b, 0); return row.map((_, t) => (t >= len + (m === 1 ? 1 : 0) ? 1 : 0)); });
        return tf.add(x, tf.mul(tf.expandDims(tf.tensor2d(sel), 2), 100));
      });
    });
    const out2 = model.forward({ ...batch, x: garbage }, { training: false, losses: 'none' });
    const a = out1.logits.dataSync();
    const b = out2.logits.dataSync();
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 4));
    // and the garbage really did reach the inputs of both modalities
    for (const m of [0, 1]) expect(tf.sum(tf.abs(tf.sub(garbage[m], batch.x[m]))).dataSync()[0]).toBeGreaterThan(100);
    disposeOut(out1);
    disposeOut(out2);
    tf.dispose([garbage[0], garbage[1]]);
    disposeBatch(batch);
    model.dispose();
  });

  it('skipPadding: false computes every step and gives the same logits and loss (dropout 0)', () => {
    const packed = build(MIX4);
    const padded = build(MIX4, { encoders: { skipPadding: false } });
    expect(packed.config.encoders.skipPadding).toBe(true);
    expect((padded.getConfig().encoders as { skipPadding: boolean }).skipPadding).toBe(false);
    const batch = makeBatch(MIX4, 5, { T: 4 });
    const outs = [packed, padded].map((m) => m.forward(batch, { training: true, rng: new Rng(4), losses: 'all' }));
    const [a, b] = outs.map((o) => o.logits.dataSync());
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 4));
    expect(outs[1].loss!.dataSync()[0]).toBeCloseTo(outs[0].loss!.dataSync()[0], 4);
    outs.forEach(disposeOut);
    disposeBatch(batch);
    packed.dispose();
    padded.dispose();
  });

  it('rejects a batch with the wrong number of modalities', () => {
    const model = build(VEC2);
    const batch = makeBatch([...VEC2, { name: 'c', kind: 'vector', dim: 2 }], 4);
    expect(() => model.forward(batch, { training: false, losses: 'none' })).toThrow(ShapeError);
    disposeBatch(batch);
    model.dispose();
  });

  it('rejects M < 2, an odd d, and training with losses without an rng', () => {
    expect(() => new UMQModel({ modalities: [VEC2[0]], task: 'binary', outDim: 1, ...small })).toThrow(OptionError);
    expect(() => new UMQModel({ modalities: VEC2, task: 'binary', outDim: 1, ...small, d: 15 })).toThrow(/must be even/);
    const model = build(VEC2);
    const batch = makeBatch(VEC2, 4);
    expect(() => model.forward(batch, { training: true, losses: 'all' })).toThrow(/needs options.rng/);
    disposeBatch(batch);
    model.dispose();
  });

  const expectedTerms: Record<AblationName, { has: string[]; lacks: string[] }> = {
    full: { has: ['L_task', 'L_uni', 'L_qe', 'L_rank', 'L_dec', 'L_enh', 'L_moe', 'L_cfg'], lacks: [] },
    // L_uni keeps its own weight λ_uni = 1 (spec section 8) without quality estimation
    'no-quality': { has: ['L_task', 'L_uni', 'L_dec', 'L_moe'], lacks: ['L_qe', 'L_rank', 'L_low', 'L_noise'] },
    'no-rank': { has: ['L_qe', 'L_rank'], lacks: [] },
    'no-enhancer': { has: ['L_qe', 'L_dec', 'L_moe'], lacks: ['L_enh'] },
    'no-decoupling': { has: ['L_qe', 'L_enh', 'L_moe'], lacks: ['L_dec', 'L_orth'] },
    'no-modality-specific': { has: ['L_enh'], lacks: [] },
    'no-sample-specific': { has: ['L_enh'], lacks: [] },
    'no-moe': { has: ['L_task', 'L_qe', 'L_enh'], lacks: ['L_moe', 'L_cfg'] },
    'no-cfg': { has: ['L_moe', 'L_cfg'], lacks: [] },
  };

  it.each(Object.keys(ABLATIONS) as AblationName[])('ablation %s builds and runs a training step with a finite loss', (name) => {
    const model = build(MIX4, ABLATIONS[name]);
    const batch = makeBatch(MIX4, 6, { T: 3 });
    const out = model.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    const names = Object.keys(out.terms);
    for (const t of expectedTerms[name].has) expect(names, `${name} should report ${t}`).toContain(t);
    for (const t of expectedTerms[name].lacks) expect(names, `${name} should not report ${t}`).not.toContain(t);
    if (name === 'no-moe') expect(out.routing).toBeUndefined();
    if (name === 'no-quality') {
      expect(out.quality).toBeUndefined();
      expect(out.routing!.config).toBeUndefined();
    }
    if (name === 'no-cfg') expect(out.terms.L_moe.dataSync()[0]).toBeCloseTo(out.terms.L_bal.dataSync()[0] + out.terms.L_var.dataSync()[0], 5);
    disposeOut(out);
    const before = model.namedParameters().map(([k, v]) => [k, v.dataSync().slice()] as const);
    const opt = new AdamW({ learningRate: 1e-2 });
    const loss = trainStep(model, batch, opt, new Rng(2));
    expect(Number.isFinite(loss)).toBe(true);
    const after = new Map(model.namedParameters().map(([k, v]) => [k, v.dataSync()]));
    const moved = before.filter(([k, v]) => v.some((x, i) => x !== after.get(k)![i])).length;
    expect(moved).toBeGreaterThan(before.length / 2);
    opt.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('no-rank regresses q onto exp(-ℓ) and differs from the rank-guided L_qe', () => {
    const batch = makeBatch(VEC2, 8);
    const a = build(VEC2);
    const b = build(VEC2, { quality: { labels: 'absolute' } });
    const oa = a.forward(batch, { training: true, rng: new Rng(4), losses: 'all' });
    const ob = b.forward(batch, { training: true, rng: new Rng(4), losses: 'all' });
    // identical parameters and draws: every term before the quality losses agrees, L_qe does not
    expect(ob.terms.L_task.dataSync()[0]).toBe(oa.terms.L_task.dataSync()[0]);
    expect(ob.terms.L_qe.dataSync()[0]).not.toBeCloseTo(oa.terms.L_qe.dataSync()[0], 4);
    disposeOut(oa);
    disposeOut(ob);
    disposeBatch(batch);
    a.dispose();
    b.dispose();
  });

  it('moe: null swaps in the plain predictor and trains; injecting a part that is left out is refused', () => {
    expect(() => build(VEC2, { moe: null, components: { moe: new MixtureOfExperts({ inFeatures: 16, seed: 1 }) } })).toThrow(/components.moe was given but its options group is null/);
    const model = build(VEC2, { moe: null });
    expect(model.namedParameters().some(([k]) => k.startsWith('moe.'))).toBe(false);
    const batch = makeBatch(VEC2, 6);
    const out = model.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    expect(out.routing).toBeUndefined();
    expect(out.terms.L_moe).toBeUndefined();
    expect(out.logits.shape).toEqual([6, 1]);
    disposeOut(out);
    const opt = new AdamW();
    expect(Number.isFinite(trainStep(model, batch, opt, new Rng(1)))).toBe(true);
    opt.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('accepts a MixtureOfExperts with a custom expert factory', () => {
    const built: number[] = [];
    const moe = new MixtureOfExperts({
      inFeatures: 16, sideFeatures: 2, numExperts: 3, topK: 1, outFeatures: 16, seed: 9,
      experts: (i, seed) => {
        built.push(i);
        return new MLP({ inFeatures: 16, hidden: 5, outFeatures: 16, activation: 'tanh', seed });
      },
    });
    const model = build(VEC2, { components: { moe } });
    expect(built).toEqual([0, 1, 2]);
    const shapes = Object.fromEntries(model.namedParameters().map(([k, v]) => [k, v.shape]));
    expect(shapes['moe.experts.2.l1.weight']).toEqual([16, 5]);
    expect(Object.keys(shapes).some((k) => k.startsWith('moe.experts.3'))).toBe(false);
    const batch = makeBatch(VEC2, 6);
    const out = model.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    expect(out.routing!.topIndices.shape).toEqual([6, 1]);
    expect(Array.from(out.routing!.topIndices.dataSync()).every((e) => e >= 0 && e < 3)).toBe(true);
    expect(Number.isFinite(out.loss!.dataSync()[0])).toBe(true);
    disposeOut(out);
    const opt = new AdamW();
    const before = model.namedParameters().find(([k]) => k === 'moe.gate.proj.weight')![1].dataSync().slice();
    trainStep(model, batch, opt, new Rng(1));
    const after = model.namedParameters().find(([k]) => k === 'moe.gate.proj.weight')![1].dataSync();
    expect(Array.from(after).some((v, i) => v !== before[i])).toBe(true);
    opt.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('oracleQuality needs batch.quality and then uses it for κ', () => {
    const model = build(VEC2, { oracleQuality: true });
    const batch = makeBatch(VEC2, 6);
    expect(() => model.forward(batch, { training: false, losses: 'none' })).toThrow(/oracleQuality needs batch.quality/);
    expect(() => model.forward(batch, { training: false, losses: 'none' })).toThrow(OptionError);
    const withQ = makeBatch(VEC2, 6, { quality: true });
    const out = model.forward(withQ, { training: false, losses: 'none' });
    const truth = withQ.quality!.arraySync() as number[][];
    const k = out.routing!.config!.arraySync() as number[][];
    k.forEach((row, b) => row.forEach((v, m) => expect(v).toBe(truth[m][b] > 0.5 ? 1 : 0)));
    // the logits depend on the given quality (enhancer input and gate)
    const flipped = { ...withQ, quality: tf.sub(1, withQ.quality!) };
    const out2 = model.forward(flipped, { training: false, losses: 'none' });
    const d = tf.max(tf.abs(tf.sub(out.logits, out2.logits))).dataSync()[0];
    expect(d).toBeGreaterThan(1e-6);
    const lossOut = model.forward(withQ, { training: true, rng: new Rng(1), losses: 'all' });
    expect(Number.isFinite(lossOut.loss!.dataSync()[0])).toBe(true);
    disposeOut(out);
    disposeOut(out2);
    disposeOut(lossOut);
    flipped.quality.dispose();
    disposeBatch(batch);
    disposeBatch(withQ);
    model.dispose();
  });

  it('quality.snap trains (gradients pass the snapped q) and leaks nothing', () => {
    const model = build(VEC2, { quality: { snap: 0.3 } });
    const batch = makeBatch(VEC2, 6, { quality: true });
    const opt = new AdamW({ learningRate: 1e-3 });
    trainStep(model, batch, opt, new Rng(1)); // the optimiser's slots are created on the first step
    const before = tf.memory().numTensors;
    expect(Number.isFinite(trainStep(model, batch, opt, new Rng(2)))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('quality.teacherForcing: training reads the true quality for κ, evaluation the estimate', () => {
    const model = build(VEC2, { quality: { teacherForcing: true, consensus: 0 } });
    const withQ = makeBatch(VEC2, 6, { quality: true });
    const truth = withQ.quality!.arraySync() as number[][];
    const train = model.forward(withQ, { training: true, rng: new Rng(1), losses: 'all' });
    (train.routing!.config!.arraySync() as number[][]).forEach((row, b) => row.forEach((v, m) => expect(v).toBe(truth[m][b] > 0.5 ? 1 : 0)));
    expect(Number.isFinite(train.lossTerms!.qualitySupervision!.dataSync()[0])).toBe(true); // the estimator is still trained
    const evalOut = model.forward(withQ, { training: false, losses: 'none' });
    const q = evalOut.quality!.arraySync() as number[][];
    (evalOut.routing!.config!.arraySync() as number[][]).forEach((row, b) => row.forEach((v, m) => expect(v).toBe(q[m][b] > 0.5 ? 1 : 0)));
    expect(q.flat().some((v, i) => v > 0.5 !== truth.flat()[i] > 0.5)).toBe(true); // an untrained estimator: the two differ somewhere
    disposeOut(train);
    disposeOut(evalOut);
    disposeBatch(withQ);
    model.dispose();
  });

  it('leaks no tensors in a training step (variableGrads + AdamW)', () => {
    const model = build(MIX4);
    const batch = makeBatch(MIX4, 6, { T: 3 });
    const opt = new AdamW();
    trainStep(model, batch, opt, new Rng(1)); // creates AdamW's moment slots
    const before = tf.memory().numTensors;
    trainStep(model, batch, opt, new Rng(2));
    trainStep(model, batch, opt, new Rng(3));
    expect(tf.memory().numTensors).toBe(before);
    const evalBefore = tf.memory().numTensors;
    const out = model.forward(batch, { training: false, losses: 'all' });
    disposeOut(out);
    // kept for inference: the experts' regrouped weight, the enhancer's folded query and its bias term
    expect(tf.memory().numTensors).toBe(evalBefore + 3);
    disposeOut(model.forward(batch, { training: false, losses: 'none' }));
    expect(tf.memory().numTensors).toBe(evalBefore + 3); // reused, not grown
    model.clearCaches();
    expect(tf.memory().numTensors).toBe(evalBefore);
    opt.dispose();
    disposeBatch(batch);
    model.dispose();
  });

  it('updates the baseline EMA buffer in training only', () => {
    const model = build(VEC2);
    const ema = () => Array.from(model.stateDict()['baseline.movingAverage'].dataSync());
    const batch = makeBatch(VEC2, 6);
    const start = ema();
    const e = model.forward(batch, { training: false, losses: 'all' });
    disposeOut(e);
    expect(ema()).toEqual(start);
    const t = model.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    disposeOut(t);
    const afterTrain = ema();
    expect(afterTrain).not.toEqual(start);
    const e2 = model.forward(batch, { training: false, losses: 'none' });
    disposeOut(e2);
    expect(ema()).toEqual(afterTrain);
    disposeBatch(batch);
    model.dispose();
  });

  it('the paper preset puts L_uni inside L_qe (Eq 21) and lets task gradients reach q', () => {
    const batch = makeBatch(VEC2, 8);
    const spec = build(VEC2, { preset: 'spec' }); // the spec's defaults: differ from paper only in q detachment and λ_uni
    const paper = build(VEC2, { preset: 'paper' });
    expect(paper.config.lossWeights.uni).toBeNull();
    const os = spec.forward(batch, { training: true, rng: new Rng(7), losses: 'all' });
    const op = paper.forward(batch, { training: true, rng: new Rng(7), losses: 'all' });
    const v = (o: ModelOutput, k: string) => o.terms[k].dataSync()[0];
    const uni = v(os, 'L_uni');
    expect(v(op, 'L_uni')).toBeCloseTo(uni, 6);
    expect(v(op, 'L_qe')).toBeCloseTo(v(os, 'L_qe') + uni, 5);
    // Eq 23: spec = ... + λ_qe L_qe + 1·L_uni; paper = ... + λ_qe (L_qe + L_uni)
    const lambdaQe = spec.config.lossWeights.qe;
    expect(os.loss!.dataSync()[0] - op.loss!.dataSync()[0]).toBeCloseTo(uni * (1 - lambdaQe), 4);
    disposeOut(os);
    disposeOut(op);
    // task gradient to the quality estimator: zero when q is detached (default), nonzero in the paper preset
    const qeGradNorm = (m: UMQModel) => {
      const vars = m.namedParameters().filter(([k]) => k.startsWith('qe.')).map(([, x]) => x);
      const { value, grads } = tf.variableGrads(() => m.forward(batch, { training: true, rng: new Rng(7), losses: 'all' }).terms.L_task, vars);
      const n = tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0]);
      tf.dispose([value, ...Object.values(grads)]);
      return n;
    };
    expect(qeGradNorm(spec)).toBe(0);
    expect(qeGradNorm(paper)).toBeGreaterThan(0);
    disposeBatch(batch);
    spec.dispose();
    paper.dispose();
  });

  it("late-fusion options: 'learned' weights start equal to 'quality', L_fused appears with its weight, a negative fused-path weight is refused", () => {
    const batch = makeBatch(VEC2, 8);
    const fixed = build(VEC2);
    const learned = build(VEC2, { lateFusion: { weighting: 'learned' }, lossWeights: { fusedPath: 0.5 } });
    expect(learned.namedParameters().map(([k]) => k)).toEqual(expect.arrayContaining(['lateWeights.sharpness', 'lateWeights.reliability']));
    expect(fixed.namedParameters().some(([k]) => k.startsWith('lateWeights'))).toBe(false); // old checkpoints still load
    const a = fixed.forward(batch, { training: false, losses: 'none' });
    const b = learned.forward(batch, { training: false, losses: 'none' });
    expect(tf.max(tf.abs(tf.sub(a.logits, b.logits))).dataSync()[0]).toBeLessThan(1e-5);
    const t = learned.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    expect(t.terms.L_fused).toBeDefined();
    expect(Number.isFinite(t.terms.L_fused.dataSync()[0])).toBe(true);
    const t0 = fixed.forward(batch, { training: true, rng: new Rng(1), losses: 'all' });
    expect(t0.terms.L_fused).toBeUndefined();
    const vars = learned.namedParameters().filter(([k]) => k.startsWith('lateWeights')).map(([, v]) => v);
    const { value, grads } = tf.variableGrads(() => learned.forward(batch, { training: true, rng: new Rng(1), losses: 'all' }).loss!, vars);
    for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads)]);
    [a, b, t, t0].forEach(disposeOut);
    expect(() => build(VEC2, { lossWeights: { fusedPath: -1 } })).toThrow(/lossWeights.fusedPath/);
    expect(() => build(VEC2, { lateFusion: { weighting: 'max' as never } })).toThrow(OptionError);
    disposeBatch(batch);
    fixed.dispose();
    learned.dispose();
  });

  it('quality.consensus scales the q the later stages use by each view\'s agreement with the others (0 = as estimated)', () => {
    const batch = makeBatch(MIX4, 6, { T: 3 });
    const plain = build(MIX4, { quality: { consensus: 0 } });
    const withConsensus = build(MIX4, { quality: { consensus: 1 } });
    const eval0 = { training: false, losses: 'none' } as const;
    const a = plain.forward(batch, eval0);
    const b = withConsensus.forward(batch, eval0);
    // the estimate itself is the same (same weights); κ (Eq 14) follows q times the agreement, which is <= 1
    expect(Array.from(b.quality!.dataSync())).toEqual(Array.from(a.quality!.dataSync()));
    const q = a.quality!.arraySync() as number[][];
    const ka = a.routing!.config!.arraySync() as number[][];
    const kb = b.routing!.config!.arraySync() as number[][];
    for (let i = 0; i < 6; i++) for (let m = 0; m < MIX4.length; m++) {
      expect(ka[i][m]).toBe(q[m][i] > 0.5 ? 1 : 0);
      if (kb[i][m] === 1) expect(ka[i][m]).toBe(1);
    }
    expect(JSON.stringify(kb)).not.toBe(JSON.stringify(ka)); // binary heads of an untrained model agree about 1/2 of the time
    expect(() => build(MIX4, { quality: { consensus: -1 } })).toThrow(/quality.consensus/);
    [a, b].forEach(disposeOut);
    disposeBatch(batch);
    plain.dispose();
    withConsensus.dispose();
  });

  it("encoders.headLoss 'evidential' trains the heads as Dirichlet opinions; quality.evidence scales the q the later stages use by their certainty", () => {
    const C = 4;
    const batch = makeBatch(VEC2, 8, { task: 'multiclass', classes: C });
    const multi = (overrides: UMQOverrides) => new UMQModel({ modalities: VEC2, task: 'multiclass', outDim: C, ...mergeOverrides(small, overrides), seed: 3 });
    const ce = multi({ quality: { consensus: 0 } });
    const ev = multi({ encoders: { headLoss: 'evidential' }, quality: { consensus: 0 } });
    const both = multi({ encoders: { headLoss: 'evidential' }, quality: { consensus: 0, evidence: 1 } });
    const opts = { training: true, rng: new Rng(2), losses: 'all', epoch: 0 } as const;
    const a = ce.forward(batch, { ...opts, rng: new Rng(2) });
    const b = ev.forward(batch, { ...opts, rng: new Rng(2) });
    // the same weights: only the heads' loss (and what reads the heads) differs
    expect(b.terms.L_uni.dataSync()[0]).not.toBeCloseTo(a.terms.L_uni.dataSync()[0], 3);
    expect(Number.isFinite(b.loss!.dataSync()[0])).toBe(true);
    const vars = ev.namedParameters().filter(([k]) => k.startsWith('heads')).map(([, v]) => v);
    const { value, grads } = tf.variableGrads(() => ev.forward(batch, { ...opts, rng: new Rng(2) }).terms.L_uni, vars);
    for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads)]);
    // evidence: κ follows q times the heads' certainty (< 1), so a view selected with it is selected without it
    const e0 = { training: false, losses: 'none' } as const;
    const p = ev.forward(batch, e0);
    const s = both.forward(batch, e0);
    expect(Array.from(s.quality!.dataSync())).toEqual(Array.from(p.quality!.dataSync()));
    const kp = p.routing!.config!.arraySync() as number[][];
    const ks = s.routing!.config!.arraySync() as number[][];
    for (let i = 0; i < 8; i++) for (let m = 0; m < 2; m++) if (ks[i][m] === 1) expect(kp[i][m]).toBe(1);
    expect(() => build(VEC2, { encoders: { headLoss: 'evidential' } })).toThrow(/needs a multiclass task/);
    expect(() => multi({ quality: { evidence: -1 } })).toThrow(/quality.evidence/);
    expect(() => multi({ encoders: { headLoss: 'dirichlet' as never } })).toThrow(/encoders.headLoss/);
    [a, b, p, s].forEach(disposeOut);
    disposeBatch(batch);
    [ce, ev, both].forEach((m) => m.dispose());
  });

  it('forward is forwardEncoded of the encoders\' output (the two halves a runner may split), and forwardEncoded checks the shape of u', () => {
    const model = build(MIX4);
    const batch = makeBatch(MIX4, 5, { T: 3 });
    const U = model.encoders.encode(batch.x, batch.mask, { training: false });
    const a = model.forward(batch, { training: false, losses: 'none' });
    const b = model.forwardEncoded(U, { ...batch, x: [], mask: [] }, { training: false, losses: 'none' });
    expect(tf.max(tf.abs(tf.sub(a.logits, b.logits))).dataSync()[0]).toBe(0);
    const wrong = tf.zeros([3, 5, 16]);
    expect(() => model.forwardEncoded(wrong, batch, { training: false, losses: 'none' })).toThrow(ShapeError);
    expect(() => model.forwardEncoded(wrong, batch, { training: false, losses: 'none' })).toThrow(/u must be \[M=4, B, d=16\]/);
    [a, b].forEach(disposeOut);
    tf.dispose([U, wrong]);
    disposeBatch(batch);
    model.dispose();
  });

  it("encoders.gradients 'heads': only the heads' losses reach the encoders", () => {
    const batch = makeBatch(VEC2, 8);
    const encGrad = (m: UMQModel, term: string) => {
      const vars = m.encoders.parameters();
      const { value, grads } = tf.variableGrads(() => m.forward(batch, { training: true, rng: new Rng(5), losses: 'all' }).terms[term], vars);
      const n = tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0]);
      tf.dispose([value, ...Object.values(grads)]);
      return n;
    };
    // consensus off: with untrained heads their agreement (about 1/C) scales q under τ and leaves L_enh no rows
    const all = build(VEC2, { quality: { consensus: 0 } });
    const heads = build(VEC2, { encoders: { gradients: 'heads' }, quality: { consensus: 0 } });
    for (const term of ['L_dec', 'L_enh', 'L_qsup']) {
      expect(encGrad(all, term), term).toBeGreaterThan(0);
      expect(encGrad(heads, term), term).toBe(0);
    }
    expect(encGrad(heads, 'L_uni')).toBeGreaterThan(0);
    expect(encGrad(heads, 'L_task')).toBeGreaterThan(0); // through the late-fusion path
    const noLate = build(VEC2, { encoders: { gradients: 'heads' }, lateFusion: null });
    expect(encGrad(noLate, 'L_task')).toBe(0);
    expect(() => build(VEC2, { encoders: { gradients: 'none' as never } })).toThrow(/encoders.gradients/);
    disposeBatch(batch);
    [all, heads, noLate].forEach((m) => m.dispose());
  });
});
