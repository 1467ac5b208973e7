/**
 * L_qe of UMQ Eq 21: the four quality-estimator losses of Eq 16-20 in one call, each term
 * and its diagnostics returned separately.
 */
import { tf, OptionError, assertNumberInRange, assertOneOf, assertModalityScores } from '@umq/core';
import { lowQualityLoss } from './low-quality-loss';
import { highQualityLoss } from './high-quality-loss';
import { rankLoss, type RankPairs } from './rank-loss';
import { noiseRankLoss } from './noise-rank-loss';
import { absoluteQualityLoss } from './absolute-quality-loss';

/**
 * How the estimator learns relative quality: `'rank'` (Eq 18 and Eq 20, the paper) or
 * `'absolute'` (the "w/o rank-guided training" ablation: regress q onto exp(-ℓ)).
 */
export type QualityLabels = 'rank' | 'absolute';

/** Options of {@link qualityLosses}. */
export interface QualityLossOptions {
  /** θ of Eq 17: ℓ below it counts as highest quality. Default `0.01` (paper). */
  theta?: number;
  /** α of Eq 17: the label of the highest-quality rows. Default `0.95` (paper). */
  alpha?: number;
  /** Margin μ of Eq 18 and 20. Default `0.05` (Table 10, MOSI; 0.1 for the other datasets). */
  mu?: number;
  /** Pairs of Eq 18. Default `'all'` (spec reading: all M·B representations). */
  rankPairs?: RankPairs;
  /** Rank-guided (default `'rank'`) or absolute labels (`'absolute'`, Table 6 ablation). */
  labels?: QualityLabels;
}

/** Inputs of {@link qualityLosses}: scores and losses of rows the caller built. */
export interface QualityLossInputs {
  /** Scores of the clean representations, `[M, B]`. */
  q: tf.Tensor;
  /** Scores of pure-noise representations ε ~ N(0, I), `[M, N]` (Eq 16). */
  qLow: tf.Tensor;
  /** Scores of AddNoise(u) (Eq 19), row for row with `q`, `[M, B]`. */
  qNoisy: tf.Tensor;
  /** Per-sample unimodal losses ℓ of the clean rows, `[M, B]` (see {@link unimodalLoss}). */
  ell: tf.Tensor;
  /** ℓ of the corrupted rows, `[M, B]`: needed only with `labels: 'absolute'`. */
  ellNoisy?: tf.Tensor;
}

/** Result of {@link qualityLosses}: every tensor is a scalar owned by the caller. */
export interface QualityLosses {
  /** `L_qe = L_low + L_high + L_rank + L_noise` (Eq 21, without L_uni). */
  total: tf.Scalar;
  /** The four terms. With `labels: 'absolute'`, `rank` and `noise` are the exp(-ℓ) regressions. */
  terms: {
    /** L_low (Eq 16). */
    low: tf.Scalar;
    /** L_high (Eq 17). */
    high: tf.Scalar;
    /** L_rank (Eq 18). */
    rank: tf.Scalar;
    /** L_noise (Eq 20). */
    noise: tf.Scalar;
  };
  /** Diagnostics (no gradient); the hinge fractions are null with `labels: 'absolute'`. */
  diagnostics: {
    /** Share of rows selected as highest quality (ℓ < θ). */
    highFraction: tf.Scalar;
    /** Share of rank pairs with an active hinge. */
    rankHingeActive: tf.Scalar | null;
    /** Share of noise pairs with an active hinge. */
    noiseHingeActive: tf.Scalar | null;
  };
}

/**
 * The quality estimator's training loss (UMQ Eq 21): `L_low` (Eq 16) + `L_high` (Eq 17) +
 * `L_rank` (Eq 18) + `L_noise` (Eq 20), or with `labels: 'absolute'` the ablation
 * `L_low + L_high + mean(q - e^{-ℓ})^2 + mean(q_noisy - e^{-ℓ_noisy})^2`. The unimodal loss
 * L_uni is not included: add it with its own weight (spec default λ_uni = 1), or to this
 * total for the paper preset. The caller supplies the corrupted rows, so this function does
 * not depend on how corruption is done.
 *
 * @example
 * ```ts
 * const q = qe.call(u), qLow = qe.call(tf.randomNormal(u.shape)), qNoisy = qe.call(addNoise(u, rng.tfSeed()).noisy);
 * const { perSample } = unimodalLoss(heads.call(u), y, 'binary');
 * const { total, terms, diagnostics } = qualityLosses({ q, qLow, qNoisy, ell: perSample }, { mu: 0.1 });
 * ```
 */
export function qualityLosses(inputs: QualityLossInputs, options: QualityLossOptions = {}): QualityLosses {
  const o = { theta: 0.01, alpha: 0.95, mu: 0.05, rankPairs: 'all' as RankPairs, labels: 'rank' as QualityLabels, ...options };
  assertOneOf('qualityLosses.labels', o.labels, ['rank', 'absolute'] as const);
  assertNumberInRange('qualityLosses.mu', o.mu, 0, Number.MAX_VALUE);
  const shape = assertModalityScores('qualityLosses', 'q', inputs.q);
  assertModalityScores('qualityLosses', 'qNoisy', inputs.qNoisy, shape);
  assertModalityScores('qualityLosses', 'ell', inputs.ell, shape);
  if (inputs.qLow.rank !== 2 || inputs.qLow.shape[0] !== shape[0]) assertModalityScores('qualityLosses', 'qLow', inputs.qLow, [shape[0], inputs.qLow.shape[1] ?? 0]);
  if (o.labels === 'absolute') {
    if (!inputs.ellNoisy) throw new OptionError("qualityLosses: labels 'absolute' needs `ellNoisy` (the unimodal losses of the AddNoise rows, [M, B]): pass it, or use labels 'rank'");
    assertModalityScores('qualityLosses', 'ellNoisy', inputs.ellNoisy, shape);
  }
  // tidy keeps every tensor of the returned object (null entries are skipped)
  return tf.tidy((): tf.TensorContainer => {
    const low = lowQualityLoss(inputs.qLow);
    const high = highQualityLoss(inputs.q, inputs.ell, o.theta, o.alpha);
    let rank: tf.Scalar, noise: tf.Scalar;
    let rankHingeActive: tf.Scalar | null = null, noiseHingeActive: tf.Scalar | null = null;
    if (o.labels === 'rank') {
      const r = rankLoss(inputs.q, inputs.ell, o.mu, o.rankPairs);
      const n = noiseRankLoss(inputs.qNoisy, inputs.q, o.mu);
      [rank, noise, rankHingeActive, noiseHingeActive] = [r.loss, n.loss, r.hingeActive, n.hingeActive];
    } else {
      rank = absoluteQualityLoss(inputs.q, inputs.ell);
      noise = absoluteQualityLoss(inputs.qNoisy, inputs.ellNoisy as tf.Tensor);
    }
    const total = tf.addN([low, high.loss, rank, noise]) as tf.Scalar;
    return {
      total,
      terms: { low, high: high.loss, rank, noise },
      diagnostics: { highFraction: high.selectedFraction, rankHingeActive, noiseHingeActive },
    } as unknown as tf.TensorContainer;
  }) as unknown as QualityLosses;
}
