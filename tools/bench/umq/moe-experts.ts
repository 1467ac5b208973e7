/**
 * Benchmark (not a test): CPU ms per MoE training step (forward, backward, AdamW; B = 64,
 * d = 100, E = 10, k = 3, side = 3) with the default stacked experts vs MLP experts from a
 * factory under sparse and dense dispatch. Median of 30 after 10 warm-up steps.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/moe-experts.ts
 */
import { tf, initEngine, Rng, MLP, AdamW } from '@umq/core';
import { MixtureOfExperts } from '@umq/moe';

await initEngine();
const B = 64, d = 100, E = 10, k = 3, M = 3;
const x = tf.randomNormal([B, d], 0, 1, 'float32', 1), q = tf.randomUniform([B, M], 0, 1, 'float32', 2), y = tf.randomNormal([B, d], 0, 1, 'float32', 3);
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const variant of ['stacked', 'sparse-mlp', 'dense-mlp', 'stacked', 'sparse-mlp']) {
  const custom = { dispatch: variant === 'sparse-mlp' ? 'sparse' : 'dense', experts: (_j: number, seed: number) => new MLP({ inFeatures: d, hidden: d, outFeatures: d, seed }) } as const;
  const moe = new MixtureOfExperts({ inFeatures: d, sideFeatures: M, numExperts: E, topK: k, seed: 1, ...(variant === 'stacked' ? {} : custom) });
  const opt = new AdamW({ learningRate: 1e-3 });
  const rng = new Rng(1);
  const cpu: number[] = [];
  for (let i = 0; i < 40; i++) {
    const c0 = process.cpuUsage();
    const { value, grads } = tf.variableGrads(() => {
      const r = moe.call(x, { side: q, ctx: { training: true, rng } });
      return tf.add(tf.mean(tf.square(tf.sub(r.output, y))), r.losses!.total) as tf.Scalar;
    }, moe.parameters());
    opt.applyGradients(grads);
    value.dataSync();
    tf.dispose([value, grads] as never);
    const c = process.cpuUsage(c0);
    if (i >= 10) cpu.push((c.user + c.system) / 1000);
  }
  console.log(`${variant}: ${med(cpu).toFixed(1)} ms CPU/step (median of 30), min ${Math.min(...cpu).toFixed(1)}`);
  moe.dispose();
  opt.dispose();
}
