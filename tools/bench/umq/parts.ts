/**
 * Benchmark (not a test): kernel calls and CPU ms of one forward + backward pass of each
 * UMQ part outside the encoders (M = 3, B = 64, d = 100: the utterance/sequence head), with the
 * top kernels by wall time. Shows where the non-encoder time goes.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/parts.ts
 */
import { initEngine, tf, Rng } from '@umq/core';
import { QualityEstimator, UnimodalHeads, qualityLosses } from '@umq/quality';
import { ModalityDecoupler, ModalityBaseline, QualityEnhancer, enhancerLoss } from '@umq/enhancer';
import { MixtureOfExperts } from '@umq/moe';
import { wrapKernels } from './flops';
await initEngine();
const M = 3, B = 64, d = 100;
const U = tf.variable(tf.randomNormal([M, B, d], 0, 1, 'float32', 1));
const h = tf.variable(tf.randomNormal([B, d], 0, 1, 'float32', 2));
const y = tf.tensor1d(Array.from({ length: B }, (_, i) => i % 2));
const qe = new QualityEstimator({ modalities: M, features: d, seed: 1 });
const heads = new UnimodalHeads({ modalities: M, features: d, outFeatures: 1, seed: 2 });
const dec = new ModalityDecoupler({ modalities: M, features: d, seed: 3 });
const base = new ModalityBaseline({ modalities: M, features: d });
const enh = new QualityEnhancer({ modalities: M, features: d, seed: 4 });
const moe = new MixtureOfExperts({ inFeatures: d, sideFeatures: M, seed: 5 });
const rng = new Rng(1);
const ctx = { training: true, rng };
const parts: Record<string, () => tf.Scalar> = {
  qe: () => { const all = qe.call(tf.concat([U, U, U, U], 1)); const [q, ql, qn] = tf.split(all, 4, 1); const ell = tf.sigmoid(tf.sum(U, -1)); return qualityLosses({ q, qLow: ql, qNoisy: qn, ell }).total; },
  heads: () => tf.sum(heads.call(U, ctx)) as tf.Scalar,
  decoupler: () => dec.call(U, ctx, { losses: true }).losses!.total,
  enhancer: () => { const q = tf.sigmoid(tf.sum(U, -1)); const dd = dec.call(U, ctx, { losses: false }); const b = base.call(dd.c, ctx); const o = enh.call({ u: U, q, keys: dd.s, baseline: b }, ctx); const o2 = enh.enhance(U, q, o.context, ctx); return tf.add(tf.sum(o.output), enhancerLoss(o2, U, q, 0.5).loss) as tf.Scalar; },
  moe: () => { const r = moe.call(h, { side: tf.transpose(tf.sigmoid(tf.sum(U, -1))), config: tf.cast(tf.greater(tf.transpose(tf.sigmoid(tf.sum(U, -1))), 0.5), 'float32'), ctx }); return tf.add(tf.sum(r.output), r.losses!.total) as tf.Scalar; },
};
for (const [name, f] of Object.entries(parts)) {
  const vars = [U, h, ...qe.parameters(), ...heads.parameters(), ...dec.parameters(), ...base.parameters(), ...enh.parameters(), ...moe.parameters()];
  const run = () => { const { value, grads } = tf.variableGrads(f, vars.filter((v) => true)); value.dataSync(); tf.dispose([value, grads] as never); };
  for (let i = 0; i < 5; i++) run();
  let calls = 0;
  const by = new Map<string, [number, number]>();
  const restore = wrapKernels((n, r) => { calls++; const t0 = performance.now(); try { return r(); } finally { const e = by.get(n) ?? [0, 0]; e[0]++; e[1] += performance.now() - t0; by.set(n, e); } });
  for (let i = 0; i < 5; i++) run();
  calls /= 5;
  restore();
  console.log([...by.entries()].sort((a, b) => b[1][1] - a[1][1]).slice(0, 8).map(([k, [c, t]]) => `${k} ${c / 5}x ${(t / 5).toFixed(1)}ms`).join(', '));
  const c0 = process.cpuUsage();
  for (let i = 0; i < 20; i++) run();
  const c = process.cpuUsage(c0);
  console.log(`${name}: ${calls} kernels fwd+bwd, ${((c.user + c.system) / 20000).toFixed(1)} ms CPU`);
}
