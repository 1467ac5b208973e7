/**
 * Benchmark (not a test): a UMQ training step on real sequences, the av-digits task (FSDD
 * recordings as MFCC frames [T, 20] with their lengths, paired with MNIST digits at 25 % PCA
 * energy as 784-d vectors; issue 21). The model is the one `umq train --dataset av-digits` builds
 * (default preset; the audio through the sequence encoder with its padding mask); the step is
 * the trainer's (`applyStep` of the serial runner) on the first 64 training rows, shuffled as the
 * trainer shuffles. Prints one JSON line: ms per step (median and min of `--runs` after 5
 * warm-up steps), batch-1 inference ms (median of 10 after 3), the batch's frames (valid / padded),
 * peak RSS, tensors alive after the runs. Run by tools/bench/run.mjs (one row, ours only: the
 * PyTorch reference has no loader for these data), or alone:
 *
 *   node --conditions=@umq/source --import tsx tools/bench/datasets/av-digits-step.ts [--runs 20] [--hop-length 80] [--max-frames 0]
 *
 * `--max-frames 0` keeps every frame (the loader's default: the longest recording).
 */
import { loadavg } from 'node:os';
import { initEngine, tf, AdamW, Rng } from '@umq/core';
import { loadDataset } from '@umq/datasets';
import { buildModel, batchOf, applyStep, type HarnessModel } from '@umq/model';
import { prepareSplits } from '../../../packages/model/src/eval/recipes';
import { sharedDataFile } from '../../testing/shared-data';

const args = process.argv.slice(2);
const opt = (flag: string, dflt: number): number => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('--runs', 20);
const HOP = opt('--hop-length', 80);
const MAX_FRAMES = opt('--max-frames', 0);
const B = 64;

const fsdd = sharedDataFile('fsdd');
if (!fsdd) {
  console.log(JSON.stringify({ error: 'shared data not found (../shared/data/fsdd): nothing to benchmark' }));
  process.exit(0);
}
const engine = await initEngine();
const t0 = performance.now();
const dataset = await loadDataset({ kind: 'av-digits', path: fsdd, audio: { hopLength: HOP }, ...(MAX_FRAMES > 0 ? { maxFrames: MAX_FRAMES } : {}) });
const loadMs = performance.now() - t0;
const splits = prepareSplits(dataset, 'default', 1);
const model: HarnessModel = buildModel('umq', dataset, { seed: 1 });
const optimizer = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
const params = model.parameters();
const info = { epoch: 0, rng: new Rng(7) };

const index = Int32Array.from({ length: B }, (_, i) => (i * 37) % splits.train.labels.length);
const batch = batchOf(splits.train, index);
const audio = splits.train.features.find((f) => f.mask)!;
let valid = 0;
for (const i of index) for (let t = 0; t < audio.t; t++) valid += audio.mask![i * audio.t + t];

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const step = async (): Promise<number> => {
  const s = performance.now();
  const r = await applyStep(model, batch, params, optimizer, info, null); // the serial runner's step
  tf.dispose(Object.values(r.terms));
  return performance.now() - s;
};
for (let i = 0; i < 5; i++) await step();
const before = tf.memory().numTensors;
const train: number[] = [];
for (let i = 0; i < RUNS; i++) train.push(await step());
const leaked = tf.memory().numTensors - before;

const one = batchOf(splits.test, Int32Array.of(0));
const infer = (): number => {
  const s = performance.now();
  const out = model.forward(one, { training: false, losses: 'none' });
  out.logits.dataSync();
  tf.dispose(out as never);
  return performance.now() - s;
};
for (let i = 0; i < 3; i++) infer();
const infer1 = median(Array.from({ length: 10 }, infer));
batch.dispose();
one.dispose();

console.log(
  JSON.stringify({
    name: 'av-digits',
    engine: engine.name,
    B,
    T: audio.t,
    dims: dataset.modalities.map((m) => m.dim),
    validFrames: valid,
    paddedFrames: B * audio.t,
    trainMs: median(train),
    trainMinMs: Math.min(...train),
    infer1Ms: infer1,
    loadMs,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    leakedAfterSteps: leaked,
    load: loadavg()[0],
  }),
);
