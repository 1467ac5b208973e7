/**
 * UMQ's loss terms (Eq 2-6, 12-22 and the beyond-paper terms), each computed from what the
 * forward stages produced, typed so that nothing is read back by string.
 */
import { tf, perSampleTaskLoss, stopGradient, type TaskType } from '@umq/core';
import { qualityLosses } from '@umq/quality';
import { enhancerLoss, type DecouplingLosses } from '@umq/enhancer';
import type { MoELosses } from '@umq/moe';
import type { HeadWeighting, QualityOptions } from './options';
import type { QualityScores } from './stages/quality-stage';
import type { TrainingDraws } from './training-noise';
import { evidentialHeadLosses, type HeadLoss } from './evidence';

/** Every term of the training objective (weights not applied); null where the part is absent. */
export interface UMQLossTerms {
  /** L_task on the model's prediction (Eq 15). */
  task: tf.Scalar;
  /** Beyond the paper: L_task on the fused path's own prediction P(o) (with the late path and its weight > 0). */
  fusedPath: tf.Scalar | null;
  /** L_uni, the unimodal heads' mean task loss (spec section 8). */
  uni: tf.Scalar | null;
  /** The quality estimator's losses (Eq 16-20) and their sum (Eq 21 without L_uni). */
  quality: { low: tf.Scalar; high: tf.Scalar; rank: tf.Scalar; noise: tf.Scalar; total: tf.Scalar } | null;
  /** Beyond the paper: q regressed onto the known corruption level ('rank+corruption'). */
  qualitySupervision: tf.Scalar | null;
  /** The decoupling losses summed over modalities (Eq 2-5) and L_dec (Eq 6). */
  decoupling: { orth: tf.Scalar; mi: tf.Scalar; spec: tf.Scalar; rec: tf.Scalar; total: tf.Scalar } | null;
  /** L_enh (Eq 22). */
  enhancer: tf.Scalar | null;
  /** The routing losses (Eq 12-14) and L_moe. */
  moe: { balance: tf.Scalar; variance: tf.Scalar; config: tf.Scalar; total: tf.Scalar } | null;
}

/** What the terms are computed from. */
export interface LossInputs {
  /** Task of the model. */
  task: TaskType;
  /** Labels `[B]`. */
  y: tf.Tensor;
  /** The model's prediction `[B, out]`. */
  logits: tf.Tensor;
  /** The fused path's own prediction, when its loss is wanted. */
  fusedLogits: tf.Tensor | null;
  /** The unimodal heads' logits `[M, B, out]`, or null without heads. */
  headLogits: tf.Tensor | null;
  /** With absolute quality labels: the heads' logits on the noise-rank copy `[M, B, out]`. */
  noisyHeadLogits: tf.Tensor | null;
  /** How the heads are trained (evidential heads: `headLogits` is log α). Default 'cross-entropy'. */
  headLoss?: HeadLoss;
  /** How L_uni weighs the heads' losses ('true-quality': by `trueQuality`). Default 'uniform'. */
  headWeighting?: HeadWeighting;
  /** The 0-based training epoch (anneals the evidential heads' KL term). */
  epoch?: number;
  /** The quality stage's scores (with the auxiliary rows). */
  quality: QualityScores;
  /** The estimator's options, or null without an estimator. */
  qualityOptions: Required<QualityOptions> | null;
  /** The step's draws. */
  draws: TrainingDraws;
  /** The true quality `[M, B]` of the batch, when the protocol reports it. */
  trueQuality: tf.Tensor | undefined;
  /** The clean representations u `[M, B, d]` (the target of L_enh). */
  u: tf.Tensor;
  /** Enh(AddNoise(u)) `[M, B, d]`, or null without an enhancer. */
  restored: tf.Tensor | null;
  /** The decoupling losses, or null. */
  decoupling: DecouplingLosses | null;
  /** The routing losses, or null. */
  moe: MoELosses | null;
}

