/**
 * Parity with the PyTorch reference (tools/fixtures/moe/make_moe.py, float64): output, every
 * loss and gradients w.r.t. inputs, gate and expert weights.
 * Tolerance: |a - b| <= 1e-5 · |b| + 1e-5 · max|b over the tensor| (combined rel/abs, the abs
 * part scaled to the tensor so tiny entries of a large gradient are judged against its size).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tf, initEngine } from '@umq/core';
import { MixtureOfExperts } from './index';

interface Case {
  name: string; B: number; d: number; M: number; E: number; k: number; hidden: number; out: number;
  renormalize: boolean; gamma: number; rho: number; x: number[]; side: number[] | null; kappa: number[];
  kappaCols: number; probe: number[];
  weights: Record<'gate_w' | 'gate_b' | 'e1_w' | 'e1_b' | 'e2_w' | 'e2_b', number[]>;
  expected: { logits: number[]; probs: number[]; topIndices: number[]; topWeights: number[]; output: number[]; counts: number[]; importance: number[]; losses: Record<string, number> };
  grads: Record<string, Record<string, number[]>>;
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../tools/fixtures/moe/moe_parity.json', import.meta.url)), 'utf8')) as { cases: Case[] };

const REL = 1e-5;
function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  for (let i = 0; i < expected.length; i++) {
    const tol = REL * Math.abs(expected[i]) + REL * scale;
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tol ${tol.toExponential(2)})`);
    }
  }
}

function build(c: Case, dispatch: 'dense' | 'sparse'): MixtureOfExperts {
  const moe = new MixtureOfExperts({
    inFeatures: c.d, sideFeatures: c.M, numExperts: c.E, topK: c.k, expertHidden: c.hidden, outFeatures: c.out,
    renormalize: c.renormalize, gamma: c.gamma, rho: c.rho, dispatch, seed: 1,
  });
  const state: Record<string, tf.Tensor> = {
    'gate.proj.weight': tf.tensor(c.weights.gate_w, [c.d + c.M, c.E]),
    'gate.proj.bias': tf.tensor(c.weights.gate_b, [c.E]),
  };
  state['experts.l1.weight'] = tf.tensor(c.weights.e1_w, [c.E, c.d, c.hidden]);
  state['experts.l1.bias'] = tf.tensor(c.weights.e1_b, [c.E, c.hidden]);
  state['experts.l2.weight'] = tf.tensor(c.weights.e2_w, [c.E, c.hidden, c.out]);
  state['experts.l2.bias'] = tf.tensor(c.weights.e2_b, [c.E, c.out]);
  moe.loadStateDict(state);
  tf.dispose(Object.values(state));
  return moe;
}

const LOSSES = ['balance', 'variance', 'config', 'push', 'importance', 'load', 'switch', 'zLoss'] as const;

describe('MixtureOfExperts parity with the PyTorch reference', () => {
  beforeAll(async () => {
    await initEngine();
  });

  for (const c of fixture.cases) {
    for (const dispatch of ['dense', 'sparse'] as const) {
      it(`${c.name} (${dispatch}): routing, output and every loss`, () => {
        const moe = build(c, dispatch);
        const x = tf.tensor2d(c.x, [c.B, c.d]);
        const side = c.side ? tf.tensor2d(c.side, [c.B, c.M]) : undefined;
        const kappa = tf.tensor2d(c.kappa, [c.B, c.kappaCols]);
        const r = moe.call(x, { side, config: kappa });
        expectClose(r.routing.logits.dataSync(), c.expected.logits, 'logits');
        expectClose(r.routing.probs.dataSync(), c.expected.probs, 'probs');
        expect(Array.from(r.routing.experts.dataSync())).toEqual(c.expected.topIndices);
        expectClose(r.routing.weights.dataSync(), c.expected.topWeights, 'topWeights');
        expectClose(r.output.dataSync(), c.expected.output, 'output');
        expectClose(r.routing.load.dataSync(), c.expected.counts, 'load');
        expectClose(r.routing.importance.dataSync(), c.expected.importance, 'importance');
        for (const l of LOSSES) expectClose(r.losses![l]!.dataSync(), [c.expected.losses[l]], `loss ${l}`);
        const e = c.expected.losses;
        expectClose(r.losses!.total.dataSync(), [e.balance + e.variance + e.config], 'total (default weights)');
        expect(r.routing.dispatch).toBe(dispatch);
        tf.dispose([x, side, kappa, r as unknown as tf.TensorContainer]);
        moe.dispose();
      });
    }

    const targets = ['output', ...LOSSES.filter((l) => l !== 'load')] as const;
    for (const target of targets) {
      it(`${c.name}: gradients of ${target} (dense and sparse)`, () => {
        for (const dispatch of ['dense', 'sparse'] as const) {
          const moe = build(c, dispatch);
          const x = tf.variable(tf.tensor2d(c.x, [c.B, c.d]));
          const side = c.side ? tf.variable(tf.tensor2d(c.side, [c.B, c.M])) : null;
          const kappa = tf.tensor2d(c.kappa, [c.B, c.kappaCols]);
          const probe = tf.tensor2d(c.probe, [c.B, c.out]);
          const vars: Record<string, tf.Variable> = { x, gate_w: moe.gate.proj.weight, gate_b: moe.gate.proj.bias! };
          if (side) vars.side = side;
          const expertVars = moe.experts.namedParameters();
          const { grads } = tf.variableGrads(() => {
            const r = moe.call(x, { side: side ?? undefined, config: kappa });
            if (target === 'output') return tf.sum(tf.mul(r.output, probe)) as tf.Scalar;
            return r.losses![target]!;
          }, [...Object.values(vars), ...expertVars.map(([, v]) => v)]);
          const exp = c.grads[target];
          const get = (v: tf.Variable) => grads[v.name]?.dataSync() ?? new Float32Array(v.size);
          for (const [n, v] of Object.entries(vars)) expectClose(get(v), exp[n], `${dispatch} d${target}/d${n}`);
          // expert weights: stored in the reference's stacked [E, ...] layout
          for (const [key, param] of [['e1_w', 'l1.weight'], ['e1_b', 'l1.bias'], ['e2_w', 'l2.weight'], ['e2_b', 'l2.bias']] as const) {
            expectClose(get(expertVars.find(([n]) => n === param)![1]), exp[key], `${dispatch} d${target}/d${key}`);
          }
          tf.dispose([kappa, probe, ...Object.values(grads)]);
          x.dispose();
          side?.dispose();
          moe.dispose();
        }
      });
    }
  }
});
