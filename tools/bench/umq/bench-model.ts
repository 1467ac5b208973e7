/**
 * The benchmark's UMQ for a configuration of configs.mjs (the model both the profile and the
 * AdamW benchmark time), seed 1.
 */
import { tf, Rng, AdamW } from '@umq/core';
import { UMQModel } from '@umq/model';
import { CONFIGS, MODEL } from './configs.mjs';

/** A fresh UMQ of configuration `name` (`sequence` or `utterance`). */
export function benchModel(name: keyof typeof CONFIGS): UMQModel {
  const cfg = CONFIGS[name];
  return new UMQModel({
    modalities: cfg.dims.map((dim, m) => ({ name: `m${m}`, kind: cfg.kind as 'sequence' | 'vector', dim })),
    task: 'binary', outDim: 1, d: MODEL.d, encoders: { layers: MODEL.layers, heads: MODEL.heads, ffMult: MODEL.ffMult },
    moe: { numExperts: MODEL.numExperts, topK: MODEL.topK }, dropout: MODEL.dropout, seed: 1,
  });
}

/**
 * One training step (forward with every loss, tf.variableGrads, AdamW) of the benchmark's UMQ on a
 * fixed batch of vector configuration `name` (utterance): what step-loop.ts and lean-ab.ts time.
 * Call after `initEngine`.
 */
export function vectorTrainingStep(name: keyof typeof CONFIGS): () => void {
  const cfg = CONFIGS[name];
  if (cfg.kind !== 'vector') throw new Error(`'${name}' is a sequence configuration; use ts-step.ts for it`);
  const model = benchModel(name);
  const params = model.parameters();
  const optimizer = new AdamW({ learningRate: MODEL.lr, weightDecay: MODEL.weightDecay });
  const rng = new Rng(7);
  const r = new Rng(1);
  const x = cfg.dims.map((D: number) => tf.tensor2d(r.fillNormal(new Float32Array(cfg.B * D)) as Float32Array, [cfg.B, D]));
  const y = tf.tensor1d(Array.from({ length: cfg.B }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0)), 'float32');
  return (): void => {
    const { value, grads } = tf.variableGrads(() => model.forward({ x, mask: x.map(() => null), y }, { training: true, rng, losses: 'all' }).loss!, params);
    optimizer.applyGradients(grads);
    value.dataSync();
    tf.dispose([value, grads] as never);
  };
}
