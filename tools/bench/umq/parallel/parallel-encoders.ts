/**
 * Prototype and benchmark (not a test): the sequence configuration's UMQ training step with
 * the modality encoders in worker threads (one tfjs wasm engine each), the rest of UMQ on the
 * main thread. Exact model parallelism: encoders are independent until U = stack(u_m), so
 * only u (forward) and dL/du (backward) cross threads, through SharedArrayBuffers, with
 * Atomics.wait keeping each side's autodiff tape alive across the exchange. Only the encoder
 * dropout masks differ from the single-thread step (each worker draws its own).
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/parallel/parallel-encoders.ts [--runs 15] [--workers 3|2]
 */
import { Worker } from 'node:worker_threads';
import { initEngine, tf, Rng, AdamW } from '@umq/core';
import { UMQModel } from '@umq/model';
import { CONFIGS, MODEL, validLength } from '../configs.mjs';

const args = process.argv.slice(2);
const opt = (flag: string, dflt: number): number => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : dflt);
const RUNS = opt('--runs', 15);
const WORKERS = opt('--workers', 3);
const REQ = 0, U_READY = 1, G_READY = 2, DONE = 3;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** UMQ whose encode() returns U computed elsewhere (a variable, so dL/dU comes out of variableGrads). */
class RemoteEncodedUMQ extends UMQModel {
  u: tf.Variable | null = null;
  override encode(): tf.Tensor {
    return this.u as tf.Variable;
  }
}

async function main(): Promise<void> {
  await initEngine();
  const cfg = CONFIGS.sequence;
  const { B, T, dims } = cfg;
  const d = MODEL.d, M = dims.length, seed = 1;
  const model = new RemoteEncodedUMQ({
    modalities: dims.map((dim, m) => ({ name: `m${m}`, kind: 'sequence' as const, dim })), task: 'binary', outDim: 1, d,
    layers: MODEL.layers, heads: MODEL.heads, ffMult: MODEL.ffMult, numExperts: MODEL.numExperts, topK: MODEL.topK, dropout: MODEL.dropout, seed,
  });
  model.u = tf.variable(tf.zeros([M, B, d]));
  const headParams = model.namedParameters().filter(([n]) => !n.startsWith('encoder')).map(([, v]) => v);
  const optimizer = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
  // data
  const rng = new Rng(1);
  const xData = dims.map((D) => rng.fillNormal(new Float32Array(B * T * D)));
  const maskData = new Float32Array(B * T);
  for (let i = 0; i < B; i++) maskData.fill(1, i * T, i * T + validLength(i, T));
  const groups: number[][] = WORKERS >= 3 ? dims.map((_, m) => [m]) : [[0], dims.slice(1).map((_, i) => i + 1)];
  const workers = groups.map((mods) => {
    const ctrl = new SharedArrayBuffer(16);
    const x = mods.map((m) => new SharedArrayBuffer(B * T * dims[m] * 4));
    const mask = new SharedArrayBuffer(B * T * 4);
    const u = new SharedArrayBuffer(mods.length * B * d * 4);
    const g = new SharedArrayBuffer(mods.length * B * d * 4);
    const worker = new Worker(new URL('./encoder-worker.mjs', import.meta.url), {
      execArgv: ['--conditions=@umq/source', '--import', 'tsx'],
      workerData: { mods: mods.map((m) => ({ m, dim: dims[m], linear: m === 0 })), B, T, d, layers: MODEL.layers, heads: MODEL.heads, ffMult: MODEL.ffMult, dropout: MODEL.dropout, seed, lr: MODEL.lr, weightDecay: MODEL.weightDecay, ctrl, x, mask, u, g },
    });
    return { mods, ctrl: new Int32Array(ctrl), x: x.map((b) => new Float32Array(b)), mask: new Float32Array(mask), u: new Float32Array(u), g: new Float32Array(g), worker };
  });
  await Promise.all(workers.map((w) => new Promise((res, rej) => { w.worker.once('message', res); w.worker.once('error', rej); })));
  const batch = { x: dims.map((D) => tf.zeros([B, T, D])), mask: dims.map(() => tf.tensor2d(maskData, [B, T])), y: tf.tensor1d(Array.from({ length: B }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0))) };
  const trainRng = new Rng(7);
  const uHost = new Float32Array(M * B * d);
  let step = 0;
  const trainStep = (): number => {
    step++;
    for (const w of workers) {
      w.mods.forEach((m, i) => w.x[i].set(xData[m])); // per-step batch transfer
      w.mask.set(maskData);
      Atomics.store(w.ctrl, REQ, step);
      Atomics.notify(w.ctrl, REQ);
    }
    for (const w of workers) {
      while (Atomics.load(w.ctrl, U_READY) !== step) Atomics.wait(w.ctrl, U_READY, Atomics.load(w.ctrl, U_READY));
      w.mods.forEach((m, i) => uHost.set(w.u.subarray(i * B * d, (i + 1) * B * d), m * B * d));
    }
    tf.tidy(() => model.u!.assign(tf.tensor3d(uHost, [M, B, d])));
    const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, rng: trainRng, computeLosses: true }).loss!, [...headParams, model.u!]);
    const gU = grads[model.u!.name].dataSync();
    for (const w of workers) {
      w.mods.forEach((m, i) => w.g.set(gU.subarray(m * B * d, (m + 1) * B * d), i * B * d));
      Atomics.store(w.ctrl, G_READY, step);
      Atomics.notify(w.ctrl, G_READY);
    }
    const gUTensor = grads[model.u!.name];
    delete grads[model.u!.name];
    optimizer.applyGradients(grads);
    const loss = value.dataSync()[0];
    tf.dispose([value, grads, gUTensor] as never);
    for (const w of workers) while (Atomics.load(w.ctrl, DONE) !== step) Atomics.wait(w.ctrl, DONE, Atomics.load(w.ctrl, DONE));
    return loss;
  };
  for (let i = 0; i < 5; i++) trainStep();
  const times: number[] = [];
  let loss = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    loss = trainStep();
    times.push(performance.now() - t0);
  }
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) trainStep();
  console.log(JSON.stringify({ config: 'sequence', workers: groups, trainMs: median(times), trainMinMs: Math.min(...times), finalLoss: loss, mainTensorsLeaked: tf.memory().numTensors - before }));
  for (const w of workers) {
    Atomics.store(w.ctrl, REQ, -1);
    Atomics.notify(w.ctrl, REQ);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
