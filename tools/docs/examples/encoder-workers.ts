// Encoder workers: train UMQ on feature sequences with its modality encoders in 2 worker threads.
import { initEngine } from '@umq/core';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import { UMQModel, datasetShape, train, type RunnerSpec } from '@umq/model';

await initEngine();
const ds = makeSynthetic({
  samples: 240, seed: 1,
  modalities: [
    { name: 'text', kind: 'sequence', dim: 24, seqLen: 10, informativeness: 1, noise: 1 },
    { name: 'audio', kind: 'sequence', dim: 8, seqLen: 10, informativeness: 0.5, noise: 1 },
    { name: 'vision', kind: 'sequence', dim: 6, seqLen: 10, informativeness: 0.3, noise: 1 },
  ],
});
const split = (name: 'train' | 'valid') => { const { features, labels } = splitArrays(ds, name); return { features, labels }; };
const data = { train: () => split('train'), valid: split('valid') };

// dropout 0: the encoders' dropout masks are the only thing that differs between the two modes
const runners: RunnerSpec[] = [{ kind: 'serial' }, { kind: 'encoder-workers', workers: 2 }];
for (const runner of runners) {
  const model = new UMQModel({ ...datasetShape(ds), d: 16, encoders: { heads: 2 }, moe: { numExperts: 4, topK: 2 }, dropout: 0, seed: 1 });
  const result = await train(model, data, { epochs: 3, batchSize: 32, learningRate: 3e-3, seed: 1, progress: false, runner });
  console.log(`${runner.kind.padEnd(15)}: validation loss per epoch ${result.history.map((h) => h.validLoss!.toFixed(6)).join(' ')}`);
  model.dispose();
}
