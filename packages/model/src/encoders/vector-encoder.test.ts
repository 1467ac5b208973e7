import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, EVAL, OptionError } from '@umq/core';
import { VectorEncoder } from './vector-encoder';

describe('VectorEncoder', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("norm 'layer' (default) normalises each row; 'none' is the MLP alone, without LayerNorm parameters", () => {
    const x = tf.randomNormal([6, 7], 0, 3, 'float32', 1);
    const withLn = new VectorEncoder({ inFeatures: 7, d: 8, seed: 2 });
    const plain = new VectorEncoder({ inFeatures: 7, d: 8, seed: 2, norm: 'none' });
    const a = withLn.call(x, null, EVAL);
    const b = plain.call(x, null, EVAL);
    expect(a.shape).toEqual([6, 8]);
    const rows = a.arraySync() as number[][];
    for (const r of rows) {
      const mean = r.reduce((s, v) => s + v, 0) / r.length;
      const variance = r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(variance).toBeCloseTo(1, 2);
    }
    // same seed, same MLP: LayerNorm of the plain output is the normalised output
    const renorm = tf.tidy(() => {
      const { mean, variance } = tf.moments(b, -1, true);
      return tf.div(tf.sub(b, mean), tf.sqrt(tf.add(variance, 1e-5)));
    });
    expect(tf.max(tf.abs(tf.sub(renorm, a))).dataSync()[0]).toBeLessThan(1e-4);
    expect(plain.namedParameters().some(([k]) => k.startsWith('ln.'))).toBe(false);
    expect(withLn.namedParameters().some(([k]) => k.startsWith('ln.'))).toBe(true);
    expect(() => new VectorEncoder({ inFeatures: 7, d: 8, norm: 'batch' as never })).toThrow(OptionError);
    tf.dispose([x, a, b, renorm]);
    withLn.dispose();
    plain.dispose();
  });
});
