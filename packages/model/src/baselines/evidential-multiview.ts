/**
 * The evidential multi-view classifier the published baselines are presets of: per view (and
 * optionally a pseudo-view on the concatenated inputs) a network whose softplus output is
 * Dirichlet evidence; optionally each view's evidence discounted by a referee's trust; the
 * views fused by a rule of `@umq/evidential`; trained by the evidential loss of every view and
 * of the fused opinion, with the KL term annealed over epochs, plus optionally RCML's
 * conflictive-consistency loss. {@link TMC}, {@link ETMC}, {@link ECML} and
 * {@link TrustDiscountedFusion} fix the options to each paper's.
 */
import { tf, Module, deriveSeed, perSampleTaskLoss, stopGradient, assertInteger, assertNumberInRange, assertOneOf, type TaskType, type Seed } from '@umq/core';
import {
  fuseEvidence, trustDiscount, evidentialLoss, annealingCoefficient, conflictiveConsistencyLoss, evidentialConfidence,
  EVIDENCE_FUSION_RULES, type EvidenceFusionRule,
} from '@umq/evidential';
import type { ForwardOptions, HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { ViewClassifier } from './view-classifier';
import { TrustReferee, refereeTargets } from './trust-referee';
import { poolInput } from './pool-input';
import { classCount, classIndex, harnessLogits } from './class-output';

/** Trust discounting before fusion (Trust4Conflict); see {@link TrustReferee}. */
export interface TrustOptions {
  /** Label smoothing s of the referee's right/wrong targets, in [0.5, 1]. Default 0.9 (`--smooth-factor`). */
  smoothing?: number;
  /** Training epochs (0-based, from the start) fused without discounting while the referee warms up. Default 1 (`--warm-epochs`). */
  warmEpochs?: number;
  /** The referee's learning rate relative to the model's, in (0, 1]. Default 0.1 (`--rlr 3e-4` / `--lr 3e-3`). */
  lrScale?: number;
}

/** Options of {@link EvidentialMultiView} (the presets set their papers' defaults). */
export interface EvidentialMultiViewOptions {
  /** The modalities (views), in input order; sequences are mean-pooled over valid steps. */
  modalities: ModalityInput[];
  /** Task: 'multiclass' (K = outDim) or 'binary' (K = 2, one logit out). */
  task: TaskType;
  /** Outputs: C for multiclass, 1 for binary. */
  outDim: number;
  /** Hidden widths of every view's evidence network; `[]` = one linear layer per view (the official codes on feature data). Default `[]`. */
  hidden?: number[];
  /** Dropout between hidden layers (unused without hidden layers), in [0, 1). Default 0.1. */
  dropout?: number;
  /** How the views' evidence is fused. Default `'dempster'` (TMC). */
  fusion?: EvidenceFusionRule;
  /** Epochs over which the KL weight grows to 1, > 0. Default 50 (TMC, RCML). */
  annealingEpochs?: number;
  /**
   * Added to the trainer's 0-based epoch before annealing: 1 reproduces the official loops'
   * 1-based `epoch` (TMC, RCML: the first epoch has weight 1/50), 0 ETMC's 0-based one. Default 1.
   */
  annealingOffset?: number;
  /** `'sum'`: Σ_v L(α_v) + L(α_fused) (TMC, ETMC); `'mean'`: the same divided by V + 1 (RCML). Default `'sum'`. */
  viewLossWeighting?: 'sum' | 'mean';
  /** γ, the weight of RCML's conflictive-consistency loss, >= 0. Default 0 (RCML: 1). */
  consistencyWeight?: number;
  /** Add a pseudo-view on the concatenated inputs, fused last (ETMC). Default false. */
  pseudoView?: boolean;
  /** Discount every view by a referee's trust before fusion (Trust4Conflict); null = no discounting. Default null. */
  trust?: TrustOptions | null;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

type Resolved = Required<Omit<EvidentialMultiViewOptions, 'trust'>> & { trust: Required<TrustOptions> | null };

/**
 * The generic evidential multi-view model. `logits` are the log expected class probabilities of
 * the fused Dirichlet, log(α/S) (argmax = the class with the most fused evidence; for binary
 * tasks log p̂₁ − log p̂₀); `quality` `[M, B]` is each view's evidential confidence 1 − u as
 * fused (after trust discounting when there is a referee); `terms.L_task` is the cross-entropy of
 * those logits: with `losses: 'task'` (validation) it is the `loss`; with `'all'` it is a
 * diagnostic and `loss` is the method's objective.
 *
 * @example
 * ```ts
 * const m = new EvidentialMultiView({ modalities, task: 'multiclass', outDim: 10, fusion: 'average', consistencyWeight: 1 });
 * const out = m.forward(batch, { training: true, rng, losses: 'all', epoch: 0 });
 * ```
 */
export class EvidentialMultiView extends Module implements HarnessModel {
  static override className = 'umq.EvidentialMultiView';
  readonly task: TaskType;
  readonly numModalities: number;
  /** Number of classes K of the Dirichlet opinions. */
  readonly classes: number;
  private readonly nets: ViewClassifier[];
  private readonly referees: TrustReferee[];
  /**
   * The options with every default filled in.
   *
   * @internal
   */
  protected readonly options: Resolved;

  constructor(options: EvidentialMultiViewOptions, name = 'EvidentialMultiView') {
    super();
    const trust = options.trust ? { smoothing: 0.9, warmEpochs: 1, lrScale: 0.1, ...options.trust } : null;
    this.options = {
      hidden: [], dropout: 0.1, fusion: 'dempster', annealingEpochs: 50, annealingOffset: 1, viewLossWeighting: 'sum',
      consistencyWeight: 0, pseudoView: false, seed: 0, ...options, trust,
    };
    const o = this.options;
    assertOneOf(`${name}.fusion`, o.fusion, EVIDENCE_FUSION_RULES);
    assertNumberInRange(`${name}.annealingEpochs`, o.annealingEpochs, Number.MIN_VALUE, Number.MAX_VALUE, 'TMC and RCML use 50');
    assertNumberInRange(`${name}.annealingOffset`, o.annealingOffset, 0, Number.MAX_VALUE);
    assertOneOf(`${name}.viewLossWeighting`, o.viewLossWeighting, ['sum', 'mean'] as const);
    assertNumberInRange(`${name}.consistencyWeight`, o.consistencyWeight, 0, Number.MAX_VALUE, 'RCML uses 1');
    if (trust) {
      assertNumberInRange(`${name}.trust.smoothing`, trust.smoothing, 0.5, 1);
      assertInteger(`${name}.trust.warmEpochs`, trust.warmEpochs, 0);
    }
    this.task = o.task;
    this.numModalities = o.modalities.length;
    this.classes = classCount(name, o.task, o.outDim);
    const inputs = o.modalities.map((m) => m.dim);
    if (o.pseudoView) inputs.push(inputs.reduce((a, b) => a + b, 0));
    this.nets = inputs.map((dim, v) => this.addModule(`view${v}`, new ViewClassifier({ inFeatures: dim, outFeatures: this.classes, hidden: o.hidden, dropout: o.dropout, seed: deriveSeed(o.seed, 'view', v) })));
    this.referees = trust ? inputs.map((dim, v) => this.addModule(`referee${v}`, new TrustReferee({ inFeatures: dim, lrScale: trust.lrScale, seed: deriveSeed(o.seed, 'referee', v) }))) : [];
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    const o = this.options;
    return tf.tidy(() => {
      const x = o.modalities.map((_, m) => poolInput(batch.x[m], batch.mask[m])); // [B, D_m]
      if (o.pseudoView) x.push(tf.concat(x, 1));
      const evidence = this.nets.map((net, v) => tf.softplus(net.call(x[v], options).logits)); // [B, K] per view
      const opinions = this.referees.map((r, v) => r.call(x[v], options));
      const warming = options.training && options.epoch !== undefined && o.trust !== null && options.epoch < o.trust.warmEpochs;
      const fusedInputs = o.trust && !warming ? evidence.map((e, v) => trustDiscount(e, stopGradient(opinions[v].trust))) : evidence;
      const fused = fuseEvidence(fusedInputs, o.fusion); // [B, K]
      const alpha = tf.add(fused, 1);
      const logProb = tf.sub(tf.log(alpha), tf.log(tf.sum(alpha, -1, true)));
      const logits = harnessLogits(logProb, this.task);
      const quality = tf.stack(fusedInputs.slice(0, this.numModalities).map((e) => evidentialConfidence(e))); // [M, B]
      const out: ModelOutput = { logits, terms: {}, quality };
      if (options.losses === 'none') return out as unknown as tf.TensorContainer;
      const lTask = tf.mean(perSampleTaskLoss(logits, batch.y, this.task)) as tf.Scalar;
      if (options.losses === 'task') {
        out.terms = { L_task: lTask };
        out.loss = lTask;
        return out as unknown as tf.TensorContainer;
      }

      const y = classIndex(batch.y);
      const klWeight = options.epoch === undefined ? 1 : annealingCoefficient(options.epoch + o.annealingOffset, o.annealingEpochs);
      // every view's and the fused opinion's loss in one call: [(V + 1) B, K] -> batch means [V + 1]
      const V = evidence.length;
      const perSample = evidentialLoss(tf.add(tf.concat([...evidence, fused], 0), 1), tf.tile(y, [V + 1]), { klWeight });
      const means = tf.mean(tf.reshape(perSample, [V + 1, -1]), 1);
      const lViews = tf.sum(tf.slice(means, [0], [V])) as tf.Scalar;
      const lFused = tf.squeeze(tf.slice(means, [V], [1])) as tf.Scalar;
      let total: tf.Tensor = tf.add(lViews, lFused);
      if (o.viewLossWeighting === 'mean') total = tf.div(total, V + 1);
      out.terms = { L_task: lTask, L_views: lViews, L_fused: lFused, kl_weight: tf.scalar(klWeight) };
      if (o.consistencyWeight > 0) {
        const lCons = conflictiveConsistencyLoss(tf.stack(evidence));
        out.terms.L_consistency = lCons;
        total = tf.add(total, tf.mul(lCons, o.consistencyWeight));
      }
      if (o.trust) {
        const smoothing = o.trust.smoothing;
        const lRef = tf.addN(opinions.map((op, v) => {
          // right/wrong as a constant (read back: tfjs' Equal has no gradient to stop)
          const correct = tf.tensor1d(Float32Array.from(tf.equal(tf.argMax(evidence[v], 1), y).dataSync()));
          return tf.mean(evidentialLoss(tf.add(op.evidence, 1), refereeTargets(correct, smoothing), { klWeight: 0 }));
        })) as tf.Scalar;
        out.terms.L_referee = lRef;
        out.terms.trust_mean = tf.mean(tf.stack(opinions.map((op) => op.trust))) as tf.Scalar;
        total = tf.add(total, lRef);
      }
      out.loss = total as tf.Scalar;
      return out as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(EvidentialMultiView);
