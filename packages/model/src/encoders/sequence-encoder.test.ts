import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, Rng, EVAL } from '@umq/core';
import { SequenceEncoder } from './sequence-encoder';

/** Largest |a - b| / max|a|. */
function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

describe('SequenceEncoder skipPadding', () => {
  beforeAll(async () => {
    await initEngine();
  });

  const B = 4, T = 6, D = 5;
  const x = () => {
    const v = new Float32Array(B * T * D);
    new Rng(3).fillNormal(v);
    return tf.tensor3d(v, [B, T, D]);
  };
  // lengths 6 (none padded), 3, 1 and 4
  const mask = () => tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0]]);

  it.each(['linear', 'conv'] as const)('packed and padded computation agree (%s projection): output and every gradient', (projection) => {
    const build = (skipPadding: boolean) => new SequenceEncoder({ inFeatures: D, d: 8, projection, layers: 2, heads: 2, ffDim: 16, dropout: 0, seed: 7, skipPadding });
    const packed = build(true);
    const padded = build(false);
    const xs = x();
    const m = mask();
    const run = (enc: SequenceEncoder) => {
      const vars = enc.parameters();
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(enc.call(xs, m, EVAL))) as tf.Scalar, vars);
      const out = enc.call(xs, m, EVAL);
      const result = { out: out.dataSync().slice(), grads: vars.map((v) => grads[v.name].dataSync().slice()), loss: value.dataSync()[0] };
      tf.dispose([out, value, grads] as never);
      return result;
    };
    const a = run(packed);
    const b = run(padded);
    expect(rel(b.out, a.out)).toBeLessThan(1e-5);
    b.grads.forEach((g, i) => expect(rel(g, a.grads[i]), `gradient ${i}`).toBeLessThan(1e-4));
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5 * Math.abs(b.loss));
    tf.dispose([xs, m]);
    packed.dispose();
    padded.dispose();
  });

  it('takes the padded path when nothing is padded, and leaks no tensors while packing', () => {
    const enc = new SequenceEncoder({ inFeatures: D, d: 8, heads: 2, dropout: 0.1, seed: 1 });
    const xs = x();
    const m = mask();
    const ones = tf.ones([B, T]);
    const before = tf.memory().numTensors;
    const ctx = { training: true, rng: new Rng(1) };
    const { value, grads } = tf.variableGrads(() => tf.sum(enc.call(xs, m, ctx)) as tf.Scalar, enc.parameters());
    tf.dispose([value, grads] as never);
    const u = enc.call(xs, ones, EVAL);
    const plain = enc.call(xs, null, EVAL);
    expect(rel(plain.dataSync(), u.dataSync())).toBeLessThan(1e-6);
    tf.dispose([u, plain]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, m, ones]);
    enc.dispose();
  });
});
