import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, ShapeError } from '../index';
import { sequencePacking, packSequence, unpackSequence } from './sequence-packing';
import { gradCheck, randn } from '../../../../tools/testing/grad-check';

describe('sequence packing', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const mask = () => tf.tensor2d([[1, 1, 0], [1, 0, 0], [1, 1, 1]]);

  it('finds the valid steps row-major, and is null when nothing is padded', () => {
    const p = sequencePacking(mask())!;
    expect(p).toMatchObject({ batch: 3, steps: 3 });
    expect([...p.rows]).toEqual([0, 1, 3, 6, 7, 8]);
    expect(sequencePacking(tf.ones([2, 4]))).toBeNull();
    expect(() => sequencePacking(tf.ones([2, 4, 1]))).toThrow(ShapeError);
  });

  it('packs the valid steps and unpacks them with zeros at the padded ones', () => {
    const p = sequencePacking(mask())!;
    const x = tf.range(0, 18).reshape([3, 3, 2]);
    const rows = packSequence(x, p);
    expect(rows.arraySync()).toEqual([[0, 1], [2, 3], [6, 7], [12, 13], [14, 15], [16, 17]]);
    expect(unpackSequence(rows, p).arraySync()).toEqual([[[0, 1], [2, 3], [0, 0]], [[6, 7], [0, 0], [0, 0]], [[12, 13], [14, 15], [16, 17]]]);
    expect(() => packSequence(tf.ones([3, 4, 2]), p)).toThrow(/B=3, T=3/);
    expect(() => unpackSequence(tf.ones([5, 2]), p)).toThrow(/N=6/);
  });

  it('gradients match finite differences in both directions', () => {
    const p = sequencePacking(mask())!;
    const r = randn([6, 4], 3);
    for (const e of gradCheck((x) => tf.sum(tf.mul(packSequence(x, p), r)) as tf.Scalar, [randn([3, 3, 4], 1)])) expect(e).toBeLessThan(1e-2);
    const s = randn([3, 3, 4], 4);
    for (const e of gradCheck((y) => tf.sum(tf.mul(unpackSequence(y, p), s)) as tf.Scalar, [randn([6, 4], 2)])) expect(e).toBeLessThan(1e-2);
  });

  it('leaks no tensors through a forward and backward pass', () => {
    const p = sequencePacking(mask())!;
    const x = tf.variable(randn([3, 3, 4], 5));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(unpackSequence(tf.mul(packSequence(x, p), 2), p))) as tf.Scalar, [x]);
    // d/dx of sum((2 x_valid)^2) = 8 x at valid steps, 0 at padded ones
    const g = grads[x.name].arraySync() as number[][][];
    const xv = x.arraySync() as number[][][];
    expect(g[0][2]).toEqual([0, 0, 0, 0]);
    expect(g[2][1][3]).toBeCloseTo(8 * xv[2][1][3], 4);
    tf.dispose([value, grads] as never);
    expect(tf.memory().numTensors).toBe(before);
  });
});
