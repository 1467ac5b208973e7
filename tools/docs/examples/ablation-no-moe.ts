// Ablation by injection: UMQ with and without @umq/moe (a plain predictor on the fused h).
import { initEngine } from '@umq/core';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import { UMQModel, datasetShape, train, predict, taskMetrics, type UMQComponents } from '@umq/model';

await initEngine();
const ds = makeSynthetic({ samples: 400, seed: 3 });
const split = (name: 'train' | 'valid' | 'test') => { const { features, labels } = splitArrays(ds, name); return { features, labels }; };

async function accuracy(components: UMQComponents): Promise<number> {
  const model = new UMQModel({ ...datasetShape(ds), d: 16, heads: 2, numExperts: 4, topK: 2, seed: 1, components });
  await train(model, { train: () => split('train'), valid: split('valid') }, { epochs: 12, batchSize: 32, learningRate: 3e-3, seed: 1, progress: false });
  const { logits, outDim } = predict(model, split('test'));
  const { accuracy } = taskMetrics('binary', logits, outDim, split('test').labels);
  console.log(`${components.moe === null ? 'moe: null' : 'default MoE'}: ${model.parameters().length} parameter tensors, test accuracy ${accuracy?.toFixed(3)}`);
  model.dispose();
  return accuracy ?? NaN;
}

const full = await accuracy({});           // every part built from the options
const noMoe = await accuracy({ moe: null }); // the MoE left out: no L_moe, no routing
console.log(`accuracy difference (full - no MoE): ${(full - noMoe).toFixed(3)}`);
