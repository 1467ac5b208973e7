import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { readValues, tensorFromFill } from './backend-heap';

describe('backend-heap: reading and writing tensors in the backend memory', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  for (const backend of ['wasm', 'cpu']) {
    it(`${backend}: readValues gives the values, tensorFromFill makes a tracked tensor of what fill writes`, async () => {
      await tf.setBackend(backend);
      const x = tf.tensor2d([[1, -2], [3.5, 4]]);
      expect(Array.from(readValues(x))).toEqual([1, -2, 3.5, 4]);
      const before = tf.memory().numTensors;
      const y = tf.tidy(() => {
        const kept = tensorFromFill([2, 2], (out) => {
          const v = readValues(x); // read inside fill: valid after the output's allocation
          for (let i = 0; i < 4; i++) out[i] = 2 * v[i] + 1;
        });
        tensorFromFill([3], (out) => out.fill(0)); // disposed by the tidy
        return kept;
      });
      expect(y.shape).toEqual([2, 2]);
      expect(Array.from(y.dataSync())).toEqual([3, -3, 8, 9]);
      expect(tf.memory().numTensors).toBe(before + 1);
      tf.dispose([x, y]);
    });

    it(`${backend}: a fill that throws leaves no tensor behind and rethrows`, async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const buffers = tf.memory().numDataBuffers;
      expect(() => tensorFromFill([4], () => { throw new Error('fill failed'); })).toThrow('fill failed');
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.memory().numDataBuffers).toBe(buffers);
    });
  }

  it('wasm: readValues is a view of the backend memory (no copy); other dtypes are refused with the fix', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([5, 6, 7]);
    const a = readValues(x);
    const b = readValues(x);
    expect(a.buffer).toBe(b.buffer); // the same heap
    expect(() => readValues(tf.tensor1d([1, 2], 'int32'))).toThrow(/float32.*tf\.cast/);
    x.dispose();
  });
});
