import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { LatePathGate } from './late-path-gate';

describe('LatePathGate', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('starts as the mean of the two paths, learns from the task loss (never from q), and leaks nothing', () => {
    const gate = new LatePathGate({ modalities: 2 });
    const fused = tf.tensor2d([[2, 0], [0, 2]]);
    const late = tf.tensor2d([[0, 4], [4, 0]]);
    const q = tf.tensor2d([[0.9, 0.1], [0.2, 0.8]]); // [M, B]
    const out = gate.mix(fused, late, q);
    expect(Array.from(out.dataSync())).toEqual([1, 2, 2, 1]);
    const params = gate.parameters();
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(gate.mix(fused, late, q), tf.tensor2d([[1, 0], [0, 0]]))) as tf.Scalar, params);
    // d/db of g·2 + (1-g)·0 at g = 1/2 is 2·g(1-g) = 0.5 (first sample only)
    expect(grads[params[1].name].dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(Array.from(grads[params[0].name].dataSync()).map((x) => Number(x.toFixed(6)))).toEqual([0.45, 0.1]); // 0.5 · q of the first sample
    const gq = tf.grad((x: tf.Tensor) => tf.sum(gate.mix(fused, late, x)))(q);
    expect(Array.from(gq.dataSync()).every((x) => x === 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads), gq, out]);
    const before = tf.memory().numTensors;
    gate.mix(fused, late, q).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([fused, late, q]);
    gate.dispose();
  });
});
