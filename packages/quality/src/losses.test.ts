import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, Rng, OptionError, ShapeError } from '@umq/core';
import { lowQualityLoss } from './low-quality-loss';
import { highQualityLoss } from './high-quality-loss';
import { rankLoss } from './rank-loss';
import { noiseRankLoss } from './noise-rank-loss';
import { absoluteQualityLoss } from './absolute-quality-loss';
import { qualityLosses } from './quality-losses';

const val = (x: tf.Tensor) => x.dataSync()[0];

describe('quality losses (Eq 16-21) on hand-checked values', () => {
  beforeAll(async () => {
    await initEngine();
  });

  // M = 2 modalities, B = 2 rows. Flattened order: (0,0) (0,1) (1,0) (1,1).
  const q = () => tf.tensor2d([[0.9, 0.2], [0.5, 0.6]]);
  const ell = () => tf.tensor2d([[0.005, 0.8], [0.3, 0.1]]);

  it('L_low = mean q^2 (Eq 16)', () => {
    expect(val(lowQualityLoss(tf.tensor2d([[0.1, 0.3], [0.5, 0.0]])))).toBeCloseTo((0.01 + 0.09 + 0.25) / 4, 6);
  });

  it('L_high selects ℓ < θ and averages max(0, α - q) over them; 0 with zero gradient when none (Eq 17)', () => {
    const r = highQualityLoss(q(), ell(), 0.01, 0.95);
    expect(val(r.loss)).toBeCloseTo(0.05, 6); // only (0,0): 0.95 - 0.9
    expect(val(r.selectedFraction)).toBeCloseTo(0.25, 6);
    const r2 = highQualityLoss(q(), ell(), 0.2, 0.95); // (0,0) and (1,1): (0.05 + 0.35) / 2
    expect(val(r2.loss)).toBeCloseTo(0.2, 6);
    const g = tf.grad((x: tf.Tensor) => highQualityLoss(x, ell(), 0.001, 0.95).loss)(q());
    expect(Array.from(g.dataSync(), Math.abs)).toEqual([0, 0, 0, 0]);
    expect(val(highQualityLoss(q(), ell(), 0.001, 0.95).loss)).toBe(0);
  });

  it('L_rank over all M·B pairs and within modality (Eq 18), ℓ gets no gradient', () => {
    // ℓ order: (0,0)=0.005 < (1,1)=0.1 < (1,0)=0.3 < (0,1)=0.8; q: 0.9, 0.6, 0.5, 0.2 -> perfectly ranked.
    // All 6 pairs: hinge = q_worse - q_better + μ with μ = 0.35: differences 0.3,0.4,0.7,0.1,0.4,0.3
    const mu = 0.35;
    const diffs = [0.9 - 0.6, 0.9 - 0.5, 0.9 - 0.2, 0.6 - 0.5, 0.6 - 0.2, 0.5 - 0.2];
    const hinges = diffs.map((x) => Math.max(0, mu - x));
    const r = rankLoss(q(), ell(), mu, 'all');
    expect(val(r.loss)).toBeCloseTo(hinges.reduce((a, b) => a + b) / 6, 6);
    expect(val(r.hingeActive)).toBeCloseTo(hinges.filter((h) => h > 0).length / 6, 6);
    // within: modality 0 pair (0.9 vs 0.2): max(0, 0.35 - 0.7) = 0; modality 1 pair (0.6 vs 0.5): 0.25
    const w = rankLoss(q(), ell(), mu, 'withinModality');
    expect(val(w.loss)).toBeCloseTo(0.25 / 2, 6);
    expect(val(w.hingeActive)).toBeCloseTo(0.5, 6);
    const gEll = tf.grad((e: tf.Tensor) => rankLoss(q(), e, mu).loss)(ell());
    expect(Array.from(gEll.dataSync(), Math.abs)).toEqual([0, 0, 0, 0]);
  });

  it('L_noise = mean max(0, q_noisy - q + μ) (Eq 20)', () => {
    const r = noiseRankLoss(tf.tensor2d([[0.95, 0.1], [0.5, 0.7]]), q(), 0.1);
    expect(val(r.loss)).toBeCloseTo((0.15 + 0 + 0.1 + 0.2) / 4, 6);
    expect(val(r.hingeActive)).toBeCloseTo(0.75, 6);
  });

  it('absolute-label ablation = mean (q - exp(-ℓ))^2, and qualityLosses switches to it', () => {
    const e = Array.from(ell().dataSync());
    const qs = Array.from(q().dataSync());
    const expect1 = qs.reduce((s, x, i) => s + (x - Math.exp(-e[i])) ** 2, 0) / 4;
    expect(val(absoluteQualityLoss(q(), ell()))).toBeCloseTo(expect1, 6);
    const inputs = { q: q(), qLow: tf.zeros([2, 3]), qNoisy: q(), ell: ell(), ellNoisy: ell() };
    const r = qualityLosses(inputs, { labels: 'absolute' });
    expect(val(r.terms.rank)).toBeCloseTo(expect1, 6);
    expect(val(r.terms.noise)).toBeCloseTo(expect1, 6);
    expect(r.diagnostics.rankHingeActive).toBeNull();
    expect(val(r.total)).toBeCloseTo(val(r.terms.low) + val(r.terms.high) + 2 * expect1, 6);
    expect(() => qualityLosses({ ...inputs, ellNoisy: undefined }, { labels: 'absolute' })).toThrow(OptionError);
  });

  it('qualityLosses total is the sum of its four terms and uses the paper defaults', () => {
    const r = qualityLosses({ q: q(), qLow: tf.tensor2d([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), qNoisy: q(), ell: ell() });
    const sum = val(r.terms.low) + val(r.terms.high) + val(r.terms.rank) + val(r.terms.noise);
    expect(val(r.total)).toBeCloseTo(sum, 6);
    expect(val(r.terms.high)).toBeCloseTo(0.05, 6); // θ = 0.01, α = 0.95
    expect(val(r.terms.noise)).toBeCloseTo(0.05, 6); // μ = 0.05, q_noisy = q
    expect(val(r.diagnostics.highFraction)).toBeCloseTo(0.25, 6);
  });

  it('named errors for mismatched shapes and bad options', () => {
    expect(() => rankLoss(q(), tf.zeros([2, 3]), 0.1)).toThrow(ShapeError);
    expect(() => rankLoss(tf.zeros([4]), tf.zeros([4]), 0.1)).toThrow(/\[M, N\]/);
    expect(() => rankLoss(q(), ell(), 0.1, 'pairs' as never)).toThrow(OptionError);
    expect(() => highQualityLoss(q(), ell(), 0.01, 1.5)).toThrow(OptionError);
    expect(() => noiseRankLoss(q(), q(), -1)).toThrow(OptionError);
  });

  it('losses leak no tensors', () => {
    const a = q(), b = ell();
    const before = tf.memory().numTensors;
    const r = qualityLosses({ q: a, qLow: a, qNoisy: a, ell: b });
    tf.dispose([r.total, r.terms, r.diagnostics] as never);
    expect(tf.memory().numTensors).toBe(before);
  });
});
