/**
 * Benchmark (not a test), TypeScript side: ms per UMQ training step (forward with all losses,
 * backward via tf.variableGrads, AdamW), inference ms at batch 1 and 64, peak RSS, tensors
 * alive after N steps, matmul FLOPs per step, and the GFLOP/s of a large matmul.
 * The step is the trainer's own (`applyStep` of the serial runner, or with `--encoder-workers N`
 * the step of the `EncoderWorkerRunner`: the encoders in N worker threads; then only the
 * training step, its CPU time (all threads) and the main thread's leaks are measured).
 * Prints one JSON line. Normally run by tools/bench/run.mjs:
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/ts-step.ts sequence [--runs 30] [--leak-steps 200] [--encoder-workers 2] [--encoder-split rows]
 */
import { initEngine, tf, Rng, AdamW, wasmGemmVariant, type ModalityArray } from '@umq/core';
import { UMQModel, EncoderWorkerRunner, DataParallelRunner, applyStep, type SplitArrays, type SplitBatch, type StepRunner } from '@umq/model';
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
const ENCODER_WORKERS = opt('--encoder-workers', 0);
const DATA_PARALLEL = opt('--data-parallel', 0);
const ENCODER_SPLIT = (args.includes('--encoder-split') ? args[args.indexOf('--encoder-split') + 1] : 'modalities') as 'modalities' | 'rows';

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The benchmark batch as the trainer sees it: the split's arrays and the batch tensors cut from them. */
function makeData(B: number, seed: number): { split: SplitArrays; batch: SplitBatch } {
  const cfg = CONFIGS[name];
  const rng = new Rng(seed);
  const sequence = cfg.kind === 'sequence';
  const features: ModalityArray[] = cfg.dims.map((D) => {
    const values = new Float32Array(B * cfg.T * D);
    rng.fillNormal(values);
    let mask: Uint8Array | null = null;
    if (sequence) {
      mask = new Uint8Array(B * cfg.T);
      for (let i = 0; i < B; i++) mask.fill(1, i * cfg.T, i * cfg.T + validLength(i, cfg.T));
    }
    return { values, n: B, t: cfg.T, d: D, mask };
  });
  const labels = Float32Array.from({ length: B }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0));
  const x = features.map((f) => (sequence ? tf.tensor3d(f.values, [B, f.t, f.d]) : tf.tensor2d(f.values, [B, f.d])));
  const mask = features.map((f) => (f.mask ? tf.tensor2d(Float32Array.from(f.mask), [B, f.t]) : null));
  const y = tf.tensor1d(labels, 'float32');
  const batch: SplitBatch = { x, mask, y, index: Int32Array.from({ length: B }, (_, i) => i), dispose: () => tf.dispose([...x, ...mask.filter((m): m is tf.Tensor => m !== null), y]) };
  return { split: { features, labels }, batch };
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
    task: 'binary', outDim: 1, d: MODEL.d, encoders: { layers: MODEL.layers, heads: MODEL.heads, ffMult: MODEL.ffMult },
    moe: { numExperts: MODEL.numExperts, topK: MODEL.topK }, dropout: MODEL.dropout, seed: 1,
  });
  const params = model.parameters();
  const optimizer = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
  const rng = new Rng(7);
  const { split, batch } = makeData(cfg.B, 1);
  const info = { epoch: 0, rng };
  let pool: StepRunner | null = null;
  let step: () => Promise<number>;
  if (ENCODER_WORKERS > 0 || DATA_PARALLEL > 0) {
    pool = DATA_PARALLEL > 0 ? new DataParallelRunner({ workers: DATA_PARALLEL }) : new EncoderWorkerRunner({ workers: ENCODER_WORKERS, split: ENCODER_SPLIT });
    await pool.start({ model, optimizer, seed: 7, clipNorm: null, maxBatch: cfg.B });
    const index = Int32Array.from({ length: cfg.B }, (_, i) => i); // the workers read the rows from the split
    step = async () => {
      const r = await pool!.step(split, index, info);
      tf.dispose(Object.values(r.terms));
      return r.loss;
    };
  } else {
    step = async () => {
      const r = await applyStep(model, batch, params, optimizer, info, null);
      tf.dispose(Object.values(r.terms));
      return r.loss;
    };
  }
  for (let i = 0; i < WARMUP; i++) await step();
  let counted: Promise<number> | null = null;
  const flops = pool ? null : countMatmulFlops(() => (counted = step())); // every kernel of applyStep runs before its first await
  await counted;
  const times: number[] = [];
  const cpu: number[] = [];
  const phases: Record<string, number[]> = {};
  let loss = 0;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    loss = await step();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (pool instanceof DataParallelRunner) for (const [k, v] of Object.entries(pool.lastPhases[0])) (phases[k] ??= []).push(v);
  }
  const replicaPhasesMs = Object.keys(phases).length ? Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])) : null;
  const trainMs = median(times);
  // batch 1: the median of 100 calls after 20 (cold: V8 has not yet compiled the inference-only
  // code, what the first requests see), then of 500 after 1,000 more (steady: a served model);
  // batch 64: of 10 after 3. torch_step.py alike.
  const infer = (B: number, warm: number, n: number): number => {
    const b = B === cfg.B ? batch : makeData(B, 2).batch;
    const ts: number[] = [];
    for (let i = 0; i < warm + n; i++) {
      const t0 = performance.now();
      const out = model.forward(b, { training: false, losses: 'none' });
      out.logits.dataSync();
      tf.dispose(out as never);
      ts.push(performance.now() - t0);
    }
    if (b !== batch) b.dispose();
    return median(ts.slice(warm));
  };
  const infer1Cold = infer(1, 20, 100);
  const infer1 = infer(1, 1000, 500);
  const infer64 = infer(64, 3, 10);
  const before = tf.memory().numTensors;
  for (let i = 0; i < LEAK_STEPS; i++) await step();
  const leaked = tf.memory().numTensors - before;
  const replicaTensors = pool instanceof DataParallelRunner ? [...pool.tensorsInReplicas] : null;
  const assignment = pool instanceof EncoderWorkerRunner ? pool.assignment.map((g) => g.map((m) => ['text', 'audio', 'vision'][m]).join('+')) : null;
  await pool?.close();
  const peakGflops = pool ? null : largeMatmulGflops();
  console.log(JSON.stringify({
    side: 'ts', config: name, encoderWorkers: ENCODER_WORKERS, encoderSplit: ENCODER_WORKERS ? ENCODER_SPLIT : null, dataParallel: DATA_PARALLEL, assignment, replicaTensors, replicaPhasesMs,
    engine: `tfjs ${tf.version.tfjs} ${engine.name} (simd ${engine.simd}, threads ${engine.threads}; own product kernel ${wasmGemmVariant()})`,
    trainMs, trainMinMs: Math.min(...times), trainCpuMs: median(cpu), infer1Ms: infer1, infer1ColdMs: infer1Cold, infer64Ms: infer64,
    peakRssMB: process.resourceUsage().maxRSS / 1024, tensorsAfter: tf.memory().numTensors, leakedAfterSteps: leaked, leakSteps: LEAK_STEPS,
    stepGflop: flops === null ? null : flops / 1e9, stepGflops: flops === null ? null : flops / (trainMs * 1e6), peakGflops, finalLoss: loss, params: params.reduce((s, p) => s + p.size, 0),
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