/**
 * The loss terms of one training step.
 *
 * @example
 * ```ts
 * const terms = umqLossTerms({ task: 'binary', y, logits, fusedLogits: null, headLogits, noisyHeadLogits: null, quality, qualityOptions, draws, trueQuality: undefined, u, restored, decoupling, moe });
 * ```
 */
export function umqLossTerms(x: LossInputs): UMQLossTerms {
  const mean = (t: tf.Tensor) => tf.mean(t) as tf.Scalar;
  const task = mean(perSampleTaskLoss(x.logits, x.y, x.task));
  const fusedPath = x.fusedLogits ? mean(perSampleTaskLoss(x.fusedLogits, x.y, x.task)) : null;
  let uni: tf.Scalar | null = null;
  let ell: tf.Tensor | null = null;
  const headLosses = (z: tf.Tensor) => (x.headLoss === 'evidential' ? evidentialHeadLosses(z, x.y, x.epoch) : perSampleTaskLoss(z, x.y, x.task));
  if (x.headLogits) {
    ell = headLosses(x.headLogits); // ℓ_m^i, [M, B]
    uni = x.headWeighting === 'true-quality' && x.trueQuality ? (tf.div(tf.sum(tf.mul(ell, x.trueQuality)), tf.add(tf.sum(x.trueQuality), 1e-6)) as tf.Scalar) : mean(ell);
  }
  let quality: UMQLossTerms['quality'] = null;
  let qualitySupervision: tf.Scalar | null = null;
  const qo = x.qualityOptions;
  const aux = x.quality.auxiliary!;
  if (qo && ell) {
    const ellNoisy = x.noisyHeadLogits ? stopGradient(headLosses(x.noisyHeadLogits)) : undefined;
    const ql = qualityLosses({ q: x.quality.q, qLow: aux.pureNoise!, qNoisy: aux.noisy!, ell: stopGradient(ell), ellNoisy }, { theta: qo.theta, alpha: qo.alpha, mu: qo.mu, rankPairs: qo.rankPairs, labels: qo.labels });
    quality = { ...ql.terms, total: ql.total };
  }
  if (qo && qo.supervision === 'rank+corruption') {
    // the corruption injected in training is known: q regressed onto it, and q(AddNoise(u)) onto it times (1 - r)
    const truth = x.trueQuality ?? tf.onesLike(x.quality.q); // [M, B]
    const fit = qo.supervisionLoss === 'cross-entropy' ? softTargetCrossEntropy : (q: tf.Tensor, t: tf.Tensor) => tf.mean(tf.square(tf.sub(q, t)));
    qualitySupervision = tf.add(fit(x.quality.q, truth), fit(aux.noisy!, tf.mul(truth, tf.sub(1, x.draws.forNoiseRank.rate)))) as tf.Scalar;
  }
  const dl = x.decoupling;
  const decoupling = dl ? { orth: tf.sum(dl.orth) as tf.Scalar, mi: tf.sum(dl.mi) as tf.Scalar, spec: tf.sum(dl.spec) as tf.Scalar, rec: tf.sum(dl.rec) as tf.Scalar, total: dl.total } : null;
  const enhancer = x.restored ? enhancerLoss(x.restored, x.u, x.quality.selecting, qo?.tau ?? 0.5).loss : null; // Eq 22
  const moe = x.moe ? { balance: x.moe.balance, variance: x.moe.variance, config: x.moe.config, total: x.moe.total } : null;
  return { task, fusedPath, uni, quality, qualitySupervision, decoupling, enhancer, moe };
}

const Q_EPS = 1e-6;

/** Mean binary cross-entropy of scores q in (0, 1) against soft targets t in [0, 1] (minimal at q = t). */
function softTargetCrossEntropy(q: tf.Tensor, t: tf.Tensor): tf.Tensor {
  const qc = tf.clipByValue(q, Q_EPS, 1 - Q_EPS);
  return tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(qc)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, qc))))));
}
