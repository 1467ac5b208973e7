/**
 * Benchmark (not a test), TypeScript side: ms per UMQ training step (forward with all losses,
 * backward via tf.variableGrads, AdamW), inference ms at batch 1 and 64, peak RSS, tensors
 * alive after N steps, matmul FLOPs per step, and the GFLOP/s of a large matmul.
 * Prints one JSON line. Normally run by tools/bench/run.mjs:
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/ts-step.ts sequence [--runs 30] [--leak-steps 200]
 */
import { initEngine, tf, Rng, AdamW } from '@umq/core';
import { UMQModel } from '@umq/model';
import { CONFIGS, MODEL, validLength } from './configs.mjs';
import { countMatmulFlops } from './flops';

const args = process.argv.slice(2);
const name = (args[0] ?? 'sequence') as keyof typeof CONFIGS;
const opt = (flag: string, dflt: number): number => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('--runs', 30);
const WARMUP = opt('--warmup', 5);
const LEAK_STEPS = opt('--leak-steps', 200);

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function makeBatch(B: number, seed: number) {
  const cfg = CONFIGS[name];
  const rng = new Rng(seed);
  const x = cfg.dims.map((D) => {
    const a = new Float32Array(B * cfg.T * D);
    rng.fillNormal(a);
    return cfg.kind === 'sequence' ? tf.tensor3d(a, [B, cfg.T, D]) : tf.tensor2d(a, [B, D]);
  });
  const mask = cfg.dims.map(() => {
    if (cfg.kind !== 'sequence') return null;
    const m = new Float32Array(B * cfg.T);
    for (let i = 0; i < B; i++) m.fill(1, i * cfg.T, i * cfg.T + validLength(i, cfg.T));
    return tf.tensor2d(m, [B, cfg.T]);
  });
  const y = tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 5) % 3 === 0 ? 1 : 0), 'float32');
  return { x, mask, y };
}

function largeMatmulGflops(): number {
  const n = 1024;
  const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    times.push(performance.now() - t0);
    c.dispose();
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (median(times.slice(2)) * 1e6);
}

async function main(): Promise<void> {
  const engine = await initEngine();
  const cfg = CONFIGS[name];
  const model = new UMQModel({
    modalities: cfg.dims.map((dim, m) => ({ name: ['text', 'audio', 'vision'][m], kind: cfg.kind as 'sequence' | 'vector', dim })),
    task: 'binary', outDim: 1, d: MODEL.d, layers: MODEL.layers, heads: MODEL.heads, ffMult: MODEL.ffMult,
    numExperts: MODEL.numExperts, topK: MODEL.topK, dropout: MODEL.dropout, seed: 1,
  });
  const params = model.parameters();
  const optimizer = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
  const rng = new Rng(7);
  const batch = makeBatch(cfg.B, 1);
  const step = (): number => {
    const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, rng, computeLosses: true }).loss!, params);
    optimizer.applyGradients(grads);
    const l = value.dataSync()[0];
    tf.dispose([value, grads] as never);
    return l;
  };
  for (let i = 0; i < WARMUP; i++) step();
  const flops = countMatmulFlops(step);
  const times: number[] = [];
  const cpu: number[] = [];
  let loss = 0;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    loss = step();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const infer = (B: number): number => {
    const b = B === cfg.B ? batch : makeBatch(B, 2);
    const ts: number[] = [];
    for (let i = 0; i < 13; i++) {
      const t0 = performance.now();
      const out = model.forward(b, { training: false, computeLosses: false });
      out.logits.dataSync();
      tf.dispose(out as never);
      ts.push(performance.now() - t0);
    }
    if (b !== batch) tf.dispose(b as never);
    return median(ts.slice(3));
  };
  const infer1 = infer(1);
  const infer64 = infer(64);
  const before = tf.memory().numTensors;
  for (let i = 0; i < LEAK_STEPS; i++) step();
  const leaked = tf.memory().numTensors - before;
  const peakGflops = largeMatmulGflops();
  const trainMs = median(times);
  console.log(JSON.stringify({
    side: 'ts', config: name, engine: `tfjs ${tf.version.tfjs} ${engine.name} (simd ${engine.simd}, threads ${engine.threads})`,
    trainMs, trainMinMs: Math.min(...times), trainCpuMs: median(cpu), infer1Ms: infer1, infer64Ms: infer64,
    peakRssMB: process.resourceUsage().maxRSS / 1024, tensorsAfter: tf.memory().numTensors, leakedAfterSteps: leaked, leakSteps: LEAK_STEPS,
    stepGflop: flops / 1e9, stepGflops: flops / (trainMs * 1e6), peakGflops, finalLoss: loss, params: params.reduce((s, p) => s + p.size, 0),
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
