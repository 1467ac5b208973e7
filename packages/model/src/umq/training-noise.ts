/**
 * The random representations UMQ's auxiliary losses train on: pure noise for the lowest
 * quality (Eq 16) and two AddNoise copies of the representations (Eq 19), one for the noise-rank
 * loss (Eq 20), one for the enhancer loss (Eq 22). A part of its own, so it can be replaced
 * (another corruption of representations, or fixed draws in a parity test).
 */
import { tf, seededRandomNormal, type Rng } from '@umq/core';
import { addNoise } from '@umq/quality';

/** One AddNoise copy (Eq 19): the rows and their rates. */
export interface NoisyCopy {
  /** `(1 - r) u + r ε`, `[M, B, d]`. */
  u: tf.Tensor;
  /** The rate r of each row, `[M, B]`. */
  rate: tf.Tensor;
}

/** The draws of one training step. */
export interface TrainingDraws {
  /** ε ~ N(0, I_d), `[M, B, d]` (Eq 16), when asked for (only the quality estimator needs it). */
  pureNoise: tf.Tensor | null;
  /** AddNoise(u) scored for the noise-rank loss (Eq 20). */
  forNoiseRank: NoisyCopy;
  /** AddNoise(u) the enhancer restores (Eq 22). */
  forEnhancer: NoisyCopy;
}

/** Draws the auxiliary representations of a training step from `u [M, B, d]` and the step's generator. */
export interface TrainingNoisePart {
  /**
   * The step's draws; `pureNoise` only when `withPureNoise`.
   *
   * @param u - the representations `[M, B, d]`
   * @param rng - the step's generator (its state advances)
   */
  draw(u: tf.Tensor, rng: Rng, withPureNoise: boolean): TrainingDraws;
}

/**
 * The paper's draws: two AddNoise copies (Eq 19, rates r ~ U(0, 1) per row, drawn on the host)
 * and N(0, 1) noise (Eq 16), seeded from `rng` in that order.
 *
 * @example
 * ```ts
 * const d = paperTrainingNoise.draw(u, new Rng(1), true); // d.pureNoise [M, B, d], d.forEnhancer.rate [M, B]
 * ```
 */
export const paperTrainingNoise: TrainingNoisePart = {
  draw(u: tf.Tensor, rng: Rng, withPureNoise: boolean): TrainingDraws {
    const a = addNoise(u, rng.tfSeed());
    const e = addNoise(u, rng.tfSeed());
    const pureNoise = withPureNoise ? seededRandomNormal(u.shape, rng.tfSeed()) : null;
    const squeeze = (r: tf.Tensor): tf.Tensor => {
      const s = tf.squeeze(r, [2]);
      r.dispose();
      return s;
    };
    return { pureNoise, forNoiseRank: { u: a.noisy, rate: squeeze(a.rate) }, forEnhancer: { u: e.noisy, rate: squeeze(e.rate) } };
  },
};
