/**
 * Benchmark (not a test): batch-1 inference of the benchmark's UMQ (the path `predict`,
 * evaluation and the browser take: `forward` with `training: false, losses: 'none'`): median ms
 * over 50 calls after 10, kernel calls per call, and whether a gradient tape was recorded
 * (tfjs records one only inside a gradient scope). Prints one JSON line.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/infer.ts sequence|utterance [--batch 1]
 */
import { initEngine, tf } from '@umq/core';
import { UMQModel, type ModelBatch } from '@umq/model';
import { CONFIGS, MODEL, validLength } from './configs.mjs';
import { wrapKernels } from './flops';

const args = process.argv.slice(2);
const name = (args[0] ?? 'utterance') as keyof typeof CONFIGS;
const B = args.includes('--batch') ? Number(args[args.indexOf('--batch') + 1]) : 1;

await initEngine();
const cfg = CONFIGS[name];
const model = new UMQModel({
  modalities: cfg.dims.map((dim, m) => ({ name: ['text', 'audio', 'vision'][m], kind: cfg.kind as 'sequence' | 'vector', dim })),
  task: 'binary', outDim: 1, d: MODEL.d, encoders: { layers: MODEL.layers, heads: MODEL.heads, ffMult: MODEL.ffMult },
  moe: { numExperts: MODEL.numExperts, topK: MODEL.topK }, dropout: MODEL.dropout, seed: 1,
});
const sequence = cfg.kind === 'sequence';
const x = cfg.dims.map((D) => (sequence ? tf.randomNormal([B, cfg.T, D]) : tf.randomNormal([B, D])));
const mask = cfg.dims.map(() => (sequence ? tf.tensor2d(Float32Array.from({ length: B * cfg.T }, (_, k) => (k % cfg.T < validLength(Math.floor(k / cfg.T), cfg.T) ? 1 : 0)), [B, cfg.T]) : null));
const batch: ModelBatch = { x, mask, y: tf.zeros([B]) };
const once = () => {
  const out = model.forward(batch, { training: false, losses: 'none' });
  out.logits.dataSync();
  tf.dispose(out as never);
};
for (let i = 0; i < 10; i++) once();
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
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  once();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ config: name, batch: B, inferMs: times[25], minMs: times[0], kernelCalls: calls, tape: taped }));
