/**
 * Benchmark (not a test): the benchmark model's training step (forward with every loss,
 * tf.variableGrads, AdamW) in a plain loop, N steps after 20 warm-up steps, for A/B comparisons
 * of two checkouts run one after the other (the JIT is warm and the mean over many steps is
 * steadier than ts-step.ts' median of 10). Vector configurations only (utterance). Prints the
 * wall and CPU ms per step.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/step-loop.ts utterance [steps=200]
 */
import { initEngine } from '@umq/core';
import { CONFIGS } from './configs.mjs';
import { vectorTrainingStep } from './bench-model';

const name = (process.argv[2] ?? 'utterance') as keyof typeof CONFIGS;
const N = Number(process.argv[3] ?? 200);
await initEngine();
const step = vectorTrainingStep(name);
for (let i = 0; i < 20; i++) step();
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) step();
const c = process.cpuUsage(c0);
console.log(`${name}: ${((performance.now() - t0) / N).toFixed(2)} ms/step wall, ${((c.user + c.system) / 1000 / N).toFixed(2)} ms/step CPU (${N} steps after 20)`);
