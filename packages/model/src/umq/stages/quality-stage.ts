/**
 * Stage 1 of UMQ's forward pass: quality scoring (Eq 1). In training it also scores the rows
 * the quality losses need (pure noise, Eq 16; AddNoise copies, Eq 19-20) and the copy the
 * enhancer restores (Eq 22), in one call of the estimator.
 */
import { tf, stopGradient } from '@umq/core';
import type { QualityEstimatorPart } from '../components';
import type { TrainingDraws } from '../training-noise';

/** What the quality stage gives the later stages. */
export interface QualityScores {
  /** q `[M, B]` as estimated (the estimator's losses train it); ones without an estimator. */
  q: tf.Tensor;
  /** q as the enhancer and the gate use it: detached unless task gradients may reach it, or the true quality for an oracle. */
  used: tf.Tensor;
  /** q as κ (Eq 14) and the L_enh rows (Eq 22) select by: q, or the true quality for an oracle. */
  selecting: tf.Tensor;
  /** Training only: the scores of the auxiliary rows. */
  auxiliary: {
    /** q of pure noise (Eq 16), `[M, B]`; null without an estimator. */
    pureNoise: tf.Tensor | null;
    /** q of the noise-rank copy (Eq 20), `[M, B]`; null without an estimator. */
    noisy: tf.Tensor | null;
    /** q of the enhancer's copy as the enhancer uses it, `[M, B]`. */
    enhancerInput: tf.Tensor;
  } | null;
}

/** Options of {@link scoreQuality}. */
export interface QualityStageOptions {
  /** Let task gradients reach q (spec section 1 Reading). */
  taskGradient: boolean;
  /** The true quality `[M, B]` to use in place of q (an oracle), or null. */
  oracle: tf.Tensor | null;
  /**
   * Beyond the paper: in training, the known quality `[M, B]` of the training corruption that the
   * later stages read in place of q (teacher forcing; the consensus and evidence factors still
   * apply), or null. q itself is still estimated and trained.
   */
  teacher?: tf.Tensor | null;
  /** Beyond the paper: the later stages read q snapped to 0 below `snap` and to 1 above `1 - snap` (0 = as estimated). */
  snap?: number;
  /**
   * Beyond the paper: each view's agreement with the others `[M, B]` (or a function of the
   * estimated q that gives it, for an agreement weighted by the views' quality) and its power;
   * q is used times `agreement^power` (null: as estimated).
   */
  consensus?: {
    /** The views' agreement `[M, B]`, detached, or a function of the estimated q `[M, B]` that gives it. */
    agreement: tf.Tensor | ((q: tf.Tensor) => tf.Tensor);
    /** The power of the agreement (`quality.consensus`). */
    power: number;
  } | null;
  /** Beyond the paper: each view's head certainty `1 - u_m` `[M, B]` and its power; q is used times `certainty^power` (null: as estimated). */
  evidence?: {
    /** Each view's head certainty `1 - K/S` `[M, B]`, detached (see `headCertainty`). */
    certainty: tf.Tensor;
    /** The power of the certainty (`quality.evidence`). */
    power: number;
  } | null;
}

/**
 * Quality scores of `u [M, B, d]` (Eq 1) and, with `draws`, of the training step's auxiliary
 * rows. Without an estimator (the "without quality estimation" ablation) q ≡ 1. With a
 * consensus (beyond the paper), q as used and as selecting is scaled by each view's agreement
 * with the others; with evidence (beyond the paper), by each view's head certainty. With a
 * teacher (training with `quality.teacherForcing`) the later stages read the known quality in
 * place of q, with `snap` the snapped q (see {@link snapQuality}; the enhancer's training copy
 * too); q itself is as estimated.
 *
 * @example
 * ```ts
 * const s = scoreQuality(qe, u, null, { taskGradient: false, oracle: null }); // s.q [M, B]
 * ```
 */
export function scoreQuality(qe: QualityEstimatorPart | null, u: tf.Tensor, draws: TrainingDraws | null, options: QualityStageOptions): QualityScores {
  const [M, B] = u.shape as [number, number, number];
  let q: tf.Tensor;
  let pureNoise: tf.Tensor | null = null;
  let noisy: tf.Tensor | null = null;
  let enhancerInput: tf.Tensor | null = null;
  if (qe && draws) {
    // one estimator call scores [u; ε; AddNoise(u); AddNoise(u)] (a speed trick of the estimator's input, not of the math)
    [q, pureNoise, noisy, enhancerInput] = tf.split(qe.call(tf.concat([u, draws.pureNoise!, draws.forNoiseRank.u, draws.forEnhancer.u], 1)), 4, 1);
  } else if (qe) {
    q = qe.call(u);
  } else {
    q = tf.ones([M, B]);
    if (draws) enhancerInput = tf.ones([M, B]);
  }
  const detach = (x: tf.Tensor) => (options.taskGradient ? x : stopGradient(x));
  const power = (x: tf.Tensor, p: number) => (p === 1 ? x : tf.pow(x, p));
  const factors = [
    ...(options.consensus ? [power(agreementOf(options.consensus.agreement, q), options.consensus.power)] : []),
    ...(options.evidence ? [power(options.evidence.certainty, options.evidence.power)] : []),
  ];
  const weight = factors.length ? factors.reduce((a, b) => tf.mul(a, b)) : null; // [M, B], detached
  const snapped = (x: tf.Tensor) => (options.snap ? snapQuality(x, options.snap) : x);
  const read = options.teacher ?? snapped(q); // what the later stages read: q, or the known training quality
  let used = weight ? tf.mul(detach(read), weight) : detach(read);
  // the enhancer's AddNoise copy (the L_enh rows) reads its q as the forward pass reads q: snapped, or the known quality
  let enhancerUsed = options.teacher && draws ? tf.mul(options.teacher, tf.sub(1, draws.forEnhancer.rate)) : enhancerInput ? detach(snapped(enhancerInput)) : null;
  let selecting = weight ? tf.mul(read, weight) : read;
  if (options.oracle) {
    used = selecting = options.oracle;
    if (draws) enhancerUsed = tf.mul(options.oracle, tf.sub(1, draws.forEnhancer.rate));
  }
  return { q, used, selecting, auxiliary: draws ? { pureNoise, noisy, enhancerInput: enhancerUsed! } : null };
}

const agreementOf = (a: tf.Tensor | ((q: tf.Tensor) => tf.Tensor), q: tf.Tensor): tf.Tensor => (typeof a === 'function' ? a(stopGradient(q)) : a);

/**
 * q with the scores below `s` set to 0 and those above `1 - s` set to 1, the rest as they are:
 * where the corruption is categorical (a view present or missing) the later stages read the same
 * exact 0 and 1 in training and at evaluation, as they do given the true quality.
 *
 * @example
 * ```ts
 * snapQuality(tf.tensor2d([[0.1, 0.5, 0.9]]), 0.2); // [[0, 0.5, 1]]
 * ```
 */
export function snapQuality(q: tf.Tensor, s: number): tf.Tensor {
  return tf.tidy(() => {
    // the masks by step (gradient 0; comparisons have none in tfjs); q's gradient passes where it is not snapped
    const low = tf.step(tf.sub(s, q)); // 1 where q < s
    const high = tf.step(tf.sub(q, 1 - s)); // 1 where q > 1 - s
    return tf.add(tf.mul(q, tf.mul(tf.sub(1, low), tf.sub(1, high))), high);
  });
}
