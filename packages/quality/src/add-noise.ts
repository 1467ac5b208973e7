/**
 * AddNoise of UMQ Eq 19, at representation level: the corrupted copies that the noise-rank loss
 * (Eq 20) and the enhancer loss (Eq 22) need.
 */
import { OptionError, Rng, ShapeError, tf, type Seed } from '@umq/core';

/** What {@link addNoise} returns; the caller owns both tensors. */
export interface NoisyRepresentation {
  /** `(1 - r) u + r ε`, the shape of `u`. */
  noisy: tf.Tensor;
  /** The rate per row, shape `[...u.shape[:-1], 1]`, r ~ U(0, 1). */
  rate: tf.Tensor;
}

/**
 * UMQ Eq 19: `AddNoise(u) = (1 - r) u + r ε`, `ε ~ N(0, I)`, `r ~ U(0, 1)` drawn per row (per
 * representation: every leading index of `u`; r = 1 replaces the row by noise). The noise and
 * rates are constants: the gradient w.r.t. `u` is `(1 - r)`. Draws come from a seeded
 * {@link Rng}, so the same seed gives the same output.
 *
 * @param u - representations `[..., d]` (float32, rank >= 1)
 * @param seed - an integer or string seed (e.g. `rng.tfSeed()` of a step's generator)
 * @example
 * ```ts
 * await initEngine();
 * const u = tf.randomNormal([32, 100], 0, 1, 'float32', 3); // [B, d]
 * const { noisy, rate } = addNoise(u, 11); // noisy [32, 100], rate [32, 1]
 * ```
 */
export function addNoise(u: tf.Tensor, seed: Seed): NoisyRepresentation {
  if (!(u instanceof tf.Tensor) || u.rank < 1 || u.size === 0) {
    throw new ShapeError(`addNoise: \`u\` must be a non-empty tensor [..., d], got ${u instanceof tf.Tensor ? `shape [${u.shape.join(', ')}]` : typeof u}`);
  }
  if (u.dtype !== 'float32') throw new OptionError(`addNoise: \`u\` must be float32, got ${u.dtype}: cast it first`);
  const rng = new Rng(seed);
  const d = u.shape[u.rank - 1];
  const rows = u.size / d;
  const r = new Float32Array(rows);
  const eps = new Float32Array(u.size);
  rng.fork('rate').fillUniform(r);
  rng.fork('eps').fillNormal(eps);
  const rateShape = [...u.shape.slice(0, -1), 1];
  const rate = tf.tensor(r, rateShape, 'float32');
  const noisy = tf.tidy(() => {
    const e = tf.tensor(eps, u.shape, 'float32');
    return tf.add(tf.mul(u, tf.sub(1, rate)), tf.mul(e, rate));
  });
  return { noisy, rate };
}
