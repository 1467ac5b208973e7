import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';

describe('shared Identity on wasm', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });

  it('tf.clone shares the data instead of copying it, and disposing either leaves the other intact', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const buffers = tf.memory().numDataBuffers;
    const c = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers); // no new buffer
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3, 4]);
    c.dispose();
  });

  it('a variable assigned after a clone keeps the clone unchanged', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const c = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, c]);
  });

  it('gradients recorded with shared saved tensors match the analytic ones, and nothing leaks', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([0.5, -1, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.exp(t), tf.sigmoid(t))))(x);
    const xs = [0.5, -1, 2];
    const want = xs.map((v) => {
      const s = 1 / (1 + Math.exp(-v));
      return Math.exp(v) * s + Math.exp(v) * s * (1 - s);
    });
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    tf.dispose([x, g]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a cast to bool is x != 0, as on tfjs' cpu backend (the stock wasm cast narrowed to a byte: -2 gave 254, 256 gave 0), and feeds where() correctly", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const i = tf.cast(tf.tensor1d([1, -2, 3, 0, 256], 'int32'), 'bool');
      expect(i.dtype).toBe('bool');
      expect(Array.from(i.dataSync())).toEqual([1, 1, 1, 0, 1]);
      const f = tf.cast(tf.tensor2d([[0.5, -2], [0, 256], [-0, Number.NaN]]), 'bool');
      expect(f.shape).toEqual([3, 2]);
      expect(Array.from(f.dataSync())).toEqual([1, 1, 0, 1, 0, 1]);
      const picked = tf.where(f, tf.ones([3, 2]), tf.zeros([3, 2]));
      expect(Array.from(picked.dataSync())).toEqual([1, 1, 0, 1, 0, 1]);
      expect(Array.from(tf.cast(tf.tensor1d([true, false], 'bool'), 'bool').dataSync())).toEqual([1, 0]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('string tensors still clone', () => {
    const s = tf.tensor1d(['a', 'b'], 'string');
    expect(tf.clone(s).arraySync()).toEqual(['a', 'b']);
  });

  it('a cast to the same dtype shares the data; a cast to another dtype converts', () => {
    const x = tf.tensor1d([1.5, -2.5, 3]);
    const buffers = tf.memory().numDataBuffers;
    const same = tf.cast(x, 'float32');
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.5, 3]);
    const int = tf.cast(same, 'int32');
    expect(int.dtype).toBe('int32');
    expect(Array.from(int.dataSync())).toEqual([1, -2, 3]);
    const back = tf.cast(int, 'float32');
    expect(back.dtype).toBe('float32');
    expect(Array.from(back.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([same, int, back]);
  });
});
