import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, ShapeError, OptionError } from '../index';
import { conv1d } from './conv1d';
import { gradCheck, randn, relError } from '../../../../tools/testing/grad-check';

/** Direct loop: y[b,t,o] = bias[o] + Σ_j Σ_c x[b, t+j-p, c] w[j, c, o], zero outside [0, T). */
function naive(x: number[][][], w: number[][][], bias: number[]): number[] {
  const [B, T, C, K, O] = [x.length, x[0].length, x[0][0].length, w.length, w[0][0].length];
  const p = (K - 1) / 2;
  const out: number[] = [];
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      for (let o = 0; o < O; o++) {
        let s = bias[o];
        for (let j = 0; j < K; j++) {
          const tt = t + j - p;
          if (tt < 0 || tt >= T) continue;
          for (let c = 0; c < C; c++) s += x[b][tt][c] * w[j][c][o];
        }
        out.push(s);
      }
  return out;
}

describe('conv1d', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it.each([1, 3, 5])('matches a direct loop with same zero padding (K = %i)', (k) => {
    const x = randn([2, 6, 3], 1);
    const w = randn([k, 3, 4], 2);
    const b = randn([4], 3);
    const y = conv1d(x, w, b);
    expect(y.shape).toEqual([2, 6, 4]);
    const ref = naive(x.arraySync() as number[][][], w.arraySync() as number[][][], b.arraySync() as number[]);
    expect(relError(y.dataSync(), ref)).toBeLessThan(1e-6);
  });

  it.each([[1, 1, 5], [2, 2, 5], [3, 7, 3]])('matches a direct loop for B = %i, T = %i shorter than or near K = %i', (B, T, k) => {
    const x = randn([B, T, 3], 11);
    const w = randn([k, 3, 2], 12);
    const b = randn([2], 13);
    const ref = naive(x.arraySync() as number[][][], w.arraySync() as number[][][], b.arraySync() as number[]);
    expect(relError(conv1d(x, w, b).dataSync(), ref)).toBeLessThan(1e-6);
  });

  it('on wasm writes its columns in one op (no Pad, Slice or Concat kernel), the same values as the tf-ops route on cpu', async () => {
    const x = randn([2, 6, 3], 21);
    const w = randn([3, 3, 4], 22);
    const profile = await tf.profile(() => tf.dispose(conv1d(x, w)));
    expect(profile.kernels.map((k) => k.name).filter((n) => ['PadV2', 'Slice', 'Concat'].includes(n))).toEqual([]);
    // the columns: a 1 x (K·C) identity-like weight reads them back exactly
    const eye = tf.reshape(tf.eye(9), [3, 3, 9]);
    const onWasm = Array.from(conv1d(x, eye).dataSync());
    const xv = x.arraySync();
    await initEngine({ engine: 'cpu' });
    const onCpu = Array.from(conv1d(tf.tensor(xv), tf.reshape(tf.eye(9), [3, 3, 9])).dataSync());
    await initEngine({ engine: 'wasm' });
    expect(onWasm).toEqual(onCpu);
  });

  it('gradient matches finite differences (x, weight, bias)', () => {
    const r = randn([2, 5, 3], 9);
    const errs = gradCheck((x, w, b) => tf.sum(tf.mul(conv1d(x, w, b), r)) as tf.Scalar, [randn([2, 5, 2], 4), randn([3, 2, 3], 5), randn([3], 6)]);
    errs.forEach((e) => expect(e).toBeLessThan(1e-2));
  });

  it('rejects even kernels, channel mismatches and wrong ranks with named errors', () => {
    expect(() => conv1d(tf.zeros([1, 4, 2]), tf.zeros([2, 2, 3]))).toThrow(OptionError);
    expect(() => conv1d(tf.zeros([1, 4, 2]), tf.zeros([3, 5, 3]))).toThrow(/2 channels.*expects 5/);
    expect(() => conv1d(tf.zeros([4, 2]), tf.zeros([3, 2, 3]))).toThrow(ShapeError);
    expect(() => conv1d(tf.zeros([1, 4, 2]), tf.zeros([3, 2, 3]), tf.zeros([4]))).toThrow(/bias must be \[3\]/);
  });
});
