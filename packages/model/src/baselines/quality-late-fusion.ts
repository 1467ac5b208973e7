/**
 * Quality-weighted late fusion (a baseline for heterogeneous quality; not in the paper): per
 * modality an encoder as UMQ's and a unimodal head; fused logits `Σ_m w_m z_m` with
 * `w_m = q_m / (Σ_n q_n + 1e-6)`, q uniform, estimated (UMQ's quality estimator trained by its
 * rank losses on sg(u), never moving the classifier) or the oracle's true quality.
 */
import { tf, Module, Rng, seededRandomNormal, stopGradient, deriveSeed, perSampleTaskLoss, OptionError, type TaskType, type Seed } from '@umq/core';
import { QualityEstimator, UnimodalHeads, qualityLosses, addNoise } from '@umq/quality';
import type { ForwardOptions, HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { VectorEncoder } from '../encoders/vector-encoder';
import { poolInput } from './pool-input';

/** How the heads are weighted. */
export type LateWeighting = 'uniform' | 'estimated' | 'oracle';

/** Options of {@link QualityLateFusion}. */
export interface QualityLateFusionOptions {
  /** The modalities, in input order. */
  modalities: ModalityInput[];
  /** Task: 'binary', 'multiclass' or 'regression'. */
  task: TaskType;
  /** Outputs: 1 for binary/regression, C for multiclass. */
  outDim: number;
  /** Width d. Default 64. */
  d?: number;
  /** Dropout. Default 0.1. */
  dropout?: number;
  /** Weighting. Default 'estimated'. */
  weighting?: LateWeighting;
  /** θ, α, μ of the quality losses (Eq 17, 18, 20). Defaults 0.01, 0.95, 0.05. */
  theta?: number;
  /** α of L_high (Eq 17). Default 0.95. */
  alpha?: number;
  /** μ, the ranking margin (Eq 18, 20). Default 0.05. */
  mu?: number;
  /** Seed. Default 0. */
  seed?: Seed;
}

/**
 * Late fusion with unimodal losses and quality-weighted averaging (the reference's
 * `QualityLateFusion`). Loss: task loss of the fused logits + L_uni + (estimated) L_qe.
 *
 * @example
 * ```ts
 * const m = new QualityLateFusion({ modalities, task: 'multiclass', outDim: 10, weighting: 'estimated' });
 * ```
 */
export class QualityLateFusion extends Module implements HarnessModel {
  static override className = 'umq.QualityLateFusion';
  readonly task: TaskType;
  readonly numModalities: number;
  private readonly encoders: VectorEncoder[];
  private readonly heads: UnimodalHeads;
  private readonly qe: QualityEstimator;
  private readonly options: Required<QualityLateFusionOptions>;

  constructor(options: QualityLateFusionOptions) {
    super();
    this.options = { d: 64, dropout: 0.1, weighting: 'estimated', theta: 0.01, alpha: 0.95, mu: 0.05, seed: 0, ...options };
    const o = this.options;
    this.task = o.task;
    this.numModalities = o.modalities.length;
    this.encoders = o.modalities.map((mod, m) => this.addModule(`encoder${m}`, new VectorEncoder({ inFeatures: mod.dim, d: o.d, dropout: o.dropout, seed: deriveSeed(o.seed, 'encoder', m) })));
    this.heads = this.addModule('heads', new UnimodalHeads({ modalities: o.modalities.length, features: o.d, outFeatures: o.outDim, seed: deriveSeed(o.seed, 'heads') }));
    this.qe = this.addModule('qe', new QualityEstimator({ modalities: o.modalities.length, features: o.d, seed: deriveSeed(o.seed, 'qe') }));
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    const o = this.options;
    const rng = options.rng ?? new Rng(0);
    return tf.tidy(() => {
      const U = tf.stack(this.encoders.map((enc, m) => enc.call(poolInput(batch.x[m], batch.mask[m]), null, options)), 0); // [M, B, d]
      const Z = this.heads.call(U, options); // [M, B, out]
      const Ud = stopGradient(U);
      const qEst = this.qe.call(Ud); // [M, B]
      let w: tf.Tensor;
      if (o.weighting === 'uniform') w = tf.onesLike(qEst);
      else if (o.weighting === 'estimated') w = stopGradient(qEst);
      else {
        if (!batch.quality) throw new OptionError("QualityLateFusion: weighting 'oracle' needs batch.quality");
        w = batch.quality;
      }
      w = tf.div(w, tf.add(tf.sum(w, 0, true), 1e-6));
      const logits = tf.sum(tf.mul(tf.expandDims(w, -1), Z), 0); // [B, out]
      const out: ModelOutput = { logits, terms: {}, quality: qEst };
      if (options.losses === 'none') return out as unknown as tf.TensorContainer;
      const lTask = tf.mean(perSampleTaskLoss(logits, batch.y, o.task)) as tf.Scalar;
      if (options.losses === 'task') {
        out.terms = { L_task: lTask };
        out.loss = lTask;
        return out as unknown as tf.TensorContainer;
      }
      const ell = perSampleTaskLoss(Z, batch.y, o.task); // [M, B]
      const lUni = tf.mean(ell) as tf.Scalar;
      out.terms = { L_task: lTask, L_uni: lUni };
      let total: tf.Tensor = tf.add(lTask, lUni);
      if (o.weighting === 'estimated') {
        const qLow = this.qe.call(seededRandomNormal(Ud.shape, rng.tfSeed()));
        const qNoisy = this.qe.call(addNoise(Ud, rng.tfSeed()).noisy);
        const ql = qualityLosses({ q: qEst, qLow, qNoisy, ell: stopGradient(ell) }, { theta: o.theta, alpha: o.alpha, mu: o.mu });
        out.terms.L_qe = ql.total;
        total = tf.add(total, ql.total);
      }
      out.loss = total as tf.Scalar;
      return out as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(QualityLateFusion);
