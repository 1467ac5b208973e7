/**
 * `layerNorm` over the last axis (PyTorch `nn.LayerNorm` semantics: biased variance, eps inside
 * the square root).
 */
import { tf } from '../tf';

/**
 * `(x - mean) / sqrt(var + eps) * gamma + beta` over the last axis.
 *
 * @example
 * ```ts
 * layerNorm(tf.tensor2d([[1, 2, 3]]), tf.ones([3]), tf.zeros([3])); // ≈ [[-1.22, 0, 1.22]]
 * ```
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const mean = tf.mean(x, -1, true);
    const xc = tf.sub(x, mean);
    const v = tf.mean(tf.square(xc), -1, true);
    return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(v, eps))), gamma), beta);
  });
}
