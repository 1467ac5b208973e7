/**
 * `stopGradient`: identity forward, zero gradient (tfjs has no such op).
 */
import { tf } from '../tf';
import { gradientDepth, shareData } from '../kernels/light-save';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sg = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as any) as unknown as (x: tf.Tensor) => tf.Tensor;

/**
 * Returns `x` unchanged in the forward pass and blocks its gradient (written `sg(x)` in the
 * UMQ spec).
 *
 * @example
 * ```ts
 * const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(stopGradient(x), x)))(tf.ones([2])); // [1, 1]
 * ```
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  // with no gradient being recorded there is nothing to block: the same data, no kernel
  return (gradientDepth() === 0 ? shareData(x) : sg(x)) as T;
}
