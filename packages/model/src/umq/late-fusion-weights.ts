/**
 * The per-sample weights of UMQ's quality-weighted late-fusion path (issue 9, beyond the paper).
 */
import { tf, Module, stopGradient, OptionError, type TaskType } from '@umq/core';

/**
 * How the late-fusion path weighs the unimodal heads (q read as `q^power`, see
 * {@link LateFusionWeightsOptions.power}):
 * - `'quality'`: `w_m = q_m / Σ_n q_n` (fixed by the estimate);
 * - `'learned'`: `w = softmax_m(a·log q_m + b_m)`, with a scalar sharpness `a` (init 1) and a
 *   per-modality reliability `b_m` (init 0) trained by the task loss; equal to `'quality'` at
 *   initialisation;
 * - `'learned+confidence'`: as `'learned'`, plus `c·conf_m` with `conf_m` the head's own
 *   confidence (negative entropy of its prediction, from detached logits; 0 for regression)
 *   and `c` learned from 0.
 */
export type LateFusionWeighting = 'quality' | 'learned' | 'learned+confidence';

/** Options of {@link LateFusionWeights}. */
export interface LateFusionWeightsOptions {
  /** Modalities M. */
  modalities: number;
  /** How the weights are formed. Default 'quality'. */
  weighting?: LateFusionWeighting;
  /** Task of the heads (sets the confidence measure). Default 'multiclass'. */
  task?: TaskType;
  /**
   * The power the quality is raised to before weighing: `w_m = q_m^p / Σ_n q_n^p` with
   * `'quality'` (with `'learned'`, the sharpness starts at p). Above 1 it pushes the weight of a
   * view the estimator scores low (a missing one, q ≈ 0.15 beside 0.9) towards 0. Default 1.
   */
  power?: number;
}

const EPS = 1e-6;

/**
 * Turns quality scores (and the heads' logits) into late-fusion weights that sum to 1 over
 * modalities. Quality is always detached: the task loss tunes `a`, `b`, `c`, never the
 * estimator. With `'quality'` the module has no parameters.
 *
 * @example
 * ```ts
 * const weights = new LateFusionWeights({ modalities: 3, weighting: 'learned', task: 'multiclass' });
 * const w = weights.call(q, headLogits); // q [M, B], headLogits [M, B, C] -> w [M, B]
 * ```
 */
export class LateFusionWeights extends Module {
  static override className = 'umq.LateFusionWeights';
  private readonly options: Required<LateFusionWeightsOptions>;
  private readonly sharpness: tf.Variable | null = null;
  private readonly reliability: tf.Variable | null = null;
  private readonly confidenceWeight: tf.Variable | null = null;

  constructor(options: LateFusionWeightsOptions) {
    super();
    this.options = { weighting: 'quality', task: 'multiclass', power: 1, ...options };
    const { weighting, modalities, power } = this.options;
    if (!['quality', 'learned', 'learned+confidence'].includes(weighting)) {
      throw new OptionError(`LateFusionWeights.weighting must be 'quality', 'learned' or 'learned+confidence', got ${JSON.stringify(weighting)}`);
    }
    if (!Number.isInteger(modalities) || modalities < 1) throw new OptionError(`LateFusionWeights.modalities must be a positive integer, got ${modalities}`);
    if (typeof power !== 'number' || !Number.isFinite(power) || power <= 0) throw new OptionError(`LateFusionWeights.power must be a positive number (1: weights proportional to q), got ${JSON.stringify(power)}`);
    if (weighting !== 'quality') {
      this.sharpness = this.addParameter('sharpness', tf.ones([1, 1]));
      this.reliability = this.addParameter('reliability', tf.zeros([modalities, 1]));
      if (weighting === 'learned+confidence') this.confidenceWeight = this.addParameter('confidence', tf.zeros([1, 1]));
    }
  }

  /** `q [M, B]` (and the heads' logits `[M, B, out]`, used for confidence) -> weights `[M, B]`. */
  call(q: tf.Tensor, headLogits?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const { power } = this.options;
      const qs = power === 1 ? stopGradient(q) : tf.pow(stopGradient(q), power);
      if (this.options.weighting === 'quality') return tf.div(qs, tf.add(tf.sum(qs, 0, true), EPS));
      let s = tf.add(tf.mul(this.sharpness!, tf.log(tf.add(qs, EPS))), this.reliability!); // [M, B]
      if (this.confidenceWeight) {
        if (!headLogits) throw new OptionError("LateFusionWeights: 'learned+confidence' needs the heads' logits");
        s = tf.add(s, tf.mul(this.confidenceWeight, confidence(stopGradient(headLogits), this.options.task)));
      }
      return tf.softmax(s.transpose()).transpose(); // softmax over modalities
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(LateFusionWeights);

/**
 * Negative entropy of each head's prediction, `[M, B, out] -> [M, B]` (0 for regression): 0 for
 * a certain head, `-log C` for a uniform one over C classes.
 *
 * @example
 * ```ts
 * const conf = confidence(headLogits, 'multiclass'); // [M, B]
 * ```
 */
export function confidence(logits: tf.Tensor, task: TaskType): tf.Tensor {
  return tf.tidy(() => {
    const [M, B] = logits.shape;
    if (task === 'regression') return tf.zeros([M, B]);
    if (task === 'binary') {
      const z = tf.squeeze(logits, [2]);
      const p = tf.sigmoid(z);
      // -H = p log p + (1-p) log(1-p), with log p = -softplus(-z), log(1-p) = -softplus(z)
      return tf.neg(tf.add(tf.mul(p, tf.softplus(tf.neg(z))), tf.mul(tf.sub(1, p), tf.softplus(z))));
    }
    const logp = tf.logSoftmax(logits);
    return tf.sum(tf.mul(tf.exp(logp), logp), -1);
  });
}
