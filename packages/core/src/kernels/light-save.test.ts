import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { installLightSave, lightReshape, uninstallLightSave } from './light-save';

/** Identity kernel calls made by `f` (tf.profile lists every kernel run). */
async function identityCalls(f: () => tf.TensorContainer): Promise<number> {
  const p = await tf.profile(() => f() as tf.TensorContainer);
  return p.kernels.filter((k) => k.name === 'Identity').length;
}

describe('light save: tensors saved for backward without an Identity kernel and tape node each', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });
  afterAll(() => {
    installLightSave();
  });

  const f = (x: tf.Tensor, w: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.exp(tf.matMul(x, w)), tf.sigmoid(x.sum(1, true))));
  const values = () => [tf.tensor2d([[0.5, -1, 2], [0.1, 0.2, -0.3]]), tf.tensor2d([[0.3], [-0.2], [0.7]])];

  for (const backend of ['wasm', 'cpu']) {
    it(`${backend}: first-order gradients are bit-identical to the stock clone's, with no Identity kernel and no leak`, async () => {
      await tf.setBackend(backend);
      const [x, w] = values();
      const run = () => tf.grads(f)([x, w]);
      uninstallLightSave();
      const stock = run();
      const stockIdentities = await identityCalls(() => run());
      installLightSave();
      const before = tf.memory().numTensors;
      const light = run();
      expect(tf.memory().numTensors).toBe(before + 2); // the two gradients only
      expect(stockIdentities).toBeGreaterThan(0);
      expect(await identityCalls(() => run())).toBe(0);
      light.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(stock[i].dataSync())));
      tf.dispose([x, w, ...stock, ...light]);
    });
  }

  it('customGrad saves and variableGrads work, and the saved data outlives a disposed original', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const square = tf.customGrad(((a: tf.Tensor, save: tf.GradSaveFunc) => {
      save([a]);
      return { value: tf.square(a), gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => tf.mul(dy, tf.mul(s, 2)) };
    }) as never) as unknown as (a: tf.Tensor) => tf.Tensor;
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
      const t = tf.mul(v, 1); // an intermediate, disposed by this tidy before backward runs
      return tf.sum(square(t)) as tf.Scalar;
    }));
    expect(value.dataSync()[0]).toBe(14);
    expect(Array.from(grads[v.name].dataSync())).toEqual([2, 4, 6]);
    tf.dispose([v, value, grads[v.name]]);
  });

  it('second-order gradients still go through the stock clone (nested recording)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([0.5, -1, 2]);
    // d²/dx² of sum(x³) = 6x
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.pow(u, 3)))(t)))(x);
    Array.from(g2.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(6 * [0.5, -1, 2][i], 4));
    tf.dispose([x, g2]);
  });

  it('lightReshape relabels without a kernel outside recording, and is tf.reshape inside it and on a size mismatch', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const p = await tf.profile(() => {
      const y = lightReshape(x, [2, 3]);
      expect(y.shape).toEqual([2, 3]);
      expect(y.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
      y.dispose();
    });
    expect(p.kernels.filter((k) => k.name === 'Reshape')).toHaveLength(0);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 5, 6]); // the original survives the relabelled one's disposal
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lightReshape(t, [3, 2]), tf.tensor2d([[1, 2], [3, 4], [5, 6]]))))(x);
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3, 4, 5, 6]); // recorded: the gradient flows through it
    expect(() => lightReshape(x, [4, 2])).toThrow(/6/);
    tf.dispose([x, g]);
  });
});
