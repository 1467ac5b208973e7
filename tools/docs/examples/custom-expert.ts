// Inject a custom expert into UMQ's mixture of experts: a residual ReLU expert instead of the MLPs.
import { tf, initEngine, Module, Linear, type CallContext } from '@umq/core';
import { MixtureOfExperts } from '@umq/moe';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import { UMQModel, datasetShape, train, predict, taskMetrics } from '@umq/model';

/** x + relu(x W + b): keeps the width, so it fits between UMQ's fusion MLP and predictor. */
class ResidualExpert extends Module {
  static override className = 'docs.ResidualExpert';
  private readonly proj: Linear;
  constructor(private readonly features: number, seed: number) {
    super();
    this.proj = this.addModule('proj', new Linear({ inFeatures: features, outFeatures: features, seed }));
  }
  call(x: tf.Tensor, _ctx: CallContext): tf.Tensor {
    return tf.tidy(() => tf.add(x, tf.relu(this.proj.call(x))));
  }
  getConfig() {
    return { features: this.features };
  }
}

await initEngine();
const ds = makeSynthetic({ samples: 400, seed: 3 });
const split = (name: 'train' | 'valid' | 'test') => { const { features, labels } = splitArrays(ds, name); return { features, labels }; };
const shape = datasetShape(ds);
const d = 16;
const M = shape.modalities.length;
const moe = new MixtureOfExperts({
  inFeatures: d, outFeatures: d, sideFeatures: M, // the gate sees [h ; q] (Eq 10), q: M quality scores
  numExperts: 4, topK: 2, seed: 1,
  experts: (index, seed) => new ResidualExpert(d, seed),
});
const model = new UMQModel({ ...shape, d, encoders: { heads: 2 }, seed: 1, components: { moe } }); // the injected MoE sets E and k
console.log(model.namedParameters().map(([name]) => name).filter((n) => n.startsWith('moe.experts.0')));
await train(model, { train: () => split('train'), valid: split('valid') }, { epochs: 12, batchSize: 32, learningRate: 3e-3, seed: 1, progress: false });
const { logits, outDim, topIndices } = predict(model, split('test'));
const used = new Set(topIndices).size;
console.log(`test accuracy ${taskMetrics('binary', logits, outDim, split('test').labels).accuracy?.toFixed(3)}, experts used: ${used} of 4`);
model.dispose();
