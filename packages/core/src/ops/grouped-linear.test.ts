import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, ShapeError } from '../index';
import { setSimdKernels, type SimdKernelChoice } from '../kernels/choice';
import { groupedLinear } from './grouped-linear';
import { linear } from './linear';
import { gradCheck, randn, relError } from '../../../../tools/testing/grad-check';

// 'auto': all groups in one call of the SIMD kernel; 'never': batchMatMul's routes without it (its group loop, tf.matMul)
describe.each(['auto', 'never'] as SimdKernelChoice[])('groupedLinear (SIMD kernels %s)', (choice) => {
  beforeAll(async () => {
    await initEngine();
    setSimdKernels(choice);
  });
  afterAll(() => {
    setSimdKernels('auto');
  });

  it('equals G separate linear calls', () => {
    const x = randn([3, 5, 4], 1), w = randn([3, 4, 2], 2), b = randn([3, 2], 3);
    const y = groupedLinear(x, w, b);
    expect(y.shape).toEqual([3, 5, 2]);
    const ref = tf.stack([0, 1, 2].map((g) => linear(tf.squeeze(tf.slice(x, [g, 0, 0], [1, -1, -1]), [0]), tf.squeeze(tf.slice(w, [g, 0, 0], [1, -1, -1]), [0]), tf.squeeze(tf.slice(b, [g, 0], [1, -1]), [0]))));
    expect(relError(y.dataSync(), ref.dataSync())).toBeLessThan(1e-6);
    expect(groupedLinear(tf.ones([2, 1, 3]), tf.ones([2, 3, 1])).arraySync()).toEqual([[[3]], [[3]]]);
  });

  it('gradient matches finite differences (x, W, b)', () => {
    const r = randn([2, 4, 3], 9);
    const errs = gradCheck((x, w, b) => tf.sum(tf.mul(groupedLinear(x, w, b), r)) as tf.Scalar, [randn([2, 4, 5], 1), randn([2, 5, 3], 2), randn([2, 3], 3)]);
    errs.forEach((e) => expect(e).toBeLessThan(1e-2));
  });

  it('gradient equals the stock batched tf.matMul gradient', () => {
    const x = randn([3, 6, 7], 4), w = randn([3, 7, 5], 5), r = randn([3, 6, 5], 6);
    const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(groupedLinear(a, b), r)))([x, w]);
    const stock = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D), r)))([x, w]);
    expect(relError(ours[0].dataSync(), stock[0].dataSync())).toBeLessThan(1e-6);
    expect(relError(ours[1].dataSync(), stock[1].dataSync())).toBeLessThan(1e-6);
  });

  it('names shape errors and leaks no tensors', () => {
    expect(() => groupedLinear(tf.ones([2, 3]), tf.ones([2, 3, 1]))).toThrow(ShapeError);
    expect(() => groupedLinear(tf.ones([2, 1, 3]), tf.ones([3, 3, 1]))).toThrow(/G=2/);
    expect(() => groupedLinear(tf.ones([2, 1, 3]), tf.ones([2, 3, 1]), tf.ones([2]))).toThrow(ShapeError);
    const x = tf.variable(randn([2, 4, 3], 7)), w = tf.variable(randn([2, 3, 2], 8)), b = tf.variable(randn([2, 2], 9));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(groupedLinear(x, w, b)) as tf.Scalar, [x, w, b]);
    tf.dispose([value, grads] as never);
    expect(tf.memory().numTensors).toBe(before);
  });
});
