import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { copyBox, installInPlaceSlices } from './wasm-slice';

/** The box `begin .. begin + size` of row-major `x` of `shape`, one index at a time. */
function naiveBox(x: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  const out: number[] = [];
  const n = size.reduce((p, s) => p * s, 1);
  for (let flat = 0; flat < n; flat++) {
    let rest = flat;
    let src = 0;
    let stride = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      const at = rest % size[i];
      rest = Math.floor(rest / size[i]);
      src += (begin[i] + at) * stride;
      stride *= shape[i];
    }
    out.push(x[src]);
  }
  return out;
}

const boxes: [number[], number[], number[]][] = [
  [[7], [2], [4]],
  [[3, 300], [0, 100], [3, 100]],
  [[52, 74], [1, 0], [50, 74]],
  [[4, 5, 6], [1, 0, 2], [2, 5, 3]],
  [[4, 5, 6], [0, 2, 0], [4, 3, 6]],
  [[2, 3, 4, 5, 6], [1, 1, 0, 2, 0], [1, 2, 4, 3, 6]],
  [[2, 3, 40], [0, 1, 3], [2, 2, 30]],
  [[4, 5], [1, 2], [0, 3]],
  [[], [], []],
];

describe('in-place Slice and SplitV (wasm)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });

  it('copyBox copies the box of every layout', () => {
    for (const [shape, begin, size] of boxes) {
      const n = shape.reduce((p, s) => p * s, 1);
      const x = Float32Array.from({ length: n }, (_, i) => i + 0.5);
      const out = new Float32Array(size.reduce((p, s) => p * s, 1));
      copyBox(x, shape, begin, size, out);
      expect(Array.from(out)).toEqual(naiveBox(x, shape, begin, size));
    }
  });

  it('is installed by initEngine on wasm and slices float32, int32 and bool tensors like the definition', () => {
    expect(installInPlaceSlices()).toBe(true);
    for (const [shape, begin, size] of boxes.filter(([s]) => s.length > 0)) { // tf.slice refuses scalars
      const n = shape.reduce((p, s) => p * s, 1);
      const values = Array.from({ length: n }, (_, i) => (i * 7) % 11);
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const v = dtype === 'bool' ? values.map((a) => a % 2) : values;
        const got = tf.tidy(() => Array.from(tf.slice(tf.tensor(v, shape, dtype), begin, size).dataSync()));
        expect(got).toEqual(naiveBox(v, shape, begin, size));
      }
    }
  });

  it('splits along every axis, by sizes, by count and with an inferred (-1) size', () => {
    const shape = [4, 6, 10];
    const x = tf.tensor3d(Float32Array.from({ length: 240 }, (_, i) => i), [4, 6, 10]);
    const xv = x.dataSync();
    for (let axis = 0; axis < 3; axis++) {
      const n = shape[axis];
      for (const spec of [[1, n - 1], 2, [1, -1, 1]] as (number | number[])[]) {
        const parts = tf.split(x, spec, axis - 3 * (axis % 2)); // negative axes on odd ones
        let at = 0;
        for (const p of parts) {
          const begin = [0, 0, 0];
          begin[axis] = at;
          expect(Array.from(p.dataSync())).toEqual(naiveBox(xv, shape, begin, p.shape));
          at += p.shape[axis];
        }
        expect(at).toBe(n);
        tf.dispose(parts);
      }
    }
    x.dispose();
  });

  it('splits into parts of size 0 and into one part', () => {
    const x = tf.tensor2d(Float32Array.from({ length: 30 }, (_, i) => i), [6, 5]);
    const parts = tf.split(x, [2, 0, 4], 0);
    expect(parts.map((p) => p.shape)).toEqual([[2, 5], [0, 5], [4, 5]]);
    expect(Array.from(parts[2].dataSync())).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
    const [whole] = tf.split(x, [5], 1);
    expect(Array.from(whole.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, whole, ...parts]);
  });

  it('keeps the gradients (a Slice pads, a SplitV concatenates) and leaks nothing', () => {
    const x = tf.tensor2d(Float32Array.from({ length: 12 }, (_, i) => i), [3, 4]);
    const before = tf.memory().numTensors;
    const g = tf.grad((a: tf.Tensor) => {
      const [p, q] = tf.split(a, [1, 3], 1);
      return tf.add(tf.sum(tf.mul(p, 2)), tf.sum(tf.slice(q, [1, 1], [2, 2])));
    })(x);
    expect(Array.from(g.dataSync())).toEqual([2, 0, 0, 0, 2, 0, 1, 1, 2, 0, 1, 1]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
