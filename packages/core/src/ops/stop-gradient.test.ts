import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { stopGradient } from './stop-gradient';

describe('stopGradient', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('is the identity forward and blocks the gradient', () => {
    const x = tf.tensor1d([1, -2, 3]);
    expect(stopGradient(x).arraySync()).toEqual([1, -2, 3]);
    expect(tf.grad((v: tf.Tensor) => tf.sum(tf.square(stopGradient(v))))(x).arraySync()).toEqual([0, 0, 0]);
    // d/dx [sg(x) * x] = sg(x): only the unstopped path contributes.
    expect(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(v), v)))(x).arraySync()).toEqual([1, -2, 3]);
  });

  it('outside gradient recording: the same values on the same data, no kernel, an independent tensor', async () => {
    const x = tf.tensor1d([4, 5]);
    let y: tf.Tensor | null = null;
    const p = await tf.profile(() => {
      y = stopGradient(x);
    });
    expect(p.kernels).toHaveLength(0);
    x.dispose();
    expect(y!.arraySync()).toEqual([4, 5]);
    y!.dispose();
    // inside a recorded gradient still blocked, nested too: d/dv sum(d/dw sum(sg(w) w)) = d/dv sum(sg(v)) = 0
    const d2 = tf.grad((v: tf.Tensor) => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(stopGradient(w), w)))(v).sum())(tf.tensor1d([1, 2]));
    expect(d2.arraySync()).toEqual([0, 0]);
  });
});
