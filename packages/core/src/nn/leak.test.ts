/**
 * One training step of a small sequence encoder (Conv1d -> TransformerEncoderLayer -> LayerNorm
 * -> maskedMeanPool -> Linear) must leave tf.memory().numTensors unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, Conv1d, TransformerEncoderLayer, LayerNorm, Linear, maskedMeanPool, Rng, MultiHeadSelfAttention } from '../index';

describe('no tensor leaks', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('a training step (variableGrads + apply) of Conv1d + TransformerEncoderLayer + LayerNorm + pool + Linear', () => {
    const conv = new Conv1d({ inChannels: 5, outChannels: 8, seed: 1 });
    const enc = new TransformerEncoderLayer({ dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0.1, seed: 2 });
    const ln = new LayerNorm({ features: 8 });
    const head = new Linear({ inFeatures: 8, outFeatures: 1, seed: 3 });
    const params = [conv, enc, ln, head].flatMap((m) => m.parameters());
    const x = tf.randomNormal([4, 6, 5], 0, 1, 'float32', 1);
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]);
    const y = tf.randomNormal([4, 1], 0, 1, 'float32', 2);
    const opt = tf.train.adam(1e-3);
    const rng = new Rng(9);
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => {
        const h = ln.call(enc.call(conv.call(x), mask, { training: true, rng }));
        return tf.mean(tf.square(tf.sub(head.call(maskedMeanPool(h, mask)), y))) as tf.Scalar;
      }, params);
      opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      tf.dispose([value, grads]);
    };
    step(); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('attention with returned weights leaks nothing once both are disposed', () => {
    const m = new MultiHeadSelfAttention({ dModel: 8, numHeads: 2, seed: 1 });
    const x = tf.randomNormal([2, 3, 8]);
    const before = tf.memory().numTensors;
    const { output, weights } = m.call(x, null, undefined, true);
    tf.dispose([output, weights as tf.Tensor]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
