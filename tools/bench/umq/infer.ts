/**
 * Benchmark (not a test): batch-1 inference of the benchmark's UMQ (the path `predict`,
 * evaluation and the browser take: `forward` with `training: false, losses: 'none'`): median ms
 * of 100 calls after 20 (cold: V8 has not compiled the inference-only code yet) and of 500 after
 * 1,000 more (steady: a served model), as `npm run bench` measures them; kernel calls per call,
 * and whether a gradient tape was recorded (tfjs records one only inside a gradient scope).
 * Prints one JSON line.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/infer.ts sequence|utterance [--batch 1]
 */
import { initEngine, tf } from '@umq/core';
import type { ModelBatch } from '@umq/model';
import { CONFIGS, validLength } from './configs.mjs';
import { wrapKernels } from './flops';
import { benchModel } from './bench-model';

const args = process.argv.slice(2);
const name = (args[0] ?? 'utterance') as keyof typeof CONFIGS;
const B = args.includes('--batch') ? Number(args[args.indexOf('--batch') + 1]) : 1;

await initEngine();
const cfg = CONFIGS[name];
const model = benchModel(name);
const sequence = cfg.kind === 'sequence';
const x = cfg.dims.map((D) => (sequence ? tf.randomNormal([B, cfg.T, D]) : tf.randomNormal([B, D])));
const mask = cfg.dims.map(() => (sequence ? tf.tensor2d(Float32Array.from({ length: B * cfg.T }, (_, k) => (k % cfg.T < validLength(Math.floor(k / cfg.T), cfg.T) ? 1 : 0)), [B, cfg.T]) : null));
const batch: ModelBatch = { x, mask, y: tf.zeros([B]) };
const once = () => {
  const out = model.forward(batch, { training: false, losses: 'none' });
  out.logits.dataSync();
  tf.dispose(out as never);
};
const timed = (n: number): number[] => {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    once();
    t.push(performance.now() - t0);
  }
  return t;
};
const median = (t: number[]): number => t.slice().sort((a, b) => a - b)[t.length >> 1];
const cold = median(timed(120).slice(20));
let calls = 0;
let taped = false;
const engine = tf.engine() as unknown as { isTapeOn(): boolean };
const restore = wrapKernels((_n, run) => {
  calls++;
  taped ||= engine.isTapeOn();
  return run();
});
once();
restore();
const steady = timed(1500).slice(1000);
console.log(JSON.stringify({ config: name, batch: B, inferMs: median(steady), minMs: Math.min(...steady), coldMs: cold, kernelCalls: calls, tape: taped }));
