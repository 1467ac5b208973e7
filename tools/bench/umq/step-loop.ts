/**
 * Benchmark (not a test): the benchmark model's training step (forward with every loss,
 * tf.variableGrads, AdamW) in a plain loop, N steps after 20 warm-up steps, for A/B comparisons
 * of two checkouts run one after the other (the JIT is warm and the mean over many steps is
 * steadier than ts-step.ts' median of 10). Vector configurations only (utterance). Prints the
 * wall and CPU ms per step.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/step-loop.ts utterance [steps=200]
 */
import { initEngine, tf, Rng, AdamW } from '@umq/core';
import { CONFIGS, MODEL } from './configs.mjs';
import { benchModel } from './bench-model';

const name = (process.argv[2] ?? 'utterance') as keyof typeof CONFIGS;
const N = Number(process.argv[3] ?? 200);
await initEngine();
const cfg = CONFIGS[name];
if (cfg.kind !== 'vector') throw new Error(`step-loop.ts: '${name}' is a sequence configuration; use ts-step.ts for it`);
const model = benchModel(name);
const params = model.parameters();
const optimizer = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
const rng = new Rng(7);
const r = new Rng(1);
const x = cfg.dims.map((D: number) => tf.tensor2d(r.fillNormal(new Float32Array(cfg.B * D)), [cfg.B, D]));
const y = tf.tensor1d(Array.from({ length: cfg.B }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0)), 'float32');
const step = (): void => {
  const { value, grads } = tf.variableGrads(() => model.forward({ x, mask: x.map(() => null), y }, { training: true, rng, losses: 'all' }).loss!, params);
  optimizer.applyGradients(grads);
  value.dataSync();
  tf.dispose([value, grads] as never);
};
for (let i = 0; i < 20; i++) step();
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) step();
const c = process.cpuUsage(c0);
console.log(`${name}: ${((performance.now() - t0) / N).toFixed(2)} ms/step wall, ${((c.user + c.system) / 1000 / N).toFixed(2)} ms/step CPU (${N} steps after 20)`);
