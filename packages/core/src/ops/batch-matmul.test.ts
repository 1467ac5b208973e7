import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, ShapeError, OptionError } from '../index';
import { batchMatMul, GROUP_LOOP_MIN_WORK } from './batch-matmul';
import { setSimdKernels, type SimdKernelChoice } from '../kernels/choice';
import { gradCheck, randn, relError } from '../../../../tools/testing/grad-check';

const FLAGS: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];

/**
 * Checks batchMatMul against tf.matMul for random op(A) [g, n, k] and op(B) [g, k, m]: the
 * product and both gradients of sum(C ⊙ R), relative error < 1e-6. Returns the operands (the
 * caller disposes them); everything else is disposed.
 */
function expectMatchesMatMul(g: number, n: number, k: number, m: number, ta: boolean, tb: boolean, seed: number): [tf.Tensor, tf.Tensor] {
  const a = randn(ta ? [g, k, n] : [g, n, k], seed);
  const b = randn(tb ? [g, m, k] : [g, k, m], seed + 1);
  const r = randn([g, n, m], seed + 2);
  const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(batchMatMul(x, y, ta, tb), r)))([a, b]);
  const stock = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, ta, tb), r)))([a, b]);
  const c = batchMatMul(a, b, ta, tb);
  const cStock = tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, ta, tb);
  expect(relError(c.dataSync(), cStock.dataSync())).toBeLessThan(1e-6);
  expect(relError(ours[0].dataSync(), stock[0].dataSync())).toBeLessThan(1e-6);
  expect(relError(ours[1].dataSync(), stock[1].dataSync())).toBeLessThan(1e-6);
  tf.dispose([r, c, cStock, ...ours, ...stock]);
  return [a, b];
}

const KERNELS: SimdKernelChoice[] = ['auto', 'always', 'never'];

describe.each(KERNELS)('batchMatMul with kernel %s', (choice) => {
  beforeAll(async () => {
    await initEngine();
  });
  afterEach(() => {
    setSimdKernels('auto');
  });

  it.each(FLAGS)('matches tf.matMul (transposeA=%s, transposeB=%s), G = 3 and G = 1', (ta, tb) => {
    setSimdKernels(choice);
    for (const g of [3, 1]) {
      const a = randn(ta ? [g, 4, 2] : [g, 2, 4], 1);
      const b = randn(tb ? [g, 5, 4] : [g, 4, 5], 2);
      const y = batchMatMul(a, b, ta, tb);
      expect(y.shape).toEqual([g, 2, 5]);
      expect(relError(y.dataSync(), tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, ta, tb).dataSync())).toBeLessThan(1e-6);
    }
  });

  it.each(FLAGS)('gradient matches finite differences (transposeA=%s, transposeB=%s)', (ta, tb) => {
    setSimdKernels(choice);
    for (const g of [2, 1]) {
      const r = randn([g, 3, 2], 7);
      const a = randn(ta ? [g, 4, 3] : [g, 3, 4], 3);
      const b = randn(tb ? [g, 2, 4] : [g, 4, 2], 4);
      const errs = gradCheck((x, y) => tf.sum(tf.mul(batchMatMul(x, y, ta, tb), r)) as tf.Scalar, [a, b]);
      errs.forEach((e) => expect(e).toBeLessThan(1e-2));
    }
  });

  it.each(FLAGS)('large groups (the SIMD kernel, or the wasm group loop when never) match tf.matMul and its gradient (transposeA=%s, transposeB=%s)', (ta, tb) => {
    setSimdKernels(choice);
    const [g, n, k, m] = [3, 32, 40, 32];
    expect(n * k * m).toBeGreaterThanOrEqual(GROUP_LOOP_MIN_WORK);
    const [a, b] = expectMatchesMatMul(g, n, k, m, ta, tb, 1);
    const before = tf.memory().numTensors;
    tf.dispose(tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(batchMatMul(x, y, ta, tb)))([a, b])));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('attention shapes with tails (n, m not multiples of 4) match tf.matMul, forward and backward', () => {
    setSimdKernels(choice);
    for (const [g, n, k, m] of [[9, 7, 5, 3], [16, 50, 25, 50], [16, 50, 50, 25], [2, 1, 1, 1]]) {
      for (const [ta, tb] of FLAGS) tf.dispose(expectMatchesMatMul(g, n, k, m, ta, tb, 11));
    }
  });

  it('rejects broadcasting, wrong ranks and inner-size mismatches', () => {
    setSimdKernels(choice);
    expect(() => batchMatMul(tf.zeros([2, 3, 4]), tf.zeros([1, 4, 5]))).toThrow(/broadcasting is not supported/);
    expect(() => batchMatMul(tf.zeros([3, 4]), tf.zeros([1, 4, 5]))).toThrow(ShapeError);
    expect(() => batchMatMul(tf.zeros([2, 3, 4]), tf.zeros([2, 5, 4]))).toThrow(/inner sizes differ/);
  });
});

describe('setSimdKernels', () => {
  it('returns the previous choice and rejects unknown ones', () => {
    expect(setSimdKernels('never')).toBe('auto');
    expect(setSimdKernels('auto')).toBe('never');
    expect(() => setSimdKernels('fast' as SimdKernelChoice)).toThrow(OptionError);
    expect(setSimdKernels('auto')).toBe('auto');
  });
});
