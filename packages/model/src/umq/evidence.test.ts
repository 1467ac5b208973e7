import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, OptionError } from '@umq/core';
import { evidentialLoss } from '@umq/evidential';
import { headOutput, headCertainty, evidentialHeadLosses, checkHeadLoss } from './evidence';

describe('evidential heads', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('headCertainty is 1 - K/S of each head\'s Dirichlet opinion (hand values)', () => {
    // evidential heads: log α given; α = (4, 1, 1) -> S = 6, u = 3/6; α = (1, 1, 1) -> u = 1
    const la = tf.tensor3d([[[Math.log(4), 0, 0]], [[0, 0, 0]]]);
    expect(Array.from(headCertainty(la, 'multiclass', 'evidential').dataSync()).map((v) => +v.toFixed(6))).toEqual([0.5, 0]);
    // cross-entropy heads: α = softplus(z) + 1; z = (0, 0) -> α = (1 + ln 2) each, S = 2 + 2 ln 2
    const ce = tf.tensor3d([[[0, 0]]]);
    expect(headCertainty(ce, 'multiclass', 'cross-entropy').dataSync()[0]).toBeCloseTo(1 - 2 / (2 + 2 * Math.log(2)), 6);
    // binary: one logit read as two classes, (softplus(-z), softplus(z))
    const zb = tf.tensor3d([[[1.5]]]);
    const sp = (v: number) => Math.log1p(Math.exp(v));
    expect(headCertainty(zb, 'binary', 'cross-entropy').dataSync()[0]).toBeCloseTo(1 - 2 / (2 + sp(-1.5) + sp(1.5)), 6);
    expect(Array.from(headCertainty(tf.zeros([2, 3, 1]), 'regression', 'cross-entropy').dataSync())).toEqual(new Array(6).fill(1));
    tf.dispose([la, ce, zb]);
  });

  it('evidential heads: headOutput is log(softplus(z) + 1); the per-view losses are the evidential loss of each view', () => {
    const raw = tf.randomNormal([2, 4, 3], 0, 2, 'float32', 7);
    const la = headOutput(raw, 'evidential');
    const alpha = tf.add(tf.softplus(raw), 1);
    expect(tf.max(tf.abs(tf.sub(tf.exp(la), alpha))).dataSync()[0]).toBeLessThan(1e-5);
    expect(headOutput(raw, 'cross-entropy')).toBe(raw);
    const y = tf.tensor1d([0, 2, 1, 1]);
    const got = evidentialHeadLosses(la, y, 4).arraySync() as number[][]; // KL weight (4 + 1) / 10
    for (let m = 0; m < 2; m++) {
      const want = evidentialLoss(tf.squeeze(tf.slice(alpha, [m, 0, 0], [1, 4, 3]), [0]), y, { klWeight: 0.5 }).arraySync() as number[];
      for (let i = 0; i < 4; i++) expect(got[m][i]).toBeCloseTo(want[i], 4);
    }
    const full = evidentialHeadLosses(la, y, undefined).arraySync() as number[][];
    const late = evidentialHeadLosses(la, y, 30).arraySync() as number[][];
    expect(full).toEqual(late); // annealed to full weight after 10 epochs
    tf.dispose([raw, la, alpha, y]);
  });

  it('headCertainty carries no gradient and leaks nothing; the losses do carry one', () => {
    const z = tf.randomNormal([3, 5, 4], 0, 1, 'float32', 1);
    const g = tf.grad((x: tf.Tensor) => tf.sum(headCertainty(x, 'multiclass', 'evidential')))(z);
    expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
    const y = tf.tensor1d([0, 1, 2, 3, 0]);
    const gl = tf.grad((x: tf.Tensor) => tf.sum(evidentialHeadLosses(headOutput(x, 'evidential'), y, 0)))(z);
    expect(tf.max(tf.abs(gl)).dataSync()[0]).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    headCertainty(z, 'multiclass', 'cross-entropy').dispose();
    evidentialHeadLosses(z, y, 2).dispose();
    headOutput(z, 'evidential').dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, g, y, gl]);
  });

  it('evidential heads need a multiclass task, with an error that says what to do', () => {
    expect(() => checkHeadLoss('evidential', 'binary')).toThrow(OptionError);
    expect(() => checkHeadLoss('evidential', 'regression')).toThrow(/multiclass with 2 classes/);
    expect(() => checkHeadLoss('evidential', 'multiclass')).not.toThrow();
    expect(() => checkHeadLoss('cross-entropy', 'binary')).not.toThrow();
  });
});
