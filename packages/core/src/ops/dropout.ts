/**
 * `dropout` from an explicit seed (inverted dropout: kept entries scaled by 1/(1 - rate)).
 */
import { tf } from '../tf';
import { OptionError } from '../errors';
import type { CallContext } from '../nn/module';

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

/**
 * Dropout as a layer applies it: only when `ctx.training` and `rate > 0`, with a seed drawn
 * from `ctx.rng`; throws {@link OptionError} naming `caller` when training has no rng.
 *
 * @example
 * ```ts
 * const h2 = trainingDropout(h, 0.1, { training: true, rng: new Rng(1) }, 'MyLayer.call');
 * ```
 */
export function trainingDropout(x: tf.Tensor, rate: number, ctx: CallContext, caller: string): tf.Tensor {
  if (!ctx.training || rate <= 0) return x;
  if (!ctx.rng) throw new OptionError(`${caller}: training with dropout needs ctx.rng (a seeded Rng)`);
  return dropout(x, rate, ctx.rng.tfSeed());
}
