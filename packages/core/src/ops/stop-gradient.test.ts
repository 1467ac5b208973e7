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
});
