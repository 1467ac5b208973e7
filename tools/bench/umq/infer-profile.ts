/**
 * Profile (not a test) of batch-1 inference (`forward` with `training: false, losses: 'none'`):
 * kernel calls and wall time per tfjs kernel name per call, then per call site (the nearest
 * project source frame), averaged over N calls after 50. The times include the wrapper's own
 * cost; use them to rank, not as latencies (tools/bench/umq/infer.ts measures those).
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/infer-profile.ts utterance|sequence [--calls 50] [--top 30]
 */
import { initEngine, tf } from '@umq/core';
import type { ModelBatch } from '@umq/model';
import { CONFIGS } from './configs.mjs';
import { projectFrame, wrapKernels } from './flops';
import { benchModel } from './bench-model';

const args = process.argv.slice(2);
const name = (args[0] ?? 'utterance') as keyof typeof CONFIGS;
const opt = (flag: string, dflt: number): number => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : dflt);
const N = opt('--calls', 50);
const TOP = opt('--top', 30);

await initEngine();
const cfg = CONFIGS[name];
const sequence = cfg.kind === 'sequence';
const model = benchModel(name);
const x = cfg.dims.map((D) => (sequence ? tf.randomNormal([1, cfg.T, D]) : tf.randomNormal([1, D])));
const batch: ModelBatch = { x, mask: x.map(() => (sequence ? tf.ones([1, cfg.T]) : null)), y: tf.zeros([1]) };
const once = (): void => {
  const out = model.forward(batch, { training: false, losses: 'none' });
  out.logits.dataSync();
  tf.dispose(out as never);
};
for (let i = 0; i < 50; i++) once();

const byKernel = new Map<string, { calls: number; ms: number }>();
const bySite = new Map<string, { calls: number; ms: number }>();
const add = (m: Map<string, { calls: number; ms: number }>, key: string, ms: number): void => {
  const e = m.get(key) ?? { calls: 0, ms: 0 };
  e.calls++;
  e.ms += ms;
  m.set(key, e);
};
const restore = wrapKernels((kernel, run) => {
  const t0 = performance.now();
  const out = run();
  const ms = performance.now() - t0;
  add(byKernel, kernel, ms);
  add(bySite, `${kernel} @ ${projectFrame()}`, ms);
  return out;
});
for (let i = 0; i < N; i++) once();
restore();
const total = [...byKernel.values()].reduce((s, e) => ({ calls: s.calls + e.calls, ms: s.ms + e.ms }), { calls: 0, ms: 0 });
const rows = (m: Map<string, { calls: number; ms: number }>): string[] =>
  [...m].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP).map(([k, e]) => `${(e.calls / N).toFixed(1).padStart(6)} calls ${((1000 * e.ms) / N).toFixed(1).padStart(8)} µs  ${k}`);
console.log(`${name}, batch 1: ${(total.calls / N).toFixed(1)} kernel calls, ${(total.ms / N).toFixed(3)} ms in kernels per call (wrapped)`);
console.log(['per kernel:', ...rows(byKernel), 'per call site:', ...rows(bySite)].join('\n'));
