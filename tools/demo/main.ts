// Main job until the full model lands: engine check and a small training demo on core's ops.
import { initEngine, tf, MLP, Rng } from '@umq/core';

const engine = await initEngine();
console.log(`engine: ${engine.name} (backend ${engine.backend}, tfjs ${engine.version}, simd ${engine.simd}, threads ${engine.threads})`);
const rng = new Rng(1);
const n = 512;
const xs = rng.fillNormal(new Float32Array(n * 8));
const ys = new Float32Array(n);
for (let i = 0; i < n; i++) ys[i] = Math.sin(xs[i * 8]) + 0.5 * xs[i * 8 + 1] * xs[i * 8 + 2];
const x = tf.tensor2d(xs, [n, 8]);
const y = tf.tensor2d(ys, [n, 1]);
const mlp = new MLP({ inFeatures: 8, hidden: 32, outFeatures: 1, seed: 1 });
const opt = tf.train.adam(0.01);
for (let epoch = 0; epoch <= 200; epoch++) {
  const loss = opt.minimize(() => tf.losses.meanSquaredError(y, mlp.call(x)) as tf.Scalar, true, mlp.parameters());
  if (epoch % 50 === 0) console.log(`epoch ${epoch}: mse ${(await loss!.data())[0].toFixed(4)}`);
  loss?.dispose();
}
