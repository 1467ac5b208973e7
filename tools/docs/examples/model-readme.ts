import { initEngine } from '@umq/core';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import { UMQModel, datasetShape, train, predict, taskMetrics } from '@umq/model';

await initEngine();
const ds = makeSynthetic({ samples: 400, seed: 1 }); // three vector modalities, binary labels
const split = (name: 'train' | 'valid' | 'test') => { const { features, labels } = splitArrays(ds, name); return { features, labels }; };
const model = new UMQModel({ ...datasetShape(ds), d: 16, encoders: { heads: 2 }, moe: { numExperts: 4, topK: 2 }, seed: 1 });
const result = await train(model, { train: () => split('train'), valid: split('valid') }, { epochs: 15, batchSize: 32, learningRate: 3e-3, seed: 1, progress: false });
const { logits, outDim, quality } = predict(model, split('test'));
const metrics = taskMetrics('binary', logits, outDim, split('test').labels);
console.log(`best epoch ${result.bestEpoch}, test accuracy ${metrics.accuracy?.toFixed(3)}, mean q of modality 0: ${(quality![0].reduce((a, b) => a + b, 0) / quality![0].length).toFixed(3)}`);
model.dispose();
