/**
 * Profile (not a test) of a whole experiment run, as `umq sweep` runs one (the study's by
 * default: Handwritten, UMQ, hetero-mixed, seed 1, 10 epochs, batch 64, d 64): kernel calls and
 * milliseconds inside kernels per training step, by kernel name, against the run's wall time per
 * step. What the kernel columns do not cover is the engine's and the model's JavaScript (tape,
 * scopes, gradient functions), host-side work (noise draws, corruption, the own product kernel's
 * copies) and garbage collection.
 *
 *   node --conditions=@umq/source --import tsx tools/bench/umq/run-kernels.ts [--model umq] [--setting hetero-mixed]
 *     [--data ../shared/data/multiview/handwritten_6views.mat] [--epochs 10] [--top 25] [--sites KERNEL[,KERNEL]|all]
 *
 * `--sites` also lists where those kernels are called from (the nearest project source frame;
 * calls made by tfjs' own gradient functions have none), calls per step.
 */
import { initEngine, tf } from '@umq/core';
import { loadDataset } from '@umq/datasets/node';
import { parseSetting, runExperiment, type ModelName } from '@umq/model';
import { projectFrame, wrapKernels } from './flops';

const args = process.argv.slice(2);
const opt = (flag: string, dflt: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : dflt;
};
const MODEL = opt('--model', 'umq') as ModelName;
const SETTING = parseSetting(opt('--setting', 'hetero-mixed'));
const DATA = opt('--data', '../shared/data/multiview/handwritten_6views.mat');
const EPOCHS = Number(opt('--epochs', '10'));
const TOP = Number(opt('--top', '25'));
const SITES = args.includes('--sites') ? new Set(opt('--sites', 'all').split(',')) : null;

async function main(): Promise<void> {
  await initEngine();
  const ds = await loadDataset({ kind: 'mat', path: DATA });
  const kernels = new Map<string, { calls: number; ms: number }>();
  const sites = new Map<string, number>();
  const restore = wrapKernels((name, run) => {
    if (SITES && (SITES.has('all') || SITES.has(name))) {
      const k = `${name} ${projectFrame('(none: a tfjs gradient function)')}`;
      sites.set(k, (sites.get(k) ?? 0) + 1);
    }
    const t0 = performance.now();
    const out = run();
    const e = kernels.get(name) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += performance.now() - t0;
    kernels.set(name, e);
    return out;
  });
  // a training step is one backward pass of the engine
  const engine = tf.engine() as unknown as { gradients: (...a: unknown[]) => unknown };
  const gradients = engine.gradients.bind(engine);
  let steps = 0;
  engine.gradients = (...a: unknown[]) => {
    steps++;
    return gradients(...a);
  };
  const t0 = performance.now();
  let row;
  try {
    row = await runExperiment(ds, { model: MODEL, setting: SETTING, seed: 1 }, {
      train: { epochs: EPOCHS, patience: null, batchSize: 64, learningRate: 1e-3, weightDecay: 1e-4 },
      model: { d: 64, dropout: 0.1 },
    });
  } finally {
    restore();
    engine.gradients = gradients;
  }
  const wall = performance.now() - t0;
  const calls = [...kernels.values()].reduce((s, e) => s + e.calls, 0);
  const inside = [...kernels.values()].reduce((s, e) => s + e.ms, 0);
  const per = (x: number) => (x / steps).toFixed(2);
  console.log(`${MODEL}, ${JSON.stringify(SETTING)}, ${EPOCHS} epochs: ${steps} training steps, test accuracy ${(100 * (row.metrics.accuracy ?? NaN)).toFixed(1)} %`);
  console.log(`per step (the run's evaluation and corruption included): wall ${per(wall)} ms, inside kernels ${per(inside)} ms, ${(calls / steps).toFixed(0)} kernel calls`);
  console.log('kernel                  calls/step  ms/step');
  for (const [k, e] of [...kernels].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP)) console.log(`${k.padEnd(22)} ${(e.calls / steps).toFixed(1).padStart(10)} ${per(e.ms).padStart(8)}`);
  if (SITES) {
    console.log('calls/step  kernel and call site');
    for (const [k, n] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, TOP * 2)) console.log(`${(n / steps).toFixed(1).padStart(10)}  ${k}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
