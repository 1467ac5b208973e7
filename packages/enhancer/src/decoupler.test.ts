import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, ShapeError, OptionError } from '@umq/core';
import { ModalityDecoupler } from './decoupler';
import { decouplingLosses } from './decoupling-losses';

describe('ModalityDecoupler and decouplingLosses (Eq 2-6)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('splits u [M, B, d] into s and c [M, B, d]; losses are per modality and sum to L_dec', () => {
    for (const M of [2, 4]) {
      const dec = new ModalityDecoupler({ modalities: M, features: 6, seed: 1 });
      const u = tf.randomNormal([M, 5, 6], 0, 1, 'float32', 2);
      const r = dec.call(u);
      expect(r.s.shape).toEqual([M, 5, 6]);
      expect(r.c.shape).toEqual([M, 5, 6]);
      expect(r.reconstruction!.shape).toEqual([M, 5, 6]);
      const l = r.losses!;
      for (const k of ['orth', 'mi', 'spec', 'rec'] as const) expect(l[k].shape).toEqual([M]);
      const sum = tf.sum(tf.addN([l.orth, l.mi, l.spec, l.rec])).dataSync()[0];
      expect(l.total.dataSync()[0]).toBeCloseTo(sum, 5);
      const off = dec.call(u, undefined, { losses: false });
      expect(off.losses).toBeNull();
      expect(off.reconstruction).toBeNull();
      expect(Object.keys(dec.stateDict())).toEqual(expect.arrayContaining(['dec.l1.weight', 'cpl.l2.bias']));
      expect(dec.stateDict()['dec.l1.weight'].shape).toEqual([M, 6, 12]); // stacked per modality
      expect(dec.stateDict()['cpl.l1.weight'].shape).toEqual([M, 12, 6]);
      expect(dec.stateDict()['cpl.l2.bias'].shape).toEqual([M, 6]);
      dec.dispose();
    }
  });

  it('L_spec in O(B·d) equals the pairwise definition (1/B^2) Σ_ij ||c_i - c_j||^2 (Eq 4)', () => {
    const M = 2, B = 7, d = 5;
    const c = tf.randomNormal([M, B, d], 0.5, 2, 'float32', 9);
    const u = tf.randomNormal([M, B, d], 0, 1, 'float32', 8);
    const spec = decouplingLosses(u, u, c, u, 0.2).spec.dataSync();
    const cv = c.arraySync() as number[][][];
    for (let m = 0; m < M; m++) {
      let s = 0;
      for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) for (let k = 0; k < d; k++) s += (cv[m][i][k] - cv[m][j][k]) ** 2;
      expect(spec[m]).toBeCloseTo(s / (B * B), 3);
    }
  });

  it('orthogonal s, c and identical reconstruction give zero L_orth and L_rec; δ = 4 disables L_mi', () => {
    const s = tf.tensor3d([[[1, 0], [0, 2]], [[3, 0], [0, 1]]]);
    const c = tf.tensor3d([[[0, 5], [1, 0]], [[0, 1], [2, 0]]]);
    const u = tf.tensor3d([[[1, 1], [1, -1]], [[2, 2], [0, 1]]]);
    const l = decouplingLosses(u, s, c, u, 4);
    expect(Array.from(l.orth.dataSync())).toEqual([0, 0]);
    expect(Array.from(l.rec.dataSync())).toEqual([0, 0]);
    expect(Array.from(l.mi.dataSync())).toEqual([0, 0]);
    expect(l.miHingeActive.dataSync()[0]).toBe(0);
    // δ = 0: every hinge active with positive distance; ||N(s)-N(u)||^2 = 2 - 2cos
    const l0 = decouplingLosses(u, s, c, u, 0);
    const v = tf.tidy(() => tf.sum(tf.square(tf.sub(tf.tensor1d([1, 0]), tf.tensor1d([Math.SQRT1_2, Math.SQRT1_2])))).dataSync()[0]);
    expect(v).toBeCloseTo(2 - Math.SQRT2, 6);
    expect(l0.mi.dataSync()[0]).toBeGreaterThan(0);
  });

  it('named errors for bad inputs and options', () => {
    expect(() => new ModalityDecoupler({ modalities: 1, features: 4 })).toThrow(OptionError);
    expect(() => new ModalityDecoupler({ modalities: 2, features: 4, delta: 5 })).toThrow(OptionError);
    const dec = new ModalityDecoupler({ modalities: 2, features: 4 });
    expect(() => dec.call(tf.zeros([3, 2, 4]))).toThrow(ShapeError);
    const u = tf.zeros([2, 3, 4]);
    expect(() => decouplingLosses(u, tf.zeros([2, 2, 4]), u, u, 0.2)).toThrow(/`s` has shape \[2, 2, 4\], expected \[2, 3, 4\]/);
    dec.dispose();
  });

  it('a training step on L_dec leaks no tensors', () => {
    const dec = new ModalityDecoupler({ modalities: 3, features: 8, seed: 2 });
    const u = tf.randomNormal([3, 6, 8], 0, 1, 'float32', 1);
    const opt = tf.train.adam(1e-3);
    const step = () => opt.minimize(() => dec.call(u, { training: true }).losses!.total, false, dec.parameters());
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    dec.dispose();
  });
});
