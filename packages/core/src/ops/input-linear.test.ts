import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, ShapeError } from '../index';
import { inputLinear } from './input-linear';
import { linear } from './linear';
import { randn, relError } from '../../../../tools/testing/grad-check';

describe('inputLinear', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('equals linear in value and in the weight and bias gradients (rank 3 input)', () => {
    const x = randn([2, 6, 7], 1), r = randn([2, 6, 5], 2);
    const w = tf.variable(randn([7, 5], 3)), b = tf.variable(randn([5], 4));
    expect(relError(inputLinear(x, w, b).dataSync(), linear(x, w, b).dataSync())).toBeLessThan(1e-7);
    const ours = tf.variableGrads(() => tf.sum(tf.mul(inputLinear(x, w, b), r)) as tf.Scalar, [w, b]);
    const ref = tf.variableGrads(() => tf.sum(tf.mul(linear(x, w, b), r)) as tf.Scalar, [w, b]);
    expect(relError(ours.grads[w.name].dataSync(), ref.grads[w.name].dataSync())).toBeLessThan(1e-6);
    expect(relError(ours.grads[b.name].dataSync(), ref.grads[b.name].dataSync())).toBeLessThan(1e-6);
  });

  it('gives no gradient to x, and computes no dy·Wᵀ product', () => {
    const x = tf.variable(randn([4, 3], 5)), w = tf.variable(randn([3, 2], 6));
    const g = tf.variableGrads(() => tf.sum(inputLinear(x, w)) as tf.Scalar, [x, w]);
    expect(g.grads[x.name]).toBeUndefined();
    expect(g.grads[w.name].shape).toEqual([3, 2]);
    let matMuls = 0;
    const orig = tf.getKernel('BatchMatMul', tf.getBackend())!;
    tf.unregisterKernel('BatchMatMul', tf.getBackend());
    tf.registerKernel({ ...orig, kernelFunc: ((a: never) => { matMuls++; return (orig.kernelFunc as (a: never) => tf.TensorInfo)(a); }) as never });
    try {
      const r = tf.variableGrads(() => tf.sum(inputLinear(x, w)) as tf.Scalar, [w]);
      tf.dispose([r.value, r.grads] as never);
    } finally {
      tf.unregisterKernel('BatchMatMul', tf.getBackend());
      tf.registerKernel(orig);
    }
    expect(matMuls).toBe(2); // forward x·W and backward xᵀ·dy only
  });

  it('names shape errors and leaks no tensors', () => {
    expect(() => inputLinear(tf.ones([2, 4]), tf.ones([3, 2]))).toThrow(ShapeError);
    const x = randn([5, 3], 7), w = tf.variable(randn([3, 2], 8));
    const step = () => {
      const r = tf.variableGrads(() => tf.sum(inputLinear(x, w)) as tf.Scalar, [w]);
      tf.dispose([r.value, r.grads] as never);
    };
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('inputLinear keeps its input for the backward pass', () => {
  it('computes the weight gradient when the input was freed before the gradient is taken', () => {
    const w = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]));
    const { grads, value } = tf.variableGrads(() => {
      const x = tf.tensor2d([[1, 0, 2]]);
      const y = inputLinear(x, w);
      x.dispose(); // e.g. a concat made inside a tidy of the forward pass
      return tf.sum(y) as tf.Scalar;
    }, [w]);
    expect(grads[w.name].arraySync()).toEqual([[1, 1], [0, 0], [2, 2]]);
    tf.dispose([value, ...Object.values(grads), w]);
  });
});
