// Ablation by one option: UMQ with and without @umq/moe (`moe: null`: a plain predictor on the
// fused h), over three seeds (one run on a small data set says little: training is noisy).
import { initEngine } from '@umq/core';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import { UMQModel, datasetShape, train, predict, taskMetrics, type UMQOverrides } from '@umq/model';

await initEngine();
const ds = makeSynthetic({ samples: 400, seed: 3 });
const split = (name: 'train' | 'valid' | 'test') => { const { features, labels } = splitArrays(ds, name); return { features, labels }; };

async function accuracy(ablation: UMQOverrides, seed: number): Promise<number> {
  const model = new UMQModel({ ...datasetShape(ds), d: 16, encoders: { heads: 2 }, moe: { numExperts: 4, topK: 2 }, ...ablation, seed });
  await train(model, { train: () => split('train'), valid: split('valid') }, { epochs: 12, batchSize: 32, learningRate: 3e-3, seed, progress: false });
  const { logits, outDim } = predict(model, split('test'));
  model.dispose();
  return taskMetrics('binary', logits, outDim, split('test').labels).accuracy ?? NaN;
}

const seeds = [1, 2, 3];
for (const [label, ablation] of [['default MoE', {}], ['moe: null', { moe: null }]] as const) {
  const accs: number[] = [];
  for (const seed of seeds) accs.push(await accuracy(ablation, seed)); // moe: null leaves the MoE out
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  console.log(`${label.padEnd(12)} test accuracy per seed ${accs.map((a) => a.toFixed(3)).join(' ')}, mean ${mean.toFixed(3)}`);
}
