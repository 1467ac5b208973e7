/**
 * Training-mode parity with the PyTorch reference (tools/fixtures/model/make_train_parity.py):
 * the same parameters, inputs and random draws give every loss term of Eq 16-23 within 1e-5
 * relative (float32 here, float64 there) plus 1e-7 absolute: L_cfg (Eq 14) averages
 * 1 - cos(g_i, g_j) over pairs whose gates nearly agree, and float32 resolves a cosine near 1
 * to about 6e-8 (measured: 3.4e-8 off on L_cfg = 2.3e-3, every other term within 2e-7
 * relative). The beyond-paper terms against hand-computed values from the reference's own q,
 * q(AddNoise(u)), head and fused logits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, Rng } from '@umq/core';
import { UMQModel, type UMQModelOptions } from './umq-model';
import type { TrainingNoisePart } from './training-noise';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import { referenceParams } from '../../test/reference-params';

type Nested = number | Nested[];
interface Fixture {
  config: { dims: number[]; d: number; n_experts: number; top_k: number; theta: number };
  params: Record<string, Nested>;
  inputs: number[][][];
  y: number[];
  draws: { pure_noise: number[][][]; noise_rank: { rate: number[][]; eps: number[][][] }; enhancer: { rate: number[][]; eps: number[][][] } };
  terms: Record<string, number>;
  q: number[][];
  q_noise: number[][];
  head_logits: number[][][];
  logits: number[][];
  b_bar_after: number[][];
}

const fx = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/fixtures/model/train_parity.json'), 'utf8')) as Fixture;
const M = fx.config.dims.length;
const B = fx.y.length;

/** The fixture's draws in place of the model's own (the injection point of the noise source). */
const fixtureNoise: TrainingNoisePart = {
  draw(u, _rng, withPureNoise) {
    const copy = (c: { rate: number[][]; eps: number[][][] }) => {
      const rate = tf.tensor2d(c.rate); // [M, B]
      const r = tf.expandDims(rate, -1);
      return { u: tf.add(tf.mul(tf.sub(1, r), u), tf.mul(r, tf.tensor3d(c.eps))), rate };
    };
    return { pureNoise: withPureNoise ? tf.tensor3d(fx.draws.pure_noise) : null, forNoiseRank: copy(fx.draws.noise_rank), forEnhancer: copy(fx.draws.enhancer) };
  },
};

