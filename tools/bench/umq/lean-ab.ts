/**
 * Benchmark (not a test): the lean gradients of this checkout (B) against those of another
 * checkout (A) in one process, on the benchmark model's utterance training step, alternating
 * blocks of steps (A B, B A, ...) so that a busy host slows both sides alike; only the gradient
 * functions differ between the sides (`installLeanGradients` of each checkout, registered in
 * turn on the one tfjs instance). Prints the median ms per step of each side, the median paired
 * difference B - A and in how many blocks B was faster.
 *
 *   git worktree add /tmp/old <commit>   # with node_modules linked to this checkout's
 *   node --conditions=@umq/source --import tsx tools/bench/umq/lean-ab.ts /tmp/old [blocks=10] [steps per block=40]
 */
import { initEngine, installLeanGradients, uninstallLeanGradients } from '@umq/core';
import { vectorTrainingStep } from './bench-model';

const [dir, blocksArg, perArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: lean-ab.ts <other checkout> [blocks] [steps per block]');
const other = (await import(`${dir}/packages/core/src/kernels/lean-gradients.ts`)) as { installLeanGradients(): boolean; uninstallLeanGradients(): boolean };
const BLOCKS = Number(blocksArg ?? 10);
const PER = Number(perArg ?? 40);
await initEngine();
const step = vectorTrainingStep('utterance');
const use = (side: 'A' | 'B'): void => {
  if (side === 'A') {
    uninstallLeanGradients();
    other.installLeanGradients();
  } else {
    other.uninstallLeanGradients();
    installLeanGradients();
  }
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
console.log(`A ${median(ms.A).toFixed(2)} ms/step, B ${median(ms.B).toFixed(2)} ms/step; B - A median ${median(diff).toFixed(2)} ms, B faster in ${diff.filter((v) => v < 0).length} of ${diff.length} blocks`);
console.log(`A ${ms.A.map((v) => v.toFixed(1)).join(' ')} | B ${ms.B.map((v) => v.toFixed(1)).join(' ')}`);
