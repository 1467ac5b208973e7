/**
 * PyTorch parity: outputs and gradients of sum(output * R) of our Conv1d, LayerNorm,
 * MultiHeadSelfAttention and TransformerEncoderLayer against torch (float64) with the same
 * weights. Fixtures: tools/fixtures/core-ops/make_fixtures.py.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, Conv1d, LayerNorm, MultiHeadSelfAttention, TransformerEncoderLayer, type Module } from '../index';
import { relError } from '../../../../tools/testing/grad-check';

interface Fixture {
  x: number[][][];
  mask: number[][];
  r: number[][][];
  out: number[][][];
  grad_x: number[][][];
  weights: Record<string, number[] | number[][] | number[][][]>;
  grads: Record<string, number[] | number[][] | number[][][]>;
}
const FIXTURES = (JSON.parse(readFileSync(new URL('../../../../tools/fixtures/core-ops/torch-parity.json', import.meta.url), 'utf8')) as { fixtures: Record<string, Fixture> }).fixtures;

/** Our state name for a torch parameter name, and the torch -> ours layout change. */
function toOurs(torchName: string): [string, (t: tf.Tensor) => tf.Tensor] {
  const id = (t: tf.Tensor) => t;
  const tr = (t: tf.Tensor) => tf.transpose(t);
  let name = torchName.replace(/^self_attn\./, 'selfAttn.').replace('in_proj_weight', 'inProj.weight').replace('in_proj_bias', 'inProj.bias').replace('out_proj.', 'outProj.');
  // LayerNorm weight/bias are gamma/beta in our LayerNorm.
  if (/^norm\d\.weight$/.test(name)) name = name.replace('weight', 'gamma');
  if (/^norm\d\.bias$/.test(name)) name = name.replace('bias', 'beta');
  const isMatrix = /(inProj|outProj|linear\d)\.weight$/.test(name);
  return [name, isMatrix ? tr : id];
}

function check(fx: Fixture, module: Module, rename: (n: string) => [string, (t: tf.Tensor) => tf.Tensor], forward: (x: tf.Tensor, mask: tf.Tensor) => tf.Tensor): void {
  const state: Record<string, tf.Tensor> = {};
  const back: Record<string, [string, (t: tf.Tensor) => tf.Tensor]> = {};
  for (const [k, v] of Object.entries(fx.weights)) {
    const [ours, f] = rename(k);
    state[ours] = f(tf.tensor(v as number[]));
    back[ours] = [k, f];
  }
  module.loadStateDict(state);
  const x = tf.variable(tf.tensor3d(fx.x));
  const mask = tf.tensor2d(fx.mask);
  const r = tf.tensor3d(fx.r);
  const vars = [x, ...module.parameters()];
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(x, mask), r)) as tf.Scalar, vars);
  const out = forward(x, mask);
  expect(relError(out.dataSync(), tf.tensor3d(fx.out).dataSync())).toBeLessThan(1e-5);
  expect(Math.abs(value.dataSync()[0])).toBeGreaterThan(0);
  expect(relError(grads[x.name].dataSync(), tf.tensor3d(fx.grad_x).dataSync())).toBeLessThan(1e-4);
  const named = Object.fromEntries(module.namedParameters());
  for (const [ours, [torchName, f]] of Object.entries(back)) {
    const g = grads[named[ours].name];
    const expected = f(tf.tensor(fx.grads[torchName] as number[]));
    const err = relError(g.dataSync(), expected.dataSync());
    expect(err, `${ours} (torch ${torchName})`).toBeLessThan(1e-4);
  }
  module.dispose();
  x.dispose();
}

describe('PyTorch parity (eval, dropout 0)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('Conv1d (K = 3 and K = 5; torch weight [O, C, K] -> ours [K, C, O])', () => {
    const conv = (t: tf.Tensor) => tf.transpose(t, [2, 1, 0]);
    for (const [key, c, o, k] of [['conv1d', 5, 6, 3], ['conv1d_k5', 4, 3, 5]] as const) {
      const m = new Conv1d({ inChannels: c, outChannels: o, kernelSize: k });
      check(FIXTURES[key], m, (n) => (n === 'weight' ? ['weight', conv] : ['bias', (t) => t]), (x) => m.call(x));
    }
  });

  it('LayerNorm', () => {
    const m = new LayerNorm({ features: 8 });
    check(FIXTURES.layer_norm, m, (n) => [n === 'weight' ? 'gamma' : 'beta', (t) => t], (x) => m.call(x));
  });

  it('MultiHeadSelfAttention with a key padding mask (lengths 5, 3, 1)', () => {
    const m = new MultiHeadSelfAttention({ dModel: 8, numHeads: 2 });
    check(FIXTURES.mha, m, toOurs, (x, mask) => m.call(x, mask).output);
  });

  it('TransformerEncoderLayer (post-norm, ReLU) with a key padding mask', () => {
    const m = new TransformerEncoderLayer({ dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0 });
    check(FIXTURES.encoder_layer, m, toOurs, (x, mask) => m.call(x, mask));
  });
});
