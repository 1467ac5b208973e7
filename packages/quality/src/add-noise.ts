/**
 * AddNoise of UMQ Eq 19, at representation level.
 */
import { tf, type Rng } from '@umq/core';

/** Result of {@link addNoise}. */
export interface NoisyRepresentation {
  /** `(1 - r) u + r ε`, same shape as `u`. */
  noisy: tf.Tensor;
  /** The per-row rate r, shape `[...u.shape.slice(0, -1), 1]`, each in [0, 1). */
  rate: tf.Tensor;
}

/**
 * `AddNoise(u) = (1 - r) u + r ε` with `r ~ U(0, 1)` per row and `ε ~ N(0, I)` (UMQ Eq 19):
 * the corrupted copies that {@link noiseRankLoss} (Eq 20) and the enhancer loss (Eq 22) need.
 * Deterministic for a given `rng` state. The gradient reaches `u` through `(1 - r) u`; pass
 * a stop-gradiented `u` if the corruption should not train the encoder.
 *
 * @param u - representations `[..., d]`, e.g. stacked `[M, B, d]`.
 * @param rng - seeded generator (two draws of `rng.tfSeed()`).
 * @example
 * ```ts
 * const { noisy, rate } = addNoise(u, new Rng(7)); // noisy [M, B, d], rate [M, B, 1]
 * ```
 */
export function addNoise(u: tf.Tensor, rng: Rng): NoisyRepresentation {
  const rateSeed = rng.tfSeed();
  const epsSeed = rng.tfSeed();
  return tf.tidy(() => {
    const rate = tf.randomUniform([...u.shape.slice(0, -1), 1], 0, 1, 'float32', rateSeed);
    const eps = tf.randomNormal(u.shape, 0, 1, 'float32', epsSeed);
    const noisy = tf.add(tf.mul(tf.sub(1, rate), u), tf.mul(rate, eps));
    return { noisy, rate };
  });
}
