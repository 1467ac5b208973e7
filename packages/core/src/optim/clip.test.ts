import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initEngine, NumericError, OptionError } from '../index';
import { clipByGlobalNorm, clipScale, globalNorm, scaleGradients, squaredNorms } from './clip';

describe('clipByGlobalNorm', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('scales by maxNorm / (norm + 1e-6) when the global norm is too large (map form)', () => {
    const grads = { a: tf.tensor1d([3, 4]), b: tf.tensor2d([[12]]) }; // global norm 13
    const r = clipByGlobalNorm(grads, 1);
    expect(r.norm).toBeCloseTo(13, 5);
    const scale = 1 / (13 + 1e-6);
    expect(r.scale).toBeCloseTo(scale, 9);
    expect(Object.keys(r.grads)).toEqual(['a', 'b']);
    const a = r.grads.a.dataSync();
    expect(a[0]).toBeCloseTo(3 * scale, 6);
    expect(a[1]).toBeCloseTo(4 * scale, 6);
    expect(r.grads.b.shape).toEqual([1, 1]);
    expect(r.grads.b.dataSync()[0]).toBeCloseTo(12 * scale, 6);
    // the clipped global norm is maxNorm (up to the 1e-6 guard)
    const after = Math.hypot(...Array.from(a), r.grads.b.dataSync()[0]);
    expect(after).toBeCloseTo(1, 5);
    expect(Array.from(grads.a.dataSync())).toEqual([3, 4]); // input untouched
    tf.dispose([grads, r.grads]);
  });

  it('returns unchanged copies when the norm is within maxNorm (array form)', () => {
    const grads = [tf.tensor1d([0.3, -0.4])];
    const r = clipByGlobalNorm(grads, 1);
    expect(r.norm).toBeCloseTo(0.5, 6);
    expect(r.scale).toBe(1);
    expect(r.grads).toHaveLength(1);
    expect(r.grads[0]).not.toBe(grads[0]);
    expect(Array.from(r.grads[0].dataSync())).toEqual(Array.from(grads[0].dataSync()));
    tf.dispose([...grads, ...r.grads]);
  });

  it('leaks nothing but the returned tensors, and validates its inputs', () => {
    const grads = [tf.ones([4, 4]), tf.ones([3])];
    const before = tf.memory().numTensors;
    const r = clipByGlobalNorm(grads, 0.5);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose(r.grads);
    expect(() => clipByGlobalNorm(grads, 0)).toThrow(OptionError);
    const bad = [tf.tensor1d([Number.NaN, 1])];
    expect(() => clipByGlobalNorm(bad, 1, { errorIfNonFinite: true })).toThrow(NumericError);
    const r2 = clipByGlobalNorm(bad, 1);
    expect(Number.isNaN(r2.norm)).toBe(true);
    tf.dispose([...grads, ...bad, ...r2.grads]);
    expect(clipByGlobalNorm([], 1)).toEqual({ grads: [], norm: 0, scale: 1 });
  });

  it('squaredNorms + globalNorm over pieces held apart give clipByGlobalNorm\'s norm bit for bit', () => {
    const g = [tf.randomNormal([7, 5], 0, 1, 'float32', 1), tf.randomNormal([33], 0, 3, 'float32', 2), tf.randomNormal([4, 4, 2], 0, 0.1, 'float32', 3)];
    const before = tf.memory().numTensors;
    const first = squaredNorms(g.slice(0, 2)); // e.g. on the main thread
    const rest = squaredNorms(g.slice(2)); // e.g. in a worker
    expect(first).toHaveLength(2);
    const whole = clipByGlobalNorm(g, 1);
    expect(globalNorm([...first, ...rest])).toBe(whole.norm);
    expect(tf.memory().numTensors).toBe(before + 3);
    const scaled = scaleGradients(g, clipScale(whole.norm, 1));
    scaled.forEach((s, i) => expect(Array.from(s.dataSync())).toEqual(Array.from(whole.grads[i].dataSync())));
    expect(clipScale(0.5, 1)).toBe(1);
    expect(clipScale(13, 1)).toBe(1 / (13 + 1e-6));
    expect(globalNorm([])).toBe(0);
    expect(squaredNorms([])).toHaveLength(0);
    tf.dispose([...g, ...whole.grads, ...scaled]);
  });
});
