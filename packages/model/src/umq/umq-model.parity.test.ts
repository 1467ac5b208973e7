import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '@umq/core';
import { UMQModel } from './umq-model';
import { preset } from '../presets';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';

type Nested = number | Nested[];
interface Golden {
  params: Record<string, Nested>;
  inputs: number[][][];
  logits: number[][];
  q: number[][];
  top_idx: number[][];
  top_w: number[][];
}

const golden = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/fixtures/model/golden_tiny.json'), 'utf8')) as Golden;

/** The reference's parameter names -> ours (our Linear weights are [in, out]: the transpose). */
function mapParams(M: number): Record<string, tf.Tensor> {
  const P = golden.params;
  const out: Record<string, tf.Tensor> = {};
  const t = (name: string) => tf.tensor(P[name] as number[][]);
  const linearT = (from: string, to: string) => {
    out[`${to}.weight`] = tf.transpose(t(`${from}.weight`));
    out[`${to}.bias`] = t(`${from}.bias`);
  };
  // per-modality (and per-expert) networks are stacked as the reference's MultiLinear: weight [G, in, out], bias [G, out]
  const stacked = (from: string, to: string) => {
    const b = t(`${from}.bias`);
    out[`${to}.weight`] = t(`${from}.weight`);
    out[`${to}.bias`] = tf.reshape(b, [b.shape[0], -1]);
    b.dispose();
  };
  for (let m = 0; m < M; m++) {
    linearT(`encoders.${m}.net.0`, `encoder${m}.net.l1`);
    linearT(`encoders.${m}.net.3`, `encoder${m}.net.l2`);
    out[`encoder${m}.ln.gamma`] = t(`encoders.${m}.ln.weight`);
    out[`encoder${m}.ln.beta`] = t(`encoders.${m}.ln.bias`);
  }
  for (const [from, to] of [['qe', 'qe.qe'], ['heads', 'heads.heads'], ['dec', 'decoupler.dec'], ['cpl', 'decoupler.cpl'], ['enh', 'enhancer.enh'], ['experts', 'moe.experts']]) {
    stacked(`${from}.l1`, `${to}.l1`);
    stacked(`${from}.l2`, `${to}.l2`);
  }
  stacked('k_proj', 'enhancer.keyProj');
  stacked('v_proj', 'enhancer.valueProj');
  out['baseline.movingAverage'] = t('b_bar');
  out['baseline.bias'] = t('e_bias');
  out['enhancer.query'] = t('query');
  linearT('fusion.0', 'fusion.l1');
  linearT('fusion.3', 'fusion.l2');
  linearT('gate', 'moe.gate.proj');
  linearT('predictor.0', 'predictor.l1');
  linearT('predictor.3', 'predictor.l2');
  return out;
}

describe('UMQModel parity with the PyTorch reference (golden_tiny.json)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('reproduces the reference evaluation outputs from the same parameters', () => {
    const model = new UMQModel({
      modalities: [4, 6, 3].map((dim, i) => ({ name: `m${i}`, kind: 'vector' as const, dim })),
      task: 'binary', outDim: 1, d: 8, numExperts: 4, topK: 2, dropout: 0,
      ...preset('spec').model, // the reference implements the spec's defaults
    });
    const state = mapParams(3);
    model.loadStateDict(state);
    tf.dispose(Object.values(state));
    const x = golden.inputs.map((a) => tf.tensor2d(a));
    const out = model.forward({ x, mask: [null, null, null], y: tf.zeros([5]) }, { training: false, computeLosses: false });
    const logits = out.logits.arraySync() as number[][];
    const q = out.quality!.arraySync() as number[][];
    const idx = out.routing!.topIndices.arraySync() as number[][];
    const w = out.routing!.topWeights.arraySync() as number[][];
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * Math.abs(b) + 1e-5);
    golden.logits.forEach((row, i) => row.forEach((v, j) => close(logits[i][j], v)));
    golden.q.forEach((row, m) => row.forEach((v, i) => close(q[m][i], v)));
    expect(idx).toEqual(golden.top_idx);
    golden.top_w.forEach((row, i) => row.forEach((v, j) => close(w[i][j], v)));
    tf.dispose([...x, out.logits, out.quality!, out.routing!.topIndices, out.routing!.topWeights, out.routing!.gate]);
    if (out.routing!.config) out.routing!.config.dispose();
    model.dispose();
  });
});
