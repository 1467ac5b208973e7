/**
 * Benchmark (not a test): the utterance training step with @umq/core's replacement wasm kernels
 * (B: in-place Slice and SplitV, block sums) against tfjs' stock ones (A) in one process,
 * alternating blocks of steps (A B, B A, ...) so that a busy host slows both sides alike. Prints
 * the median ms per step of each side, the median paired difference B - A and in how many blocks
 * B was faster.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/kernel-ab.ts [blocks=10] [steps per block=40] [--only sums|slices]
 */
import { initEngine, installBlockSums, installInPlaceSlices, uninstallBlockSums, uninstallInPlaceSlices } from '@umq/core';
import { vectorTrainingStep } from './bench-model';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const [blocksArg, perArg] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');
const BLOCKS = Number(blocksArg ?? 10);
const PER = Number(perArg ?? 40);
await initEngine({ engine: 'wasm' });
const step = vectorTrainingStep('utterance');
const use = (side: 'A' | 'B'): void => {
  const on = side === 'B';
  if (only !== 'slices') (on ? installBlockSums : uninstallBlockSums)();
  if (only !== 'sums') (on ? installInPlaceSlices : uninstallInPlaceSlices)();
};
for (const side of ['A', 'B'] as const) {
  use(side);
  for (let i = 0; i < 20; i++) step();
}
const ms: Record<'A' | 'B', number[]> = { A: [], B: [] };
for (let b = 0; b < BLOCKS; b++) {
  for (const side of (b % 2 ? ['B', 'A'] : ['A', 'B']) as ('A' | 'B')[]) {
    use(side);
    step();
    const t0 = performance.now();
    for (let i = 0; i < PER; i++) step();
    ms[side].push((performance.now() - t0) / PER);
  }
}
const median = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1];
const diff = ms.A.map((a, i) => ms.B[i] - a);
console.log(`A (stock) ${median(ms.A).toFixed(2)} ms/step, B ${median(ms.B).toFixed(2)} ms/step; B - A median ${median(diff).toFixed(2)} ms, B faster in ${diff.filter((v) => v < 0).length} of ${diff.length} blocks`);
console.log(`A ${ms.A.map((v) => v.toFixed(1)).join(' ')} | B ${ms.B.map((v) => v.toFixed(1)).join(' ')}`);
