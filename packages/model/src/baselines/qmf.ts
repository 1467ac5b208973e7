/**
 * QMF, Quality-aware Multimodal Fusion (Zhang, Wu, Zhang, Zhang, Hu, Zhou, "Provable Dynamic
 * Fusion for Low-Quality Multimodal Data", ICML 2023). Official code: QingyangZhang/QMF,
 * `src/models/late_fusion.py` (`MultimodalLateFusionClf`) and `train_df.py` /
 * `text-image-classification/train_qmf.py` (`model_forward`, `rank_loss`, `History`).
 */
import { tf, Module, deriveSeed, perSampleTaskLoss, stopGradient, assertNumberInRange, type TaskType, type Seed } from '@umq/core';
import type { ForwardOptions, HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { ViewClassifier } from './view-classifier';
import { poolInput } from './pool-input';
import { classCount, harnessLogits } from './class-output';
import { LossHistory, historyRankingLoss } from './loss-history';

/** Options of {@link QMF}. */
export interface QMFOptions {
  /** The modalities, in input order; sequences are mean-pooled over valid steps. */
  modalities: ModalityInput[];
  /** Task: 'multiclass' or 'binary' (K = 2 internally, one logit out). */
  task: TaskType;
  /** Outputs: C for multiclass, 1 for binary. */
  outDim: number;
  /**
   * Hidden widths of each modality's classifier. Default `[64]` (our choice for feature data:
   * the official encoders are pretrained BERT and ResNet with a linear head, `--hidden` empty).
   */
  hidden?: number[];
  /** Dropout between hidden layers, in [0, 1). Default 0.1 (`--dropout 0.1`). */
  dropout?: number;
  /** The energy's divisor T in conf = logsumexp(z) / T, > 0. Default 10 (the official code). */
  energyScale?: number;
  /** Weight of the ranking regulariser, >= 0. Default 1 (the official code adds it unweighted). */
  rankWeight?: number;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/** A batch with the training-split indices of its rows (the harness's trainer passes them). */
type IndexedBatch = ModelBatch & { index?: Int32Array };

/**
 * QMF: per modality a classifier z_m; its energy confidence c_m = logsumexp(z_m) / 10
 * weighs the logits, fused = Σ_m sg(c_m) z_m. Loss: CE(fused) + Σ_m CE(z_m) + Σ_m the
 * ranking regulariser of c_m against each sample's history of loss (its running sum over the
 * steps so far, min-max normalised over the training set), keyed by `batch.index`. Without
 * indices (a batch not from the trainer) the ranking uses the current step's losses only.
 * `quality` `[M, B]` is c_m; `terms.L_task` is CE(fused).
 *
 * @example
 * ```ts
 * const qmf = new QMF({ modalities, task: 'multiclass', outDim: 10, seed: 1 });
 * const out = qmf.forward(batch, { training: true, rng, losses: 'all', epoch });
 * out.terms.L_rank; // the ranking regulariser
 * ```
 */
export class QMF extends Module implements HarnessModel {
  static override className = 'umq.QMF';
  readonly task: TaskType;
  readonly numModalities: number;
  private readonly classes: number;
  private readonly nets: ViewClassifier[];
  private readonly histories: LossHistory[];
  private readonly options: Required<QMFOptions>;

  constructor(options: QMFOptions) {
    super();
    this.options = { hidden: [64], dropout: 0.1, energyScale: 10, rankWeight: 1, seed: 0, ...options };
    const o = this.options;
    assertNumberInRange('QMF.energyScale', o.energyScale, Number.MIN_VALUE, Number.MAX_VALUE, 'the official code divides by 10');
    assertNumberInRange('QMF.rankWeight', o.rankWeight, 0, Number.MAX_VALUE);
    this.task = o.task;
    this.numModalities = o.modalities.length;
    this.classes = classCount('QMF', o.task, o.outDim);
    this.nets = o.modalities.map((mod, m) => this.addModule(`clf${m}`, new ViewClassifier({ inFeatures: mod.dim, outFeatures: this.classes, hidden: o.hidden, dropout: o.dropout, seed: deriveSeed(o.seed, 'qmf', m) })));
    this.histories = o.modalities.map(() => new LossHistory());
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    const o = this.options;
    return tf.tidy(() => {
      const z = this.nets.map((net, m) => net.call(poolInput(batch.x[m], batch.mask[m]), options).logits); // [B, K]
      const conf = z.map((zm) => tf.div(tf.logSumExp(zm, 1), o.energyScale)); // [B]
      const fusedZ = tf.addN(z.map((zm, m) => tf.mul(zm, tf.expandDims(stopGradient(conf[m]), 1))));
      const out: ModelOutput = { logits: harnessLogits(fusedZ, this.task), terms: {}, quality: tf.stack(conf) };
      if (options.losses === 'none') return out as unknown as tf.TensorContainer;
      const ce = (logits: tf.Tensor): tf.Tensor => perSampleTaskLoss(logits, batch.y, 'multiclass');
      const lTask = tf.mean(ce(fusedZ)) as tf.Scalar;
      if (options.losses === 'task') {
        out.terms = { L_task: lTask };
        out.loss = lTask;
        return out as unknown as tf.TensorContainer;
      }
      const perView = z.map(ce); // [B] each
      const lUni = tf.addN(perView.map((l) => tf.mean(l))) as tf.Scalar;
      out.terms = { L_task: lTask, L_uni: lUni };
      let total: tf.Tensor = tf.add(lTask, lUni);
      if (options.training && o.rankWeight > 0) {
        const index = (batch as IndexedBatch).index;
        const lRank = tf.addN(perView.map((l, m) => {
          const losses = l.dataSync() as Float32Array;
          let history: Float32Array;
          if (index) {
            this.histories[m].add(index, losses);
            history = this.histories[m].normalized(index);
          } else {
            const local = new LossHistory();
            const rows = Int32Array.from(losses, (_, i) => i);
            local.add(rows, losses);
            history = local.normalized(rows);
          }
          return historyRankingLoss(conf[m], history);
        })) as tf.Scalar;
        out.terms.L_rank = lRank;
        total = tf.add(total, tf.mul(lRank, o.rankWeight));
      }
      out.loss = total as tf.Scalar;
      return out as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(QMF);
