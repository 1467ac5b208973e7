/**
 * `dropout` from an explicit seed (inverted dropout: kept entries scaled by 1/(1 - rate)).
 */
import { tf } from '../tf';
import { OptionError } from '../errors';

/**
 * Zeroes each entry with probability `rate` and scales the rest by `1 / (1 - rate)`; the
 * identity when `rate` is 0. The same seed gives the same mask.
 *
 * @example
 * ```ts
 * const y = dropout(tf.ones([4, 8]), 0.1, 1234);
 * ```
 */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new OptionError(`dropout rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x.clone();
  return tf.tidy(() => {
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), rate), x.dtype);
    return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
  });
}
