import { describe, expect, it, beforeAll } from 'vitest';
import { initEngine, tf, MLP, Rng } from './index';

describe('core smoke', () => {
  beforeAll(async () => {
    await initEngine();
  });
  it('selects wasm with SIMD and trains an MLP step without leaking', () => {
    expect(tf.getBackend()).toBe('wasm');
    const mlp = new MLP({ inFeatures: 4, hidden: 8, outFeatures: 1, seed: 1, dropout: 0.1 });
    const x = tf.randomNormal([16, 4], 0, 1, 'float32', 1);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 2);
    const opt = tf.train.adam(0.01);
    const rng = new Rng(3);
    const step = () => opt.minimize(() => tf.losses.meanSquaredError(y, mlp.call(x, { training: true, rng })) as tf.Scalar, false, mlp.parameters());
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});
