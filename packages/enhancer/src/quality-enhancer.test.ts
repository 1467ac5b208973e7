import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, Rng, OptionError, ShapeError } from '@umq/core';
import { QualityEnhancer } from './quality-enhancer';
import { ModalityDecoupler } from './decoupler';
import { ModalityBaseline } from './baseline';
import { enhancerLoss } from './enhancer-loss';

describe('QualityEnhancer (Eq 8) and enhancerLoss (Eq 22)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('attends over the M - 1 other modalities plus the baseline; weights sum to 1 (M = 2, 3, 4)', () => {
    for (const M of [2, 3, 4]) {
      const d = 6, B = 5;
      const enh = new QualityEnhancer({ modalities: M, features: d, seed: M });
      const u = tf.randomNormal([M, B, d], 0, 1, 'float32', 1);
      const s = tf.randomNormal([M, B, d], 0, 1, 'float32', 2);
      const q = tf.randomUniform([M, B], 0, 1, 'float32', 3);
      const b = tf.randomNormal([M, d], 0, 1, 'float32', 4);
      const r = enh.call({ u, q, keys: s, baseline: b });
      expect(r.output.shape).toEqual([M, B, d]);
      expect(r.context.shape).toEqual([M, B, d]);
      expect(r.attention!.shape).toEqual([M, B, M]);
      const sums = tf.sum(r.attention!, -1).dataSync();
      for (const x of sums) expect(x).toBeCloseTo(1, 5);
      enh.dispose();
    }
  });

  it("modality m's context does not depend on its own s_m (keys are the others' parts)", () => {
    const M = 3, d = 4, B = 2;
    const enh = new QualityEnhancer({ modalities: M, features: d, seed: 1 });
    const s = tf.variable(tf.randomNormal([M, B, d], 0, 1, 'float32', 2));
    const q = tf.ones([M, B]);
    const b = tf.zeros([M, d]);
    const g = tf.variableGrads(() => tf.sum(tf.slice(enh.attend(s, q, b).context, [1, 0, 0], [1, B, d])) as tf.Scalar, [s]).grads[s.name];
    const gm = g.arraySync() as number[][][];
    expect(Math.max(...gm[1].flat().map(Math.abs))).toBe(0);
    expect(Math.max(...gm[0].flat().map(Math.abs))).toBeGreaterThan(0);
    expect(Math.max(...gm[2].flat().map(Math.abs))).toBeGreaterThan(0);
    enh.dispose();
  });

  it('without keys of either kind the context is zero; residual adds q·u', () => {
    const M = 2, d = 4, B = 3;
    const u = tf.randomNormal([M, B, d], 0, 1, 'float32', 1);
    const q = tf.fill([M, B], 0.5);
    const none = new QualityEnhancer({ modalities: M, features: d, sampleSpecificKeys: false, modalitySpecificKey: false });
    const r = none.call({ u, q });
    expect(Math.max(...Array.from(r.context.dataSync(), Math.abs))).toBe(0);
    expect(r.attention).toBeNull();
    const res = new QualityEnhancer({ modalities: M, features: d, sampleSpecificKeys: false, modalitySpecificKey: false, residual: true });
    res.loadStateDict(none.stateDict());
    const diff = tf.sub(res.call({ u, q }).output, tf.add(r.output, tf.mul(u, 0.5)));
    expect(Math.max(...Array.from(diff.dataSync(), Math.abs))).toBeLessThan(1e-6);
    none.dispose();
    res.dispose();
  });

  it('keeps the folded query between inference calls, follows a parameter update, lets gradients reach the query and key projection; weights: false gives the same context and no weights', () => {
    const M = 3, d = 6, B = 4;
    const enh = new QualityEnhancer({ modalities: M, features: d, seed: 5 });
    const u = tf.randomNormal([M, B, d], 0, 1, 'float32', 1);
    const s = tf.randomNormal([M, B, d], 0, 1, 'float32', 2);
    const q = tf.randomUniform([M, B], 0, 1, 'float32', 3);
    const b = tf.randomNormal([M, d], 0, 1, 'float32', 4);
    const context = () => tf.tidy(() => Array.from(enh.attend(s, q, b).context.dataSync()));
    const first = context();
    const before = tf.memory().numTensors;
    expect(context()).toEqual(first); // the kept folded query: no new tensors stay behind
    expect(tf.memory().numTensors).toBe(before);
    const lite = enh.attend(s, q, b, { weights: false });
    expect(lite.attention).toBeNull();
    expect(Array.from(lite.context.dataSync())).toEqual(first);
    lite.context.dispose();
    // gradients flow to the query, the key projection and its bias through the folded forms
    const kp = enh.keyProjection!;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(enh.attend(s, q, b, { weights: false }).context)) as tf.Scalar, [enh.query, kp.weight, kp.bias!]);
    for (const g of Object.values(grads)) expect(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose(Object.values(grads));
    // an update of the query (as an optimizer step makes) is seen by the next inference call
    tf.tidy(() => enh.query.assign(tf.mul(enh.query, 2)));
    expect(context()).not.toEqual(first);
    enh.dispose();
    tf.dispose([u, s, q, b]);
  });

  it('named errors for missing keys, baseline and mismatched shapes', () => {
    const enh = new QualityEnhancer({ modalities: 2, features: 4 });
    const u = tf.zeros([2, 3, 4]), q = tf.zeros([2, 3]), b = tf.zeros([2, 4]);
    expect(() => enh.call({ u, q, baseline: b })).toThrow(OptionError);
    expect(() => enh.call({ u, q, keys: u })).toThrow(/baseline/);
    expect(() => enh.call({ u, q, keys: tf.zeros([2, 5, 4]), baseline: b })).toThrow(ShapeError);
    expect(() => enh.call({ u, q: tf.zeros([2, 2]), keys: u, baseline: b })).toThrow(ShapeError);
    expect(() => enh.call({ u, q, keys: u, baseline: tf.zeros([3, 4]) })).toThrow(ShapeError);
    expect(() => enh.enhance(u, q, tf.zeros([2, 6, 4]))).toThrow(/repeat the context/);
    expect(() => new QualityEnhancer({ modalities: 1, features: 4 })).toThrow(OptionError);
    enh.dispose();
  });

  it('L_enh: 0 with zero gradients when no row has q > τ; sg on the clean rows and q', () => {
    const u = tf.variable(tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1));
    const q = tf.variable(tf.tensor2d([[0.9, 0.1, 0.7], [0.2, 0.3, 0.8]]));
    const out = tf.variable(tf.randomNormal([2, 3, 4], 0, 1, 'float32', 2));
    const none = tf.variableGrads(() => enhancerLoss(out, u, q, 0.95).loss, [out, u, q]);
    expect(none.value.dataSync()[0]).toBe(0);
    for (const g of Object.values(none.grads)) expect(Math.max(...Array.from(g.dataSync(), Math.abs))).toBe(0);
    const r = enhancerLoss(out, u, q, 0.5);
    expect(r.selectedFraction.dataSync()[0]).toBeCloseTo(0.5, 6);
    // selected rows (0,0), (0,2), (1,2): mean squared L2 error
    const o = out.arraySync() as number[][][], uu = u.arraySync() as number[][][];
    const err = (m: number, i: number) => o[m][i].reduce((s, x, k) => s + (x - uu[m][i][k]) ** 2, 0);
    expect(r.loss.dataSync()[0]).toBeCloseTo((err(0, 0) + err(0, 2) + err(1, 2)) / 3, 4);
    const g = tf.variableGrads(() => enhancerLoss(out, u, q, 0.5).loss, [out, u, q]).grads;
    expect(g[u.name] ? Math.max(...Array.from(g[u.name].dataSync(), Math.abs)) : 0).toBe(0);
    expect(g[q.name] ? Math.max(...Array.from(g[q.name].dataSync(), Math.abs)) : 0).toBe(0);
    expect(() => enhancerLoss(out, u, q, 2)).toThrow(OptionError);
  });

  it('a full decouple -> baseline -> enhance -> L_dec + L_enh training step leaks no tensors', () => {
    const M = 3, B = 6, d = 8;
    const dec = new ModalityDecoupler({ modalities: M, features: d, seed: 1 });
    const base = new ModalityBaseline({ modalities: M, features: d });
    const enh = new QualityEnhancer({ modalities: M, features: d, seed: 2, qualityWeightedKeys: true });
    const u = tf.randomNormal([M, B, d], 0, 1, 'float32', 3);
    const uNoisy = tf.randomNormal([M, B, d], 0, 1, 'float32', 4);
    const q = tf.randomUniform([M, B], 0, 1, 'float32', 5);
    const opt = tf.train.adam(1e-3);
    const ctx = { training: true, rng: new Rng(1) };
    const params = [...dec.parameters(), ...base.parameters(), ...enh.parameters()];
    const step = () =>
      opt.minimize(() => {
        const { s, c, losses } = dec.call(u, ctx);
        const b = base.call(c, ctx);
        const { output, context } = enh.call({ u, q, keys: s, baseline: b }, ctx);
        const lEnh = enhancerLoss(enh.enhance(uNoisy, q, context, ctx), u, q, 0.5).loss;
        return tf.addN([tf.mean(output), losses!.total, lEnh]) as tf.Scalar;
      }, false, params);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    // the EMA moved in training
    expect(Math.max(...Array.from(base.movingAverage.dataSync(), Math.abs))).toBeGreaterThan(0);
    dec.dispose();
    base.dispose();
    enh.dispose();
  });
});
