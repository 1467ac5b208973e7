import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, setSimdKernels, tf } from '../index';
import { blockLayout, installBlockSums, sumBlockOnHost, uninstallBlockSums } from './wasm-sum';

const values = (shape: number[], seed: number): tf.Tensor => tf.tidy(() => tf.randomUniform(shape, -3, 3, 'float32', seed));

/** tf.sum with the stock wasm kernel. */
function stockSum(t: tf.Tensor, axes: number | number[], keepDims = false): Float32Array {
  uninstallBlockSums();
  try {
    return tf.tidy(() => tf.sum(t, axes, keepDims).dataSync() as Float32Array);
  } finally {
    installBlockSums();
  }
}

describe('block sums (wasm Sum without a transpose)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });

  it('takes one block of axes with kept axes of size >= 2 after it, and nothing else', () => {
    expect(blockLayout([3, 64, 100], [1])).toEqual([3, 64, 100]);
    expect(blockLayout([384, 384], [0])).toEqual([1, 384, 384]);
    expect(blockLayout([2, 3, 4, 5], [2, 1])).toEqual([2, 12, 5]);
    expect(blockLayout([3, 4, 5], [2])).toBeNull(); // the last axis: the stock kernel needs no transpose
    expect(blockLayout([3, 4, 1], [1])).toBeNull();
    expect(blockLayout([3, 4, 5], [0, 2])).toBeNull(); // not one block
    expect(blockLayout([0, 4], [0])).toBeNull();
    expect(blockLayout([3, 4], [])).toBeNull();
  });

  const cases: [number[], number | number[], boolean][] = [
    [[3, 64, 100], 1, false],
    [[3, 64, 100], 1, true],
    [[384, 384], 0, false],
    [[64, 1000], [0], true],
    [[2, 3, 4, 5], [1, 2], false],
    [[4, 5, 6, 7], [-4, -3], false],
    [[3, 4, 5], 2, false], // stock route
    [[3, 4, 5], [0, 2], true], // stock route
  ];
  for (const [shape, axes, keepDims] of cases) {
    it(`sums [${shape}] over ${axes}${keepDims ? ' (keepDims)' : ''} as the stock kernel does, to the bit, without a Transpose`, async () => {
      const t = values(shape, shape.length + 5);
      const want = stockSum(t, axes, keepDims);
      const wantShape = tf.tidy(() => tf.sum(tf.zeros(shape), axes, keepDims).shape);
      const before = tf.memory().numTensors;
      const p = await tf.profile(() => {
        const s = tf.sum(t, axes, keepDims);
        expect(s.shape).toEqual(wantShape);
        expect(Array.from(s.dataSync())).toEqual(Array.from(want));
        s.dispose();
      });
      if (blockLayout(shape, tf.util.parseAxisParam(axes, shape))) expect(p.kernels.map((k) => k.name)).toEqual(['Sum']);
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
    });
  }

  it('sumBlockOnHost gives the same sums with no kernel call, and null where the kernel would hand over', async () => {
    const t = values([3, 64, 100], 4);
    const want = stockSum(t, [1]);
    const p = await tf.profile(() => {
      const s = sumBlockOnHost(t, [1])!;
      expect(s.shape).toEqual([3, 100]);
      expect(Array.from(s.dataSync())).toEqual(Array.from(want));
      s.dispose();
    });
    expect(p.kernels).toHaveLength(0);
    expect(sumBlockOnHost(t, [2])).toBeNull();
    const ints = tf.ones([3, 4], 'int32');
    expect(sumBlockOnHost(ints, [0])).toBeNull();
    const previous = setSimdKernels('never'); // no own kernels: the stock Sum
    expect(sumBlockOnHost(t, [1])).toBeNull();
    setSimdKernels(previous);
    tf.dispose([t, ints]);
  });

  it('leaves int32 to the stock kernel and keeps gradients (mean over time steps)', () => {
    expect(tf.tidy(() => Array.from(tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0).dataSync()))).toEqual([4, 6]);
    const x = values([2, 5, 3], 9);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(a, 1), tf.tensor1d([1, 2, 3]))))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from({ length: 30 }, (_, i) => [1, 2, 3][i % 3] / 5).map(Math.fround));
    tf.dispose([x, g]);
  });
});
