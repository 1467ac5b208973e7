/**
 * The quality estimator of UMQ (Eq 1): `q_m = σ(QE_m(u_m))`, one MLP d -> d/2 -> 1 per modality.
 */
import { tf, Module, ModalityMLPs, assertInteger, type Seed, assertModalityStack } from '@umq/core';

/** Options of {@link QualityEstimator}. */
export interface QualityEstimatorOptions {
  /** Number of modalities M (>= 2). Paper: 3 (sentiment) or 4 (humor, sarcasm). */
  modalities: number;
  /** Representation width d. Paper: 100 (64 for MUStARD). */
  features: number;
  /** Hidden width of each QE_m. Default `floor(d / 2)` (the paper's d/2). */
  hidden?: number;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/**
 * Scores the quality of each modality's representation in (0, 1): `q_m = σ(QE_m(u_m))`
 * (UMQ Eq 1), with QE_m a ReLU MLP d -> d/2 -> 1 per modality. Input and output are stacked:
 * `u [M, N, d] -> q [M, N]`. The estimator is trained by {@link qualityLosses} (Eq 16-21).
 *
 * @example
 * ```ts
 * const qe = new QualityEstimator({ modalities: 3, features: 16, seed: 1 });
 * const q = qe.call(tf.randomNormal([3, 8, 16])); // [3, 8], each in (0, 1)
 * ```
 */
export class QualityEstimator extends Module {
  static override className = 'umq.QualityEstimator';
  /** The per-modality networks QE_m (logit outputs). */
  readonly nets: ModalityMLPs;
  private readonly options: Required<QualityEstimatorOptions>;

  constructor(options: QualityEstimatorOptions) {
    super();
    assertInteger('QualityEstimator.modalities', options.modalities, 2, 'UMQ needs at least two modalities');
    assertInteger('QualityEstimator.features', options.features, 2);
    this.options = { hidden: Math.floor(options.features / 2), seed: 0, ...options };
    assertInteger('QualityEstimator.hidden', this.options.hidden, 1);
    const o = this.options;
    this.nets = this.addModule('qe', new ModalityMLPs({ modalities: o.modalities, inFeatures: o.features, hidden: o.hidden, outFeatures: 1, seed: o.seed }));
  }

  /**
   * Quality scores `q [M, N]` in (0, 1) for stacked representations `u [M, N, d]` (Eq 1).
   * @param u - representations, modality-major `[M, N, d]` (N: any number of rows, e.g. B,
   *   or B clean + B noisy rows concatenated along axis 1 to score them in one call).
   */
  call(u: tf.Tensor): tf.Tensor {
    assertModalityStack('QualityEstimator.call', 'u', u, this.options.modalities, this.options.features);
    return tf.tidy(() => tf.squeeze(tf.sigmoid(this.nets.call(u)), [2]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(QualityEstimator);
