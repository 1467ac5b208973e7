import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initEngine, Rng, MLP, OptionError, ShapeError } from '@umq/core';
import { MixtureOfExperts, ExpertList, type MixtureOfExpertsOptions, type MoELosses } from './index';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};
const base: MixtureOfExpertsOptions = { inFeatures: 6, sideFeatures: 2, numExperts: 5, topK: 2, seed: 3 };

describe('MixtureOfExperts', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("losses 'weighted' gives the same total and the weighted terms without computing the zero-weighted ones; 'none' computes none (same output, no leak)", () => {
    const moe = new MixtureOfExperts({ ...base, lossWeights: { switch: 0.5 } });
    const x = tf.randomNormal([9, 6], 0, 1, 'float32', 1);
    const side = tf.randomUniform([9, 2], 0, 1, 'float32', 2);
    const config = tf.tensor2d(Array.from({ length: 18 }, (_, i) => (i % 3 === 0 ? 1 : 0)), [9, 2]);
    const before = tf.memory().numTensors;
    const all = moe.call(x, { side, config });
    const weighted = moe.call(x, { side, config, losses: 'weighted' });
    const none = moe.call(x, { side, config, losses: 'none' });
    close(weighted.losses!.total.dataSync(), all.losses!.total.dataSync());
    for (const k of ['balance', 'variance', 'config', 'switch'] as const) close(weighted.losses![k]!.dataSync(), all.losses![k]!.dataSync());
    for (const k of ['push', 'importance', 'load', 'zLoss'] as const) expect(weighted.losses![k], k).toBeNull();
    expect(none.losses).toBeNull();
    close(none.output.dataSync(), all.output.dataSync());
    const owned = (r: typeof all) => [r.output, ...Object.values(r.losses ?? {}).filter((t): t is tf.Scalar => t !== null), r.routing.probs, r.routing.logits, r.routing.experts, r.routing.weights, r.routing.load, r.routing.importance];
    tf.dispose([...owned(all), ...owned(weighted), ...owned(none)]);
    moe.clearCaches(); // the experts' regrouped weight, kept for the next inference call
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, side, config]);
  });

  it('sparse dispatch equals dense (output and gradients), with mask and capacity', () => {
    for (const extra of [{}, { capacityFactor: 1.0 }] as Partial<MixtureOfExpertsOptions>[]) {
      const dense = new MixtureOfExperts({ ...base, ...extra, dispatch: 'dense' });
      const sparse = new MixtureOfExperts({ ...base, ...extra, dispatch: 'sparse' });
      const x = tf.randomNormal([9, 6], 0, 1, 'float32', 1);
      const side = tf.randomUniform([9, 2], 0, 1, 'float32', 2);
      const mask = [1, 1, 0, 1, 1, 1, 0, 1, 1];
      const f = (m: MixtureOfExperts) => () => {
        const r = m.call(x, { side, mask });
        return tf.add(tf.sum(tf.square(r.output)), r.losses!.total) as tf.Scalar;
      };
      const gd = tf.variableGrads(f(dense), dense.parameters());
      const gs = tf.variableGrads(f(sparse), sparse.parameters());
      close(gs.value.dataSync(), gd.value.dataSync());
      const dn = dense.namedParameters();
      const sn = sparse.namedParameters();
      dn.forEach(([n, v], i) => {
        expect(sn[i][0]).toBe(n);
        close(gs.grads[sn[i][1].name].dataSync(), gd.grads[v.name].dataSync());
      });
      tf.dispose([x, side, gd.value, gs.value, ...Object.values(gd.grads), ...Object.values(gs.grads)]);
      dense.dispose();
      sparse.dispose();
    }
  });

  it('masked rows output zero and are left out of every statistic and loss', () => {
    const moe = new MixtureOfExperts({ ...base, lossWeights: { push: 1, importance: 1, load: 1, switch: 1, zLoss: 1 } });
    const x = tf.randomNormal([6, 6], 0, 1, 'float32', 5);
    const side = tf.randomUniform([6, 2], 0, 1, 'float32', 6);
    const config = [[1, 0], [1, 0], [0, 1], [1, 0], [0, 1], [1, 1]];
    const keep = [0, 1, 3, 4];
    const full = moe.call(x, { side, config, mask: tf.tensor1d([1, 1, 0, 1, 1, 0]) });
    const xs = tf.gather(x, keep);
    const ss = tf.gather(side, keep);
    const sub = moe.call(xs, { side: ss, config: keep.map((i) => config[i]) });
    const out = full.output.arraySync() as number[][];
    expect(out[2].every((v) => v === 0) && out[5].every((v) => v === 0)).toBe(true);
    close(tf.gather(full.output, keep).dataSync(), sub.output.dataSync());
    for (const k of Object.keys(sub.losses!) as (keyof MoELosses)[]) close(full.losses![k]!.dataSync(), sub.losses![k]!.dataSync());
    close(full.routing.load.dataSync(), sub.routing.load.dataSync());
    close(full.routing.importance.dataSync(), sub.routing.importance.dataSync());
    expect(Array.from(full.routing.weights.dataSync()).slice(4, 6)).toEqual([0, 0]);
    tf.dispose([x, side, xs, ss, full as unknown as tf.TensorContainer, sub as unknown as tf.TensorContainer]);
    moe.dispose();
  });

  it('capacity: no expert takes more than ceil(cf k N / E) rows; drops are counted', () => {
    const moe = new MixtureOfExperts({ ...base, capacityFactor: 0.5, dispatch: 'sparse' });
    const x = tf.randomNormal([20, 6], 0, 1, 'float32', 7);
    const side = tf.zeros([20, 2]);
    const r = moe.call(x, { side });
    const cap = Math.ceil((0.5 * 2 * 20) / 5);
    const load = Array.from(r.routing.load.dataSync());
    expect(Math.max(...load)).toBeLessThanOrEqual(cap);
    expect(load.reduce((a, b) => a + b, 0) + r.routing.dropped).toBe(40);
    expect(r.routing.dropped).toBeGreaterThan(0);
    tf.dispose([x, side, r as unknown as tf.TensorContainer]);
    moe.dispose();
  });

  it('noisy gating: eval is deterministic and clean; training is seeded by ctx.rng; smooth load has gradients', () => {
    const moe = new MixtureOfExperts({ ...base, noisyGating: true, lossWeights: { load: 1 } });
    const x = tf.randomNormal([8, 6], 0, 1, 'float32', 9);
    const side = tf.randomUniform([8, 2], 0, 1, 'float32', 10);
    const e1 = moe.call(x, { side });
    const clean = moe.gate.proj.call(tf.concat([x, side], 1));
    close(e1.routing.logits.dataSync(), clean.dataSync());
    const t1 = moe.call(x, { side, ctx: { training: true, rng: new Rng(1) } });
    const t2 = moe.call(x, { side, ctx: { training: true, rng: new Rng(1) } });
    const t3 = moe.call(x, { side, ctx: { training: true, rng: new Rng(2) } });
    expect(Array.from(t1.routing.logits.dataSync())).toEqual(Array.from(t2.routing.logits.dataSync()));
    expect(Array.from(t1.routing.logits.dataSync())).not.toEqual(Array.from(t3.routing.logits.dataSync()));
    expect(() => moe.call(x, { side, ctx: { training: true } })).toThrow(OptionError);
    const { grads } = tf.variableGrads(() => moe.call(x, { side, ctx: { training: true, rng: new Rng(4) } }).losses!.load!, [moe.gate.noiseWeight!, moe.gate.proj.weight]);
    expect(tf.max(tf.abs(grads[moe.gate.noiseWeight!.name])).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.max(tf.abs(grads[moe.gate.proj.weight.name])).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, side, clean, e1, t1, t2, t3, grads] as unknown as tf.TensorContainer);
    moe.dispose();
  });

  it('a training step leaks no tensors and lowers the loss (dense, sparse, noisy)', () => {
    for (const extra of [{ dispatch: 'dense' }, { dispatch: 'sparse', noisyGating: true }] as Partial<MixtureOfExpertsOptions>[]) {
      const moe = new MixtureOfExperts({ ...base, ...extra });
      const x = tf.randomNormal([16, 6], 0, 1, 'float32', 11);
      const side = tf.randomUniform([16, 2], 0, 1, 'float32', 12);
      const y = tf.sum(x, 1, true);
      const opt = tf.train.adam(0.02);
      const rng = new Rng(5);
      const loss = () => {
        const r = moe.call(x, { side, config: tf.tidy(() => tf.greater(side, 0.5)), ctx: { training: true, rng } });
        return tf.add(tf.mean(tf.square(tf.sub(tf.slice(r.output, [0, 0], [-1, 1]), y))), tf.mul(r.losses!.total, 0.01)) as tf.Scalar;
      };
      const first = (opt.minimize(loss, true, moe.parameters()) as tf.Scalar);
      const l0 = first.dataSync()[0];
      first.dispose();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 30; i++) opt.minimize(loss, false, moe.parameters());
      expect(tf.memory().numTensors).toBe(before);
      const last = opt.minimize(loss, true, moe.parameters()) as tf.Scalar;
      expect(last.dataSync()[0]).toBeLessThan(l0);
      tf.dispose([x, side, y, last]);
      opt.dispose();
      moe.dispose();
    }
  });

  it('injects custom experts and serialises its config', () => {
    const moe = new MixtureOfExperts({ inFeatures: 4, numExperts: 3, topK: 1, outFeatures: 2, experts: (_i, seed) => new MLP({ inFeatures: 4, hidden: 7, outFeatures: 2, seed }) });
    expect((moe.experts as ExpertList).at(0).namedParameters()[0][1].shape).toEqual([4, 7]);
    expect(MixtureOfExperts.className).toBe('umq.MixtureOfExperts');
    const cfg = moe.getConfig();
    expect(cfg).toMatchObject({ inFeatures: 4, numExperts: 3, topK: 1, customExperts: true, dispatch: 'auto' });
    const again = tf.serialization.SerializationMap.getMap().classNameMap['umq.MixtureOfExperts'];
    const rebuilt = again[1](again[0], cfg) as MixtureOfExperts;
    expect(rebuilt.getConfig()).toMatchObject({ inFeatures: 4, numExperts: 3, topK: 1, outFeatures: 2 });
    expect(rebuilt.resolvedDispatch()).toBe('sparse');
    const r = rebuilt.call(tf.ones([3, 4]));
    expect(r.output.shape).toEqual([3, 2]);
    tf.dispose(r as unknown as tf.TensorContainer);
    moe.dispose();
    rebuilt.dispose();
  });

  it('rejects bad input with named errors', () => {
    const moe = new MixtureOfExperts(base);
    expect(() => moe.call(tf.ones([2, 5]), { side: tf.ones([2, 2]) })).toThrow(ShapeError);
    expect(() => moe.call(tf.ones([2, 6]))).toThrow(/sideFeatures = 2/);
    expect(() => moe.call(tf.ones([2, 6]), { side: tf.ones([2, 3]) })).toThrow(ShapeError);
    expect(() => moe.call(tf.ones([2, 6]), { side: tf.ones([2, 2]), mask: [1] })).toThrow(/one entry per row/);
    expect(() => moe.call(tf.ones([2, 6]), { side: tf.ones([2, 2]), config: [[1]] })).toThrow(ShapeError);
    expect(() => new MixtureOfExperts({ inFeatures: 4, numExperts: 3, topK: 4 })).toThrow(OptionError);
    expect(() => new MixtureOfExperts({ inFeatures: 4, dispatch: 'fast' as never })).toThrow(OptionError);
    expect(() => new MixtureOfExperts({ inFeatures: 4, lossWeights: { bogus: 1 } as never })).toThrow(/unknown loss/);
    moe.dispose();
  });
});
