/**
 * Worker side of tools/bench/umq/parallel/parallel-encoders.ts: owns the sequence encoders of
 * some modalities, runs their forward pass, hands u to the main thread through shared memory,
 * blocks (Atomics.wait) inside tf.variableGrads until the main thread writes dL/du, then
 * finishes the backward pass and applies AdamW to its own parameters.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine, tf, Rng, AdamW, deriveSeed } from '@umq/core';
import { SequenceEncoder } from '@umq/model';

interface Init {
  mods: { m: number; dim: number; linear: boolean }[];
  B: number; T: number; d: number; layers: number; heads: number; ffMult: number; dropout: number; seed: number; lr: number; weightDecay: number;
  ctrl: SharedArrayBuffer; x: SharedArrayBuffer[]; mask: SharedArrayBuffer; u: SharedArrayBuffer; g: SharedArrayBuffer;
}

const w = workerData as Init;
const ctrl = new Int32Array(w.ctrl); // [0] step requested, [1] u ready, [2] dL/du ready, [3] step done
const REQ = 0, U_READY = 1, G_READY = 2, DONE = 3;

async function main(): Promise<void> {
  await initEngine();
  const encs = w.mods.map(({ m, dim, linear }) => new SequenceEncoder({
    inFeatures: dim, d: w.d, projection: linear ? 'linear' : 'conv', kernel: 3, layers: w.layers, heads: w.heads,
    ffDim: w.ffMult * w.d, dropout: w.dropout, seed: deriveSeed(w.seed, 'encoder', m),
  }));
  const params = encs.flatMap((e) => e.parameters());
  const opt = new AdamW({ learningRate: w.lr, weightDecay: w.weightDecay });
  const uOut = new Float32Array(w.u);
  const gIn = new Float32Array(w.g);
  const maskData = new Float32Array(w.mask);
  const k = w.mods.length, rows = w.B * w.d;
  parentPort!.postMessage('ready');
  let step = 0;
  for (;;) {
    Atomics.wait(ctrl, REQ, step);
    step = Atomics.load(ctrl, REQ);
    if (step < 0) break;
    const rng = new Rng(deriveSeed(w.seed, 'step', step, w.mods[0].m));
    const xs = w.mods.map(({ dim }, i) => tf.tensor3d(new Float32Array(w.x[i]), [w.B, w.T, dim]));
    const mask = tf.tensor2d(maskData, [w.B, w.T]);
    const { value, grads } = tf.variableGrads(() => {
      const u = tf.stack(encs.map((e, i) => e.call(xs[i], mask, { training: true, rng })), 0); // [k, B, d]
      uOut.set(u.dataSync());
      Atomics.store(ctrl, U_READY, step);
      Atomics.notify(ctrl, U_READY);
      while (Atomics.load(ctrl, G_READY) !== step) Atomics.wait(ctrl, G_READY, Atomics.load(ctrl, G_READY));
      const g = tf.tensor3d(gIn.slice(0, k * rows), [k, w.B, w.d]);
      return tf.sum(tf.mul(u, g)) as tf.Scalar;
    }, params);
    opt.applyGradients(grads);
    tf.dispose([value, grads, xs, mask] as never);
    Atomics.store(ctrl, DONE, step);
    Atomics.notify(ctrl, DONE);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
