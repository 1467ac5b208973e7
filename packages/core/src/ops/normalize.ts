/**
 * L2 normalisation and cosine similarity over the last axis (PyTorch `F.normalize`,
 * `F.cosine_similarity` semantics).
 */
import { tf } from '../tf';

/**
 * `x / max(||x||_2, eps)` along the last axis (UMQ's `N(x)`).
 *
 * @example
 * ```ts
 * l2Normalize(tf.tensor2d([[3, 4]])); // [[0.6, 0.8]]
 * ```
 */
export function l2Normalize(x: tf.Tensor, eps = 1e-12): tf.Tensor {
  return tf.tidy(() => {
    const n = tf.sqrt(tf.sum(tf.square(x), -1, true));
    return tf.div(x, tf.maximum(n, eps));
  });
}

/**
 * Cosine similarity of `a` and `b` along the last axis: `a·b / max(||a|| ||b||, eps)`.
 *
 * @example
 * ```ts
 * cosineSimilarity(tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 1]])); // [0.7071]
 * ```
 */
export function cosineSimilarity(a: tf.Tensor, b: tf.Tensor, eps = 1e-8): tf.Tensor {
  return tf.tidy(() => {
    const dot = tf.sum(tf.mul(a, b), -1);
    const na = tf.sqrt(tf.sum(tf.square(a), -1));
    const nb = tf.sqrt(tf.sum(tf.square(b), -1));
    return tf.div(dot, tf.maximum(tf.mul(na, nb), eps));
  });
}
