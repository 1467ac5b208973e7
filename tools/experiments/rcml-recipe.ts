/**
 * The published recipe of TMC / ECML (RCML) on a multi-view MAT file, outside the harness, as
 * a sanity check of the baselines against the official code's numbers (the harness's
 * `--recipe rcml` is for the lead to wire): features min-max scaled on the whole data set, a
 * random 80/20 split per seed, one linear layer + softplus per view, Adam with coupled L2
 * (lr 3e-3, weight decay 1e-5), batch 200 shuffled, 500 epochs, KL annealed over 50 counted
 * from 1, the last epoch evaluated on the clean test split and on RCML's conflictive test split
 * (`conflict`: noise σ 0.5 on 10 %, one view of 40 % replaced by a class (y+1) mod C view).
 *
 *   node --conditions=@umq/source --import tsx tools/experiments/rcml-recipe.ts \
 *     --data ../shared/data/multiview/handwritten_6views.mat --models tmc,ecml --seeds 1,2 [--epochs 500] [--fusion sequential-average]
 *
 * Prints one line per model and seed: accuracy on the normal test split and on two conflictive
 * versions of it: replacement views from the test split itself (`conflict`'s default) and, as
 * RCML's code does, from the first sample of the class in the whole data set (`donor=first`).
 */
import { parseArgs } from 'node:util';
import { tf, initEngine, AdamW, Rng, deriveSeed, type ModalityArray } from '@umq/core';
import { loadDataset, batches, gatherRows } from '@umq/datasets';
import { applyCorruption } from '@umq/corruptions';
import { TMC } from '../../packages/model/src/baselines/tmc';
import { ECML } from '../../packages/model/src/baselines/ecml';
import { ETMC } from '../../packages/model/src/baselines/etmc';
import { TrustDiscountedFusion } from '../../packages/model/src/baselines/etf';
import type { HarnessModel } from '../../packages/model/src/types';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/multiview/handwritten_6views.mat' },
    models: { type: 'string', default: 'tmc,ecml' },
    seeds: { type: 'string', default: '1' },
    epochs: { type: 'string', default: '500' },
    lr: { type: 'string', default: '3e-3' },
    fusion: { type: 'string' },
  },
});

/** Per-feature min-max scaling to [0, 1] over all rows (sklearn MinMaxScaler: a constant feature maps to 0). */
function minMax(x: ModalityArray): ModalityArray {
  const out = new Float32Array(x.values.length);
  for (let j = 0; j < x.d; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < x.n; i++) {
      const v = x.values[i * x.d + j];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const range = hi - lo || 1;
    for (let i = 0; i < x.n; i++) out[i * x.d + j] = (x.values[i * x.d + j] - lo) / range;
  }
  return { ...x, values: out };
}

function build(name: string, shape: { modalities: { name: string; kind: 'vector'; dim: number }[]; task: 'multiclass'; outDim: number }, seed: number): HarnessModel {
  const fusion = values.fusion as never;
  switch (name) {
    case 'tmc':
      return new TMC({ ...shape, seed });
    case 'etmc':
      return new ETMC({ ...shape, seed });
    case 'ecml':
      return new ECML({ ...shape, seed, ...(fusion ? { fusion } : {}) });
    case 'etf':
      return new TrustDiscountedFusion({ ...shape, seed });
    default:
      throw new Error(`unknown model ${name}: tmc, etmc, ecml, etf`);
  }
}

function accuracy(model: HarnessModel, split: { features: ModalityArray[]; labels: Float32Array }): number {
  let correct = 0;
  for (const b of batches(split, { batchSize: 500 })) {
    const pred = tf.tidy(() => tf.argMax(model.forward(b, { training: false, losses: 'none' }).logits, 1).dataSync());
    b.index.forEach((row, i) => (correct += pred[i] === split.labels[row] ? 1 : 0));
    b.dispose();
  }
  return correct / split.labels.length;
}

await initEngine();
const ds = await loadDataset({ kind: 'mat', path: values.data! });
const C = ds.task.type === 'multiclass' ? ds.task.classes : 2;
const all = ds.features.map(minMax);
const N = ds.labels.length;
const shape = { modalities: ds.modalities.map((m) => ({ name: m.name, kind: 'vector' as const, dim: m.dim })), task: 'multiclass' as const, outDim: C };
const epochs = Number(values.epochs);
for (const seed of values.seeds!.split(',').map(Number)) {
  const perm = new Rng(deriveSeed(seed, 'rcml-split')).permutation(N);
  const cut = Math.floor(0.8 * N);
  const pick = (rows: Int32Array) => ({ features: all.map((x) => gatherRows(x, rows)), labels: Float32Array.from(rows, (r) => ds.labels[r]) });
  const train = pick(perm.slice(0, cut));
  const test = pick(perm.slice(cut));
  const conflictOf = (donor: 'random' | 'first') => ({
    features: applyCorruption(test.features, { kind: 'conflict', donor }, deriveSeed(seed, 'conflict'), {
      labels: test.labels, classes: C, ...(donor === 'first' ? { donors: { data: all, labels: ds.labels } } : {}),
    }).data,
    labels: test.labels,
  });
  const conflictSplit = conflictOf('random');
  const conflictWhole = conflictOf('first');
  for (const name of values.models!.split(',')) {
    const model = build(name, shape, seed);
    const opt = new AdamW({ learningRate: Number(values.lr), weightDecay: 1e-5, weightDecayMode: 'coupled' });
    const vars = model.namedParameters().map(([, v]) => v);
    const t0 = Date.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const rng = new Rng(deriveSeed(seed, 'dropout', epoch));
      for (const b of batches(train, { batchSize: 200, shuffle: true, seed: deriveSeed(seed, 'shuffle', epoch) })) {
        const { value, grads } = tf.variableGrads(() => model.forward(b, { training: true, rng, losses: 'all', epoch }).loss!, vars);
        opt.applyGradients(grads);
        tf.dispose([value, ...Object.values(grads)]);
        b.dispose();
      }
    }
    const pct = (split: { features: ModalityArray[]; labels: Float32Array }): string => (100 * accuracy(model, split)).toFixed(2);
    console.log(`${name}${values.fusion ? `[${values.fusion}]` : ''} seed ${seed}: normal ${pct(test)}  conflict ${pct(conflictSplit)} (donors from the test split)  ${pct(conflictWhole)} (first of class in the data set)  [${epochs} epochs, ${((Date.now() - t0) / 1000).toFixed(0)} s]`);
    opt.dispose();
    model.dispose();
  }
}
