import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, TransformerEncoderLayer, Conv1d, Rng, OptionError, ShapeError } from '../index';
import { randn, variableGradCheck } from '../../../../tools/testing/grad-check';

describe('TransformerEncoderLayer', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('is post-norm: every output row has zero mean and unit variance before gamma/beta', () => {
    const layer = new TransformerEncoderLayer({ dModel: 8, numHeads: 2, dimFeedforward: 16, seed: 2 });
    const y = layer.call(randn([2, 4, 8], 1), tf.tensor2d([[1, 1, 1, 1], [1, 1, 0, 0]])).arraySync() as number[][][];
    for (const row of y.flat()) {
      const mean = row.reduce((a, b) => a + b, 0) / row.length;
      const v = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(v).toBeCloseTo(1, 3);
    }
  });

  it('dropout: same rng seed same output, differs from eval, needs ctx.rng', () => {
    const layer = new TransformerEncoderLayer({ dModel: 8, numHeads: 2, dimFeedforward: 16, dropout: 0.3, seed: 2 });
    const x = randn([2, 4, 8], 3);
    const a = layer.call(x, null, { training: true, rng: new Rng(5) }).dataSync();
    const b = layer.call(x, null, { training: true, rng: new Rng(5) }).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(layer.call(x).dataSync()));
    expect(() => layer.call(x, null, { training: true })).toThrow(/needs ctx.rng/);
    expect(() => new TransformerEncoderLayer({ dModel: 8, dropout: 1 })).toThrow(OptionError);
  });

  it('parameter gradients match finite differences (small layer)', () => {
    const layer = new TransformerEncoderLayer({ dModel: 4, numHeads: 2, dimFeedforward: 6, dropout: 0, seed: 4 });
    const x = randn([1, 3, 4], 6);
    const r = randn([1, 3, 4], 7);
    const mask = tf.tensor2d([[1, 1, 0]]);
    const errs = variableGradCheck(() => tf.sum(tf.mul(layer.call(x, mask), r)) as tf.Scalar, layer.parameters());
    // LayerNorm after the residual makes float32 differences noisier: 2e-2 relative.
    errs.forEach((e, i) => expect(e, layer.namedParameters()[i][0]).toBeLessThan(2e-2));
  });
});

describe('Conv1d module', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('initialises U(±1/sqrt(C·K)) as PyTorch, is seeded, and checks its input', () => {
    const conv = new Conv1d({ inChannels: 4, outChannels: 50, kernelSize: 3, seed: 1 });
    const w = conv.weight.dataSync();
    const bound = 1 / Math.sqrt(12);
    expect(conv.weight.shape).toEqual([3, 4, 50]);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(Array.from(new Conv1d({ inChannels: 4, outChannels: 50, seed: 1 }).weight.dataSync())).toEqual(Array.from(w));
    expect(() => conv.call(tf.zeros([2, 5, 3]))).toThrow(ShapeError);
    expect(() => new Conv1d({ inChannels: 4, outChannels: 2, kernelSize: 4 })).toThrow(OptionError);
    expect(conv.getConfig()).toEqual({ inChannels: 4, outChannels: 50, kernelSize: 3, bias: true, seed: 1 });
  });
});
