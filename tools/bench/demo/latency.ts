/**
 * Batch-1 inference latency of the demo page's three models in Node, with the page's own code
 * (docs/demo/src/demo-model.ts: the same degradation, `predict` with batch 1): the Node side of
 * issue 19's comparison; the Chromium side is printed by tools/demo/check-demo.mjs. Median over
 * `--runs` calls after `--warmup` calls, on the engine `initEngine` picks (wasm here: tfjs-node
 * does not install on this machine), plus the machine's load average.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/demo/latency.ts [--runs 200] [--warmup 20]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { initEngine } from '@umq/core';
import { loadModel } from '@umq/model/node';
import { MODEL_NAMES, predictSample, testSplit } from '../../../docs/demo/src/demo-model';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('--runs', 200);
const warmup = arg('--warmup', 20);
const engine = await initEngine();
const models = MODEL_NAMES.map((name) => ({ name, loaded: loadModel(join('docs/demo/public/models', name)) }));
const split = testSplit(models[0].loaded);
const clean = split.features.map(() => ({ noise: 0, missing: false }));
console.log(`engine ${engine.name}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs after ${warmup} warm-up calls, sample 0`);
for (const { name, loaded } of models) {
  for (let i = 0; i < warmup; i++) predictSample(loaded, split, 0, clean, 1);
  const t0 = performance.now();
  const ms = Array.from({ length: runs }, () => predictSample(loaded, split, 0, clean, 1).ms).sort((a, b) => a - b);
  const mean = (performance.now() - t0) / runs; // as the page's probe: includes the degradation step
  console.log(`${name.padEnd(13)} median ${ms[Math.floor(runs / 2)].toFixed(2)} ms, mean ${mean.toFixed(2)} ms  (p10 ${ms[Math.floor(runs / 10)].toFixed(2)}, p90 ${ms[Math.floor((runs * 9) / 10)].toFixed(2)})`);
  loaded.model.dispose();
}
