/**
 * Parity with the PyTorch reference (tools/fixtures/enhancer/make_enhancer.py): decoupling
 * losses (Eq 2-6) with gradients, the baseline EMA (Eq 7), the enhancer's attention context
 * and output (Eq 8) under every option with gradients, and L_enh (Eq 22) with gradients.
 * Tolerance: |a - b| <= 1e-5 (|b| + max(1e-2, 0.01 max|b|)) (float32 here vs float64 there;
 * see tools/testing/parity.ts `worst`).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, Rng } from '@umq/core';
import { ModalityDecoupler } from './decoupler';
import { ModalityBaseline } from './baseline';
import { QualityEnhancer, type QualityEnhancerOptions } from './quality-enhancer';
import { enhancerLoss } from './enhancer-loss';
import type { ModalityLinears } from '@umq/core';
import { loadFixture, flat, t, worst, loadMultiMLP, multiMLPGrads } from '../../../tools/testing/parity';

const fx = loadFixture('enhancer/enhancer_parity.json');
const { M, d } = fx;

function loadLinears(lin: ModalityLinears, p: Record<string, any>, prefix: string): void {
  lin.weight.assign(t(p[`${prefix}weight`]));
  lin.bias!.assign(tf.reshape(t(p[`${prefix}bias`]), lin.bias!.shape));
}
function linearGrads(lin: ModalityLinears, grads: Record<string, tf.Tensor>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of [['weight', lin.weight], ['bias', lin.bias!]] as const) out[k] = grads[v.name] ? Array.from(grads[v.name].dataSync()) : new Array(v.size).fill(0);
  return out;
}
const close = (a: ArrayLike<number>, e: any, label: string) => expect(worst(a, e == null ? new Array(a.length).fill(0) : flat(e)), label).toBeLessThanOrEqual(1);

describe('@umq/enhancer parity with the PyTorch reference', () => {
  beforeAll(async () => {
    await initEngine();
  });

  describe('ModalityDecoupler (Eq 2-6)', () => {
    let dec: ModalityDecoupler;
    let U: tf.Variable;
    beforeAll(() => {
      dec = new ModalityDecoupler({ modalities: M, features: d, seed: 3 });
      loadMultiMLP(dec.decoder, fx.decoupler.params, 'dec.');
      loadMultiMLP(dec.coupler, fx.decoupler.params, 'cpl.');
      U = tf.variable(t(fx.decoupler.U));
    });

    it('s, c and the reconstruction match', () => {
      tf.tidy(() => {
        const r = dec.call(U);
        close(r.s.dataSync(), fx.decoupler.S, 's');
        close(r.c.dataSync(), fx.decoupler.C, 'c');
        close(r.reconstruction!.dataSync(), fx.decoupler.U_rec, 'uRec');
      });
    });

    for (const name of ['delta_0.2', 'delta_mid']) {
      it(`${name}: every term, its input gradient, L_dec and all its gradients match`, () => {
        const exp = fx.decoupler.cases[name];
        const delta = exp.delta;
        const dm = new ModalityDecoupler({ modalities: M, features: d, delta, seed: 3 });
        loadMultiMLP(dm.decoder, fx.decoupler.params, 'dec.');
        loadMultiMLP(dm.coupler, fx.decoupler.params, 'cpl.');
        for (const term of ['orth', 'mi', 'spec', 'rec'] as const) {
          const { value, grads } = tf.variableGrads(() => {
            const l = dm.call(U).losses!;
            return tf.sum(l[term]) as tf.Scalar;
          }, [U]);
          tf.tidy(() => {
            close(dm.call(U).losses![term].dataSync(), exp[term], `${name} ${term}`);
          });
          close(grads[U.name].dataSync(), exp[`grad_U_${term}`], `${name} d${term}/dU`);
          value.dispose();
          Object.values(grads).forEach((g) => g.dispose());
        }
        let active = NaN;
        const { value, grads } = tf.variableGrads(() => {
          const l = dm.call(U).losses!;
          active = l.miHingeActive.dataSync()[0];
          return l.total;
        }, [U, ...dm.parameters()]);
        close([value.dataSync()[0]], exp.total, 'L_dec');
        expect(active).toBeCloseTo(exp.miHingeActive, 6);
        close(grads[U.name].dataSync(), exp.grads.U, 'dL/dU');
        for (const [net, prefix] of [[dm.decoder, 'dec.'], [dm.coupler, 'cpl.']] as const) {
          for (const [k, a] of Object.entries(multiMLPGrads(net, grads))) close(a, exp.grads[prefix + k], `dL/d${prefix}${k}`);
        }
        value.dispose();
        Object.values(grads).forEach((g) => g.dispose());
        dm.dispose();
      });
    }
  });

  it('ModalityBaseline (Eq 7): two training updates of the EMA and b = b̄ + e match; eval does not update', () => {
    const bl = new ModalityBaseline({ modalities: M, features: d, beta: fx.baseline.beta });
    bl.loadStateDict({ movingAverage: t(fx.baseline.b_bar0), bias: t(fx.baseline.e) });
    const rng = new Rng(0);
    fx.baseline.C.forEach((c: any, i: number) => {
      const b = bl.call(t(c), { training: true, rng });
      close(bl.movingAverage.dataSync(), fx.baseline.after[i].b_bar, `b̄ after update ${i}`);
      close(b.dataSync(), fx.baseline.after[i].b, `b after update ${i}`);
    });
    const before = Array.from(bl.movingAverage.dataSync());
    bl.call(t(fx.baseline.C[0]));
    expect(Array.from(bl.movingAverage.dataSync())).toEqual(before);
    bl.dispose();
  });

  describe('QualityEnhancer (Eq 8) and enhancerLoss (Eq 22)', () => {
    const inputs: Record<string, tf.Variable> = {};
    beforeAll(() => {
      for (const [k, v] of Object.entries(fx.enhancer.inputs)) inputs[k] = tf.variable(t(v as any));
    });
    const optionsOf = (over: Record<string, boolean>): Partial<QualityEnhancerOptions> => ({
      keyValueProjection: over.enh_kv_proj ?? true,
      qualityWeightedKeys: over.enh_quality_keys ?? false,
      sampleSpecificKeys: over.use_sample_specific ?? true,
      modalitySpecificKey: over.use_modality_specific ?? true,
      residual: over.enh_residual ?? false,
    });
    const build = (over: Record<string, boolean>): QualityEnhancer => {
      const e = new QualityEnhancer({ modalities: M, features: d, seed: 5, ...optionsOf(over) });
      e.query.assign(t(fx.enhancer.params.query));
      if (e.keyProjection) loadLinears(e.keyProjection, fx.enhancer.params, 'keyProj.');
      if (e.valueProjection) loadLinears(e.valueProjection, fx.enhancer.params, 'valueProj.');
      loadMultiMLP(e.mlp, fx.enhancer.params, 'enh.');
      return e;
    };
    const checkGrads = (e: QualityEnhancer, grads: Record<string, tf.Tensor>, exp: Record<string, any>, label: string) => {
      for (const k of ['U', 'S', 'q', 'b', 'U_noise', 'q_noise']) {
        const v = inputs[k];
        close(grads[v.name] ? grads[v.name].dataSync() : new Array(v.size).fill(0), exp[k], `${label} d/d${k}`);
      }
      close(grads[e.query.name].dataSync(), exp.query, `${label} d/dquery`);
      if (e.keyProjection) for (const [k, a] of Object.entries(linearGrads(e.keyProjection, grads))) close(a, exp[`keyProj.${k}`], `${label} d/dkeyProj.${k}`);
      if (e.valueProjection) for (const [k, a] of Object.entries(linearGrads(e.valueProjection, grads))) close(a, exp[`valueProj.${k}`], `${label} d/dvalueProj.${k}`);
      for (const [k, a] of Object.entries(multiMLPGrads(e.mlp, grads))) close(a, exp[`enh.${k}`], `${label} d/denh.${k}`);
    };

    for (const name of Object.keys(fx.enhancer.variants)) {
      it(`${name}: context, output and gradients match`, () => {
        const exp = fx.enhancer.variants[name];
        const e = build(exp.options);
        const keys = exp.options.use_decoupling === false ? inputs.U : inputs.S;
        const G = t(fx.enhancer.G);
        const vars = [...Object.values(inputs), ...e.parameters()];
        const { value, grads } = tf.variableGrads(() => {
          const r = e.call({ u: inputs.U, q: inputs.q, keys, baseline: inputs.b });
          close(r.context.dataSync(), exp.z, `${name} z`);
          close(r.output.dataSync(), exp.output, `${name} output`);
          return tf.sum(tf.mul(r.output, G)) as tf.Scalar;
        }, vars);
        checkGrads(e, grads, exp.grads, name);
        value.dispose();
        G.dispose();
        Object.values(grads).forEach((g) => g.dispose());
        e.dispose();
      });
    }

    for (const name of Object.keys(fx.enhancer.loss)) {
      it(`L_enh ${name}: loss, selected fraction and gradients match`, () => {
        const exp = fx.enhancer.loss[name];
        const e = build({});
        let frac = NaN;
        const { value, grads } = tf.variableGrads(() => {
          const { context } = e.attend(inputs.S, inputs.q, inputs.b);
          const out = e.enhance(inputs.U_noise, inputs.q_noise, context);
          const r = enhancerLoss(out, inputs.U, inputs.q, exp.tau);
          frac = r.selectedFraction.dataSync()[0];
          return r.loss;
        }, [...Object.values(inputs), ...e.parameters()]);
        close([value.dataSync()[0]], exp.loss, `${name} L_enh`);
        expect(frac).toBeCloseTo(exp.selectedFraction, 6);
        checkGrads(e, grads, exp.grads, name);
        value.dispose();
        Object.values(grads).forEach((g) => g.dispose());
        e.dispose();
      });
    }
  });
});
