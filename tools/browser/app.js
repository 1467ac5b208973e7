// The page (and web worker) run by tools/browser/run-in-chromium.mjs: the @umq/moe README example
// (a MoE regressor trained with Adam), on the engine named in the query (`?engine=auto|wasm|...`,
// `&nopaths` to leave wasmPaths unset), reporting what initEngine chose and the losses.
import { tf, initEngine, Rng, wasmGemmAvailable, UmqError } from '@umq/core';
import { MixtureOfExperts } from '@umq/moe';

async function run(query) {
  const params = new URLSearchParams(query);
  let engine;
  try {
    engine = await initEngine({ engine: params.get('engine') ?? 'auto', ...(params.has('nopaths') ? {} : { wasmPaths: '/wasm/' }), warn: () => {} });
  } catch (e) {
    return { error: { name: e.name, code: e instanceof UmqError ? e.code : null, message: e.message } };
  }
  const x = tf.randomNormal([256, 8], 0, 1, 'float32', 1);
  const y = tf.sum(tf.abs(x), 1, true);
  const moe = new MixtureOfExperts({ inFeatures: 8, numExperts: 4, topK: 2, expertHidden: 16, outFeatures: 1, seed: 1 });
  const opt = tf.train.adam(0.01);
  const rng = new Rng(1);
  const step = () => opt.minimize(() => {
    const { output, losses } = moe.call(x, { ctx: { training: true, rng } });
    return tf.add(tf.losses.meanSquaredError(y, output), tf.mul(0.01, losses.total));
  }, true, moe.parameters());
  const first = (await step().data())[0];
  for (let i = 0; i < 60; i++) step().dispose();
  const last = (await step().data())[0];
  return { engine, first, last, simdKernels: wasmGemmAvailable(), worker: typeof document === 'undefined' };
}

if (typeof document === 'undefined') {
  self.onmessage = async (e) => self.postMessage(await run(e.data));
} else {
  globalThis.__umq = run(location.search);
}
