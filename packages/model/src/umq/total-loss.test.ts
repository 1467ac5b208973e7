import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { totalLoss, qualityObjective, termsForLog } from './total-loss';
import type { UMQLossTerms } from './loss-terms';
import { DEFAULT_PRESET, PAPER_PRESET } from './presets';

const s = (v: number) => tf.scalar(v);
/** Terms with distinct values, so every weight shows in the sum. */
function terms(): UMQLossTerms {
  return {
    task: s(0.7), fusedPath: s(0.9), uni: s(1.3),
    quality: { low: s(0.1), high: s(0.2), rank: s(0.3), noise: s(0.4), total: s(1.0) },
    qualitySupervision: s(0.05),
    decoupling: { orth: s(1), mi: s(2), spec: s(3), rec: s(4), total: s(10) },
    enhancer: s(2.5),
    moe: { balance: s(0.5), variance: s(0.25), config: s(0.75), total: s(1.5) },
  };
}

describe('totalLoss (Eq 23)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('L_task + λ_uni L_uni + λ_dec L_dec + λ_qe L_qe + λ_enh L_enh + λ_moe L_moe, plus the beyond-paper terms', () => {
    const w = { uni: 1, qe: 1e-3, dec: 1e-5, enh: 1e-3, moe: 1e-3, qualitySupervision: 2, fusedPath: 0.5 };
    const t = terms();
    const want = 0.7 + 0.5 * 0.9 + 1e-3 * 1.0 + 1 * 1.3 + 2 * 0.05 + 1e-5 * 10 + 1e-3 * 2.5 + 1e-3 * 1.5;
    expect(totalLoss(t, w).dataSync()[0]).toBeCloseTo(want, 6);
    // the paper (λ_uni null): L_uni inside L_qe, weighted by λ_qe (Eq 21)
    const paper = { ...w, uni: null };
    expect(qualityObjective(t, paper)!.dataSync()[0]).toBeCloseTo(2.3, 6);
    expect(totalLoss(t, paper).dataSync()[0]).toBeCloseTo(want - 1.3 - 1e-3 + 1e-3 * 2.3, 6);
  });

  it('absent parts add nothing; the presets\' weights are Table 10 MOSI', () => {
    const t: UMQLossTerms = { task: s(0.7), fusedPath: null, uni: null, quality: null, qualitySupervision: null, decoupling: null, enhancer: null, moe: null };
    expect(totalLoss(t, DEFAULT_PRESET.lossWeights).dataSync()[0]).toBeCloseTo(0.7, 7);
    expect(qualityObjective(t, PAPER_PRESET.lossWeights)).toBeNull();
    expect(DEFAULT_PRESET.lossWeights).toMatchObject({ dec: 1e-5, qe: 1e-3, enh: 1e-3, moe: 1e-3, uni: 1 });
  });

  it('its gradient reaches each term with its weight', () => {
    const w = { uni: 1, qe: 1e-3, dec: 1e-5, enh: 1e-3, moe: 1e-3, qualitySupervision: 2, fusedPath: 0.5 };
    const x = tf.scalar(1);
    const g = tf.grad((v: tf.Tensor) => {
      const t = terms();
      t.enhancer = tf.mul(t.enhancer!, v) as tf.Scalar;
      t.qualitySupervision = tf.mul(t.qualitySupervision!, v) as tf.Scalar;
      return totalLoss(t, w);
    })(x);
    expect(g.dataSync()[0]).toBeCloseTo(1e-3 * 2.5 + 2 * 0.05, 6);
  });

  it('logs each term under its name, and nothing leaks', () => {
    const before = tf.memory().numTensors;
    const t = terms();
    const made = tf.memory().numTensors;
    tf.tidy(() => {
      const logged = termsForLog(t, DEFAULT_PRESET.lossWeights);
      expect(Object.keys(logged).sort()).toEqual(['L_bal', 'L_cfg', 'L_dec', 'L_enh', 'L_fused', 'L_high', 'L_low', 'L_mi', 'L_moe', 'L_noise', 'L_orth', 'L_qe', 'L_qsup', 'L_rank', 'L_rec', 'L_spec', 'L_task', 'L_uni', 'L_var'].sort());
      expect(logged.L_qe.dataSync()[0]).toBeCloseTo(1.0, 6);
      totalLoss(t, DEFAULT_PRESET.lossWeights);
    });
    expect(tf.memory().numTensors).toBe(made);
    tf.dispose(Object.values(t).flatMap((v) => (v === null ? [] : v instanceof tf.Tensor ? [v] : Object.values(v))));
    expect(tf.memory().numTensors).toBe(before);
  });
});
