import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { layerNorm } from './layer-norm';
import { setSimdKernels, type SimdKernelChoice } from '../kernels/choice';
import { gradCheck, randn, relError } from '../../../../tools/testing/grad-check';

const CHOICES: SimdKernelChoice[] = ['auto', 'always', 'never'];

describe.each(CHOICES)('layerNorm with SIMD kernels %s', (choice) => {
  beforeAll(async () => {
    await initEngine();
  });
  afterEach(() => {
    setSimdKernels('auto');
  });

  it('normalises the last axis with biased variance, then applies gamma and beta', () => {
    setSimdKernels(choice);
    const y = layerNorm(tf.tensor2d([[1, 2, 3]]), tf.tensor1d([1, 2, 1]), tf.tensor1d([0, 0, 1])).dataSync();
    const s = Math.sqrt(2 / 3 + 1e-5);
    expect(y[0]).toBeCloseTo(-1 / s, 5);
    expect(y[1]).toBeCloseTo(0, 6);
    expect(y[2]).toBeCloseTo(1 / s + 1, 5);
  });

  it('gradient matches finite differences (x, gamma, beta)', () => {
    setSimdKernels(choice);
    const r = randn([3, 4], 9);
    const errs = gradCheck((x, g, b) => tf.sum(tf.mul(layerNorm(x, g, b), r)) as tf.Scalar, [randn([3, 4], 1), randn([4], 2), randn([4], 3)]);
    errs.forEach((e) => expect(e).toBeLessThan(1e-2));
  });

  it.each([[[6, 5, 100]], [[9, 7]], [[4, 8]], [[2, 3, 2, 13]]])('matches the tfjs-op route, forward and backward, for x %j', (shape) => {
    const d = shape[shape.length - 1];
    const x = tf.add(tf.mul(randn(shape, 4), 3), 1.5);
    const g = randn([d], 5);
    const b = randn([d], 6);
    const r = randn(shape, 7);
    const run = (c: SimdKernelChoice): tf.Tensor[] => {
      setSimdKernels(c);
      const y = layerNorm(x, g, b, 1e-5);
      const grads = tf.grads((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(layerNorm(xi, gi, bi, 1e-5), r)))([x, g, b]);
      return [y, ...grads];
    };
    const ours = run(choice);
    const stock = run('never');
    ours.forEach((t, i) => expect(relError(t.dataSync(), stock[i].dataSync())).toBeLessThan(2e-6));
    tf.dispose([x, g, b, r, ...ours, ...stock]);
  });

  it('leaks no tensors through forward and backward', () => {
    setSimdKernels(choice);
    const x = randn([5, 12], 1);
    const g = tf.variable(randn([12], 2));
    const b = tf.variable(randn([12], 3));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layerNorm(x, g, b))) as tf.Scalar, [g, b]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, b]);
  });
});

describe('layerNorm with broadcastable gamma [1, d]', () => {
  it('uses tfjs ops and agrees with the [d] form', () => {
    const x = randn([3, 6], 1);
    const g = randn([6], 2);
    const b = randn([6], 3);
    const y1 = layerNorm(x, g, b).dataSync();
    const y2 = layerNorm(x, tf.reshape(g, [1, 6]), tf.reshape(b, [1, 6])).dataSync();
    expect(relError(y1, y2)).toBeLessThan(1e-6);
  });
});
