import { afterAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { onHost, spreadTo } from './host-copies';

const values = (shape: number[], seed: number): tf.Tensor => tf.tidy(() => tf.randomUniform(shape, -3, 3, 'float32', seed));

// [the shape spread to, the kept shape (1 on the reduced axes)]
const spreads: [number[], number[]][] = [
  [[3, 64, 100], [3, 1, 100]],
  [[3, 64, 100], [3, 64, 1]],
  [[3, 64, 100], [1, 1, 100]],
  [[3, 64, 100], [1, 64, 1]],
  [[3, 64, 100], [1, 1, 1]],
  [[64, 1000], [1, 1000]],
  [[2, 1, 5, 7], [2, 1, 1, 7]],
  [[4, 5, 6, 7], [1, 5, 1, 7]],
  [[6], [6]],
  [[], []],
  [[0, 4], [1, 4]],
];

describe('host copies', () => {
  afterAll(async () => {
    await initEngine({ engine: 'wasm' });
  });

  it('is for float32 tensors on the wasm backend only, outside gradient recording', async () => {
    await initEngine({ engine: 'cpu' });
    expect(tf.tidy(() => onHost(tf.ones([2])))).toBe(false);
    await initEngine({ engine: 'wasm' });
    expect(tf.tidy(() => onHost(tf.ones([2])))).toBe(true);
    expect(tf.tidy(() => onHost(tf.ones([2], 'int32')))).toBe(false);
    let inside = true;
    tf.grad((x: tf.Tensor) => {
      inside = onHost(x);
      return tf.sum(x);
    })(tf.ones([2]));
    expect(inside).toBe(false);
  });

  for (const [shape, kept] of spreads) {
    it(`spreadTo [${kept}] -> [${shape}]: a multiply by ones (and a divide) to the bit, no kernel, no leak`, async () => {
      const t = values(kept, shape.length + 7);
      const ones = tf.ones(shape);
      const before = tf.memory().numTensors;
      const p = await tf.profile(() => {
        const spread = spreadTo(t, shape);
        const divided = spreadTo(t, shape, 7);
        expect(spread.shape).toEqual(shape);
        tf.tidy(() => {
          expect(Array.from(spread.dataSync())).toEqual(Array.from(tf.mul(t, ones).dataSync()));
          expect(Array.from(divided.dataSync())).toEqual(Array.from(tf.div(tf.mul(t, ones), 7).dataSync()));
        });
        tf.dispose([spread, divided]);
      });
      // the two products of the expected values, nothing from spreadTo
      expect(p.kernels.map((k) => k.name)).toEqual(['Multiply', 'Multiply', 'RealDiv']);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([t, ones]);
    });
  }
});
