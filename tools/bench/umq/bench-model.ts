/**
 * The benchmark's UMQ for a configuration of configs.mjs (the model both the profile and the
 * AdamW benchmark time), seed 1.
 */
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