function build(extra: Partial<UMQModelOptions> = {}): UMQModel {
  const model = new UMQModel({
    modalities: fx.config.dims.map((dim, i) => ({ name: `m${i}`, kind: 'vector' as const, dim })),
    task: 'binary', outDim: 1, d: fx.config.d, dropout: 0, preset: 'spec',
    moe: { numExperts: fx.config.n_experts, topK: fx.config.top_k }, ...extra,
    quality: { theta: fx.config.theta, ...extra.quality },
    components: { trainingNoise: fixtureNoise },
  });
  const state = referenceParams(fx.params, M);
  state['baseline.movingAverage'].dispose();
  state['baseline.movingAverage'] = tf.tensor2d(fx.params.b_bar as number[][]);
  model.loadStateDict(state);
  tf.dispose(Object.values(state));
  return model;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
/** Within 1e-5 relative plus float32's resolution of a cosine near 1 (see the file comment). */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.abs(b) + 1e-7;
/** Binary cross-entropy of a logit z against a label t, in its stable closed form. */
const bceLogit = (z: number, t: number) => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
/** A known training quality `[M][B]` with all three kinds of value: 0, 0.5, 1. */
const TRUTH = Array.from({ length: M }, (_, m) => Array.from({ length: B }, (_, i) => ((m * B + i) % 3) / 2));

/** One training forward of `model` on the fixture's inputs with {@link TRUTH} as the batch's quality; `dispose` frees it all, the model too. */
function forwardWithTruth(model: UMQModel) {
  const x = fx.inputs.map((a) => tf.tensor2d(a));
  const y = tf.tensor1d(fx.y);
  const quality = tf.tensor2d(TRUTH);
  const out = model.forward({ x, mask: [null, null, null], y, quality }, { training: true, rng: new Rng(1), losses: 'all' });
  const dispose = () => {
    tf.dispose([out.logits, out.loss!, ...Object.values(out.terms), out.quality!, out.routing!.topIndices, out.routing!.topWeights, out.routing!.gate, out.routing!.config!, ...x, y, quality]);
    model.dispose();
  };
  return { out, dispose };
}

describe('UMQModel training-mode parity with the PyTorch reference (train_parity.json)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('every loss term of Eq 16-23 and the objective, within 1e-5 relative; the EMA updates as the reference', () => {
    const model = build();
    const x = fx.inputs.map((a) => tf.tensor2d(a));
    const y = tf.tensor1d(fx.y);
    const before = tf.memory().numTensors;
    const out = model.forward({ x, mask: [null, null, null], y }, { training: true, rng: new Rng(1), losses: 'all' });
    const ours: Record<string, number> = Object.fromEntries(Object.entries(out.terms).map(([k, v]) => [k, v.dataSync()[0]]));
    ours.L_total = out.loss!.dataSync()[0];
    for (const [k, want] of Object.entries(fx.terms)) {
      expect(ours[k], `${k} is reported`).toBeDefined();
      expect(close(ours[k], want), `${k}: ${ours[k]} vs reference ${want} (relative ${rel(ours[k], want)})`).toBe(true);
    }
    const ema = model.stateDict()['baseline.movingAverage'].arraySync() as number[][];
    fx.b_bar_after.forEach((row, m) => row.forEach((v, j) => expect(Math.abs(ema[m][j] - v)).toBeLessThan(1e-6)));
    tf.dispose([out.logits, out.loss!, ...Object.values(out.terms), out.quality!, out.routing!.topIndices, out.routing!.topWeights, out.routing!.gate, out.routing!.config!]);
    model.clearCaches(); // no gradient was recorded: the experts kept their regrouped weight
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...x, y]);
    model.dispose();
  });

  it('the beyond-paper terms: L_qsup, L_fused and the late path against hand-computed values', () => {
    const model = build({ quality: { supervision: 'rank+corruption' }, lateFusion: { weighting: 'quality' }, lossWeights: { fusedPath: 0.5, qualitySupervision: 2 } });
    const { out, dispose } = forwardWithTruth(model);
    const v = (k: string) => out.terms[k].dataSync()[0];
    // L_qsup = mean (q - truth)² + mean (q(AddNoise(u)) - truth (1 - r))²
    let a = 0;
    let b = 0;
    for (let m = 0; m < M; m++) {
      for (let i = 0; i < B; i++) {
        a += (fx.q[m][i] - TRUTH[m][i]) ** 2;
        b += (fx.q_noise[m][i] - TRUTH[m][i] * (1 - fx.draws.noise_rank.rate[m][i])) ** 2;
      }
    }
    const qsup = (a + b) / (M * B);
    expect(rel(v('L_qsup'), qsup)).toBeLessThan(1e-5);
    // the fused path alone is the reference's prediction: L_fused is its task loss
    expect(rel(v('L_fused'), fx.terms.L_task)).toBeLessThan(1e-5);
    // the prediction adds Σ_m (q_m / Σ_n q_n) P_m(u_m) to it; L_task is BCE on that
    let task = 0;
    for (let i = 0; i < B; i++) {
      const qs = fx.q.map((row) => row[i]);
      const sum = qs.reduce((s, q) => s + q, 0) + 1e-6;
      const z = fx.logits[i][0] + qs.reduce((s, q, m) => s + (q / sum) * fx.head_logits[m][i][0], 0);
      task += bceLogit(z, fx.y[i]) / B;
    }
    expect(rel(v('L_task'), task)).toBeLessThan(1e-5);
    // and the objective adds them with their weights to the spec's terms
    const rest = fx.terms.L_total - fx.terms.L_task;
    expect(rel(out.loss!.dataSync()[0], task + 0.5 * fx.terms.L_task + 2 * qsup + rest)).toBeLessThan(1e-5);
    dispose();
  });

  it("L_qsup with supervisionLoss 'cross-entropy': the soft-target BCE of q and of q(AddNoise(u)), against hand-computed values", () => {
    const model = build({ quality: { supervision: 'rank+corruption', supervisionLoss: 'cross-entropy' } });
    const { out, dispose } = forwardWithTruth(model);
    const bce = (q: number, t: number) => -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
    let a = 0;
    let b = 0;
    for (let m = 0; m < M; m++) {
      for (let i = 0; i < B; i++) {
        a += bce(fx.q[m][i], TRUTH[m][i]);
        b += bce(fx.q_noise[m][i], TRUTH[m][i] * (1 - fx.draws.noise_rank.rate[m][i]));
      }
    }
    expect(rel(out.terms.L_qsup.dataSync()[0], (a + b) / (M * B))).toBeLessThan(1e-5);
    dispose();
  });

  it("L_uni with headWeighting 'true-quality': the heads' losses weighted by the true quality, against hand-computed values", () => {
    const model = build({ encoders: { headWeighting: 'true-quality' } });
    const { out, dispose } = forwardWithTruth(model);
    let num = 0;
    let den = 0;
    let plain = 0;
    for (let m = 0; m < M; m++) {
      for (let i = 0; i < B; i++) {
        const l = bceLogit(fx.head_logits[m][i][0], fx.y[i]);
        num += TRUTH[m][i] * l;
        den += TRUTH[m][i];
        plain += l / (M * B);
      }
    }
    const uni = out.terms.L_uni.dataSync()[0];
    expect(rel(uni, num / den)).toBeLessThan(1e-5);
    expect(Math.abs(uni - plain)).toBeGreaterThan(1e-3); // not the uniform mean
    dispose();
  });
});
