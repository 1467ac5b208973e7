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
import { alternateBlocks } from './ab-blocks';

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
alternateBlocks(use, step, BLOCKS, PER);
