/**
 * Sparse vs dense dispatch of @umq/moe: ms per training step (forward + backward + Adam),
 * B = 64, d = 100, E = 10, k = 3, wasm backend, median of 20 after 5 warm-up steps.
 * Run: node --conditions=@umq/source --import tsx tools/bench/moe/dispatch.ts
 * (Timings on a shared machine vary; compare runs made back to back.)
 */
import { tf, initEngine, Rng } from '@umq/core';
import { MixtureOfExperts, type DispatchMode } from '@umq/moe';

const B = 64, d = 100, E = 10, k = 3, M = 3;
const WARMUP = 5, RUNS = 20;

async function main(): Promise<void> {
  const engine = await initEngine();
  console.log(`engine ${engine.name} (simd ${engine.simd}, threads ${engine.threads}), B=${B} d=${d} E=${E} k=${k}`);
  const x = tf.randomNormal([B, d], 0, 1, 'float32', 1);
  const q = tf.randomUniform([B, M], 0, 1, 'float32', 2);
  const y = tf.randomNormal([B, d], 0, 1, 'float32', 3);
  const kappa = Array.from(q.arraySync() as number[][], (r) => r.map((v) => (v > 0.5 ? 1 : 0)));
  const results: Record<string, number> = {};
  for (const mode of ['dense', 'sparse', 'dense', 'sparse'] as DispatchMode[]) {
    const moe = new MixtureOfExperts({ inFeatures: d, sideFeatures: M, numExperts: E, topK: k, dispatch: mode, seed: 1 });
    const opt = tf.train.adam(1e-3);
    const rng = new Rng(1);
    const step = () => {
      const l = opt.minimize(() => {
        const r = moe.call(x, { side: q, config: kappa, ctx: { training: true, rng } });
        return tf.add(tf.mean(tf.square(tf.sub(r.output, y))), r.losses!.total) as tf.Scalar;
      }, true, moe.parameters()) as tf.Scalar;
      l.dataSync();
      l.dispose();
    };
    for (let i = 0; i < WARMUP; i++) step();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      step();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const med = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
    results[mode] = Math.min(results[mode] ?? Infinity, med);
    console.log(`${mode.padEnd(6)} median ${med.toFixed(2)} ms/step (min ${times[0].toFixed(2)}, max ${times[RUNS - 1].toFixed(2)})`);
    opt.dispose();
    moe.dispose();
  }
  console.log(`best of two medians: dense ${results.dense.toFixed(2)} ms, sparse ${results.sparse.toFixed(2)} ms -> ${results.sparse < results.dense ? 'sparse' : 'dense'} is faster`);
  tf.dispose([x, q, y]);
}
void main();
