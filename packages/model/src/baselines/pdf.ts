/**
 * PDF, Predictive Dynamic Fusion (Cao, Xia, Ding, Zhang, Hu, ICML 2024). Official code:
 * Yinan-Xia/PDF, `src/models/latefusion_pdf.py` (`MultimodalLateFusionClf_pdf`, `pdf_train` and
 * `pdf_test`) and `train_pdf.py` (`model_forward`: the losses).
 */
import { tf, Module, Linear, deriveSeed, perSampleTaskLoss, stopGradient, type TaskType, type Seed } from '@umq/core';
import type { ForwardOptions, HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { ViewClassifier } from './view-classifier';
import { poolInput } from './pool-input';
import { classCount, classIndex, harnessLogits } from './class-output';

/** Options of {@link PDF}. */
export interface PDFOptions {
  /** The modalities, in input order; sequences are mean-pooled over valid steps. */
  modalities: ModalityInput[];
  /** Task: 'multiclass' or 'binary' (K = 2 internally, one logit out). */
  task: TaskType;
  /** Outputs: C for multiclass, 1 for binary. */
  outDim: number;
  /**
   * Hidden widths of each modality's classifier; the ConfidNet reads the last hidden layer.
   * Default `[64]` (our choice for feature data: the official encoders are BERT and ResNet).
   */
  hidden?: number[];
  /** Dropout between hidden layers, in [0, 1). Default 0.1 (`--dropout 0.1`). */
  dropout?: number;
  /** Relative calibration of the co-beliefs in evaluation (`pdf_test`). Default true. */
  calibration?: boolean;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/** PDF's ConfidNet: Linear(w, 2w) -> Linear(2w, w) -> Linear(w, 1) -> sigmoid, no activation between (as released). */
class ConfidNet extends Module {
  static override className = 'umq.PDFConfidNet';
  private readonly layers: Linear[];
  private readonly config: { width: number; seed: Seed };

  constructor(width: number, seed: Seed) {
    super();
    this.config = { width, seed };
    const widths = [width, 2 * width, width, 1];
    this.layers = [0, 1, 2].map((i) => this.addModule(`l${i + 1}`, new Linear({ inFeatures: widths[i], outFeatures: widths[i + 1], seed: deriveSeed(seed, 'confid', i) })));
  }

  /**
   * The log of the predicted true-class probability, `[B]`: log σ(s) = −softplus(−s), finite where
   * σ underflows (tf.logSigmoid's custom gradient loses its saved input inside a tidy under a tape).
   */
  logTcp(features: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.neg(tf.squeeze(tf.softplus(tf.neg(this.layers.reduce((h, l) => l.call(h), features))), [1])));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { width: this.config.width, seed: String(this.config.seed) };
  }
}
tf.serialization.registerClass(ConfidNet);

/**
 * PDF: per modality a classifier z_m and a ConfidNet predicting the true-class probability
 * tcp_m from the (detached) features; co-belief cb_m = tcp_m + holo_m with
 * holo_m = Σ_{n≠m} log tcp_n / (Σ_n log tcp_n + 1e-8); fused = Σ_m w_m z_m, w = softmax_m(cb).
 * In training w is a constant (the official code detaches cb and w). In evaluation with
 * `calibration`, the relative calibration rc_m = du_m / max_n du_n scales cb first, du_m the
 * mean |p_m − 1/K| of modality m's softmax. Loss: CE(fused) + Σ_m CE(z_m) + Σ_m mean|tcp_m −
 * sg(p_m[y])|. Generalisation to M modalities (the official code has two): holo_m's numerator
 * is the other modalities' log tcp summed, the same as the released formula for M = 2; rc_m =
 * du_m / max_n du_n is the released two-way rule (1 for the larger du, the ratio for the other)
 * for M = 2. `quality` `[M, B]` is tcp_m.
 *
 * @example
 * ```ts
 * const pdf = new PDF({ modalities, task: 'multiclass', outDim: 10, seed: 1 });
 * const out = pdf.forward(batch, { training: false, losses: 'none' }); // calibrated fusion
 * ```
 */
export class PDF extends Module implements HarnessModel {
  static override className = 'umq.PDF';
  readonly task: TaskType;
  readonly numModalities: number;
  private readonly classes: number;
  private readonly nets: ViewClassifier[];
  private readonly confid: ConfidNet[];
  private readonly options: Required<PDFOptions>;

  constructor(options: PDFOptions) {
    super();
    this.options = { hidden: [64], dropout: 0.1, calibration: true, seed: 0, ...options };
    const o = this.options;
    this.task = o.task;
    this.numModalities = o.modalities.length;
    this.classes = classCount('PDF', o.task, o.outDim);
    this.nets = o.modalities.map((mod, m) => this.addModule(`clf${m}`, new ViewClassifier({ inFeatures: mod.dim, outFeatures: this.classes, hidden: o.hidden, dropout: o.dropout, seed: deriveSeed(o.seed, 'pdf', m) })));
    const width = (m: number): number => (o.hidden.length ? o.hidden[o.hidden.length - 1] : o.modalities[m].dim);
    this.confid = o.modalities.map((_, m) => this.addModule(`confid${m}`, new ConfidNet(width(m), deriveSeed(o.seed, 'confidnet', m))));
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    const o = this.options;
    const K = this.classes;
    return tf.tidy(() => {
      const heads = this.nets.map((net, m) => net.call(poolInput(batch.x[m], batch.mask[m]), options));
      const z = heads.map((h) => h.logits); // [B, K]
      const logTcp = tf.stack(heads.map((h, m) => this.confid[m].logTcp(stopGradient(h.features)))); // [M, B]
      const tcp = tf.exp(logTcp);
      const sumLog = tf.sum(logTcp, 0, true); // [1, B]
      const holo = tf.div(tf.sub(sumLog, logTcp), tf.add(sumLog, 1e-8));
      let cb = stopGradient(tf.add(tcp, holo)); // [M, B]
      if (!options.training && o.calibration) {
        const du = tf.stack(z.map((zm) => tf.mean(tf.abs(tf.sub(tf.softmax(zm), 1 / K)), 1))); // [M, B]
        cb = tf.mul(cb, tf.div(du, tf.maximum(tf.max(du, 0, true), 1e-12)));
      }
      const w = tf.softmax(tf.transpose(cb), 1); // [B, M]
      const fusedZ = tf.addN(z.map((zm, m) => tf.mul(zm, tf.slice(w, [0, m], [-1, 1]))));
      const out: ModelOutput = { logits: harnessLogits(fusedZ, this.task), terms: {}, quality: tcp };
      if (options.losses === 'none') return out as unknown as tf.TensorContainer;
      const ce = (logits: tf.Tensor): tf.Scalar => tf.mean(perSampleTaskLoss(logits, batch.y, 'multiclass')) as tf.Scalar;
      const lTask = ce(fusedZ);
      if (options.losses === 'task') {
        out.terms = { L_task: lTask };
        out.loss = lTask;
        return out as unknown as tf.TensorContainer;
      }
      const lUni = tf.addN(z.map(ce)) as tf.Scalar;
      const yOneHot = tf.cast(tf.oneHot(classIndex(batch.y), K), 'float32');
      const lTcp = tf.addN(z.map((zm, m) => {
        const target = stopGradient(tf.sum(tf.mul(tf.softmax(zm), yOneHot), 1)); // p_m[y]
        return tf.mean(tf.abs(tf.sub(tf.squeeze(tf.slice(tcp, [m, 0], [1, -1]), [0]), target)));
      })) as tf.Scalar;
      out.terms = { L_task: lTask, L_uni: lUni, L_tcp: lTcp };
      out.loss = tf.addN([lTask, lUni, lTcp]) as tf.Scalar;
      return out as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(PDF);
