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
import { alternateBlocks } from './ab-blocks';

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
alternateBlocks(use, step, BLOCKS, PER, 'A (stock)');
