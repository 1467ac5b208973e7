/**
 * `dropout` from an explicit seed (inverted dropout: kept entries scaled by 1/(1 - rate)).
 *
 * The mask is drawn on the host with {@link Rng} (xoshiro128**, one 32-bit draw per entry) and
 * uploaded as one tensor: tfjs' seeded `randomUniform` runs a slower JavaScript generator, and
 * the comparison and cast after it cost three more kernels (on wasm, 30-60 ms per training step
 * of the benchmark's sequence model, tools/bench/umq/profile.ts).
 */
import { tf } from '../tf';
import { OptionError } from '../errors';
import { Rng } from '../random';
import type { CallContext } from '../nn/module';

/**
 * The inverted-dropout mask for `size` entries: `1 / (1 - rate)` where an entry is kept
 * (probability `1 - rate`), 0 where it is dropped. Deterministic in `seed`.
 *
 * @example
 * ```ts
 * const mask = dropoutMask(8, 0.5, 42); // Float32Array of 0 and 2
 * ```
 */
export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  // keep where the 32-bit draw is at least rate · 2^32
  return new Rng(seed).fillKeepMask(new Float32Array(size), rate, 1 / (1 - rate));
}

/**
 * Zeroes each entry with probability `rate` and scales the rest by `1 / (1 - rate)`; the
 * identity when `rate` is 0. The same seed gives the same mask ({@link dropoutMask}).
 *
 * @example
 * ```ts
 * const y = dropout(tf.ones([4, 8]), 0.1, 1234);
 * ```
 */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new OptionError(`dropout rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x.clone();
  return tf.tidy(() => tf.mul(x, tf.tensor(dropoutMask(x.size, rate, seed), x.shape, 'float32')));
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
