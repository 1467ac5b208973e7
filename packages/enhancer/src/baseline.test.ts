import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, Rng, OptionError, ShapeError } from '@umq/core';
import { ModalityBaseline } from './baseline';

describe('ModalityBaseline (Eq 7)', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const train = { training: true, rng: new Rng(0) };

  it('starts at zero, updates b̄ = β b̄ + (1 - β) mean(c) in training only, returns b̄ + e', () => {
    const bl = new ModalityBaseline({ modalities: 2, features: 3, beta: 0.5 });
    expect(Array.from(bl.call(null).dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    const c = tf.tensor3d([[[2, 4, 6], [0, 0, 2]], [[1, 1, 1], [3, 3, 3]]]); // means [1,2,4], [2,2,2]
    bl.call(c, train);
    expect(Array.from(bl.movingAverage.dataSync())).toEqual([0.5, 1, 2, 1, 1, 1]);
    bl.call(c, train);
    expect(Array.from(bl.movingAverage.dataSync())).toEqual([0.75, 1.5, 3, 1.5, 1.5, 1.5]);
    bl.call(c); // eval: no update
    expect(Array.from(bl.movingAverage.dataSync())).toEqual([0.75, 1.5, 3, 1.5, 1.5, 1.5]);
    bl.bias.assign(tf.ones([2, 3]));
    expect(Array.from(bl.call(null).dataSync())).toEqual([1.75, 2.5, 4, 2.5, 2.5, 2.5]);
    bl.dispose();
  });

  it('the buffer is saved state but not a parameter; gradients reach e only, never c', () => {
    const bl = new ModalityBaseline({ modalities: 2, features: 3 });
    expect(Object.keys(bl.stateDict()).sort()).toEqual(['bias', 'movingAverage']);
    expect(bl.parameters().map((p) => p.name)).toEqual([bl.bias.name]);
    expect(bl.getConfig()).toEqual({ modalities: 2, features: 3, beta: 0.9 });
    const c = tf.variable(tf.randomNormal([2, 4, 3], 0, 1, 'float32', 1));
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(bl.call(c, train))) as tf.Scalar, [c, bl.bias]);
    expect(grads[bl.bias.name].shape).toEqual([2, 3]);
    const gc = grads[c.name];
    expect(gc ? Math.max(...Array.from(gc.dataSync(), Math.abs)) : 0).toBe(0);
    bl.dispose();
  });

  it('named errors; no leak per training call', () => {
    expect(() => new ModalityBaseline({ modalities: 2, features: 3, beta: 1 })).toThrow(OptionError);
    const bl = new ModalityBaseline({ modalities: 2, features: 3 });
    expect(() => bl.call(null, train)).toThrow(OptionError);
    expect(() => bl.call(tf.zeros([3, 2, 3]), train)).toThrow(ShapeError);
    const c = tf.ones([2, 4, 3]);
    bl.call(c, train).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) bl.call(c, train).dispose();
    expect(tf.memory().numTensors).toBe(before);
    bl.dispose();
  });
});
