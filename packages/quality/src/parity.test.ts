/**
 * Parity with the PyTorch reference (tools/fixtures/quality/make_quality.py): estimator and
 * head outputs, every Eq 16-21 loss, its diagnostics, and gradients w.r.t. inputs and
 * parameters. Tolerance: |a - b| <= 1e-5 (|b| + max(1e-2, 0.01 max|b|)) (float32 here vs float64
 * there; see tools/testing/parity.ts `worst`).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf } from '@umq/core';
import { QualityEstimator } from './quality-estimator';
import { UnimodalHeads, unimodalLoss } from './unimodal-heads';
import { lowQualityLoss } from './low-quality-loss';
import { highQualityLoss } from './high-quality-loss';
import { rankLoss } from './rank-loss';
import { noiseRankLoss } from './noise-rank-loss';
import { absoluteQualityLoss } from './absolute-quality-loss';
import { qualityLosses } from './quality-losses';
import { loadFixture, flat, t, worst, loadMultiMLP, multiMLPGrads } from '../../../tools/testing/parity';

const fx = loadFixture('quality/quality_parity.json');
type Fwd = { q: tf.Tensor; qLow: tf.Tensor; qNoisy: tf.Tensor; logits: tf.Tensor; ell: tf.Tensor; ellNoisy: tf.Tensor };
type Case = (f: Fwd) => { loss: tf.Scalar; diagnostics?: Record<string, tf.Scalar | null> };

describe('@umq/quality parity with the PyTorch reference', () => {
  let qe: QualityEstimator;
  let heads: UnimodalHeads;
  let U: tf.Variable, Ulow: tf.Variable, Unoise: tf.Variable, y: tf.Tensor;

  beforeAll(async () => {
    await initEngine();
    qe = new QualityEstimator({ modalities: fx.M, features: fx.d, seed: 1 });
    heads = new UnimodalHeads({ modalities: fx.M, features: fx.d, outFeatures: 1, seed: 2 });
    loadMultiMLP(qe.nets, fx.params, 'qe.');
    loadMultiMLP(heads.nets, fx.params, 'heads.');
    U = tf.variable(t(fx.inputs.U));
    Ulow = tf.variable(t(fx.inputs.U_low));
    Unoise = tf.variable(t(fx.inputs.U_noise));
    y = t(fx.inputs.y);
  });

  const forward = (): Fwd => {
    const logits = heads.call(U);
    return {
      q: qe.call(U),
      qLow: qe.call(Ulow),
      qNoisy: qe.call(Unoise),
      logits,
      ell: unimodalLoss(logits, y, 'binary').perSample,
      ellNoisy: unimodalLoss(heads.call(Unoise), y, 'binary').perSample,
    };
  };

  it('estimator scores, head logits and per-sample losses match', () => {
    tf.tidy(() => {
      const f = forward();
      expect(worst(f.q.dataSync(), flat(fx.outputs.q))).toBeLessThanOrEqual(1);
      expect(worst(f.qLow.dataSync(), flat(fx.outputs.q_low))).toBeLessThanOrEqual(1);
      expect(worst(f.qNoisy.dataSync(), flat(fx.outputs.q_noise))).toBeLessThanOrEqual(1);
      expect(worst(f.logits.dataSync(), flat(fx.outputs.logits))).toBeLessThanOrEqual(1);
      expect(worst(f.ell.dataSync(), flat(fx.outputs.ell))).toBeLessThanOrEqual(1);
    });
  });

  const cases: Record<string, Case> = {
    low: (f) => ({ loss: lowQualityLoss(f.qLow) }),
    high: (f) => { const r = highQualityLoss(f.q, f.ell, fx.cases.high.options.theta, 0.95); return { loss: r.loss, diagnostics: { selectedFraction: r.selectedFraction } }; },
    high_none: (f) => { const r = highQualityLoss(f.q, f.ell, 0.01, 0.95); return { loss: r.loss, diagnostics: { selectedFraction: r.selectedFraction } }; },
    rank_all: (f) => { const r = rankLoss(f.q, f.ell, 0.1, 'all'); return { loss: r.loss, diagnostics: { hingeActive: r.hingeActive } }; },
    rank_within: (f) => { const r = rankLoss(f.q, f.ell, 0.1, 'withinModality'); return { loss: r.loss, diagnostics: { hingeActive: r.hingeActive } }; },
    noise: (f) => { const r = noiseRankLoss(f.qNoisy, f.q, 0.1); return { loss: r.loss, diagnostics: { hingeActive: r.hingeActive } }; },
    absolute_rank: (f) => ({ loss: absoluteQualityLoss(f.q, f.ell) }),
    absolute_noise: (f) => ({ loss: absoluteQualityLoss(f.qNoisy, f.ellNoisy) }),
    qe_total: (f) => ({ loss: qualityLosses({ q: f.q, qLow: f.qLow, qNoisy: f.qNoisy, ell: f.ell }, { theta: fx.cases.qe_total.options.theta, alpha: 0.95, mu: 0.1, rankPairs: 'all' }).total }),
    uni: (f) => ({ loss: unimodalLoss(f.logits, y, 'binary').loss }),
  };

  for (const [name, fn] of Object.entries(cases)) {
    it(`${name}: loss, diagnostics and gradients match`, () => {
      const exp = fx.cases[name];
      const vars = [U, Ulow, Unoise, ...qe.parameters(), ...heads.parameters()];
      const diag: Record<string, number> = {};
      const { value, grads } = tf.variableGrads(() => {
        const r = fn(forward());
        for (const [k, v] of Object.entries(r.diagnostics ?? {})) if (v) diag[k] = v.dataSync()[0];
        return r.loss;
      }, vars);
      expect(worst([value.dataSync()[0]], [exp.loss])).toBeLessThanOrEqual(1);
      for (const [k, v] of Object.entries(exp.diagnostics as Record<string, number>)) expect(diag[k]).toBeCloseTo(v, 6);
      const gIn: [tf.Variable, string][] = [[U, 'U'], [Ulow, 'U_low'], [Unoise, 'U_noise']];
      for (const [v, key] of gIn) {
        const e = exp.grads[key];
        const a = grads[v.name] ? Array.from(grads[v.name].dataSync()) : new Array(v.size).fill(0);
        expect(worst(a, e ? flat(e) : new Array(v.size).fill(0)), `${name} d/d${key}`).toBeLessThanOrEqual(1);
      }
      for (const [net, prefix] of [[qe.nets, 'qe.'], [heads.nets, 'heads.']] as const) {
        const got = multiMLPGrads(net, grads);
        for (const [k, a] of Object.entries(got)) {
          const e = exp.grads[prefix + k];
          expect(worst(a, e ? flat(e) : new Array(a.length).fill(0)), `${name} d/d${prefix}${k}`).toBeLessThanOrEqual(1);
        }
      }
      value.dispose();
      Object.values(grads).forEach((g) => g.dispose());
    });
  }
});
