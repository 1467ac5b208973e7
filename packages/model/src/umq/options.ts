/**
 * The options of the UMQ model, grouped by the component they configure (spec sections 0-12).
 * Each group reuses its component's own options type; a group set to `null` leaves the part out
 * (the Table-6 ablations), and the loss weights of Eq 23 form a group of their own. The
 * values of the presets are in `presets.ts`.
 */
import type { QualityLossOptions } from '@umq/quality';
import type { ModalityDecouplerOptions, ModalityBaselineOptions, QualityEnhancerOptions } from '@umq/enhancer';
import type { MixtureOfExpertsOptions, MoELossWeights } from '@umq/moe';
import type { ModalityEncodersOptions } from '../encoders/modality-encoders';
import type { LateFusionWeighting } from './late-fusion-weights';
import type { HeadLoss } from './evidence';

/** Which losses train the unimodal encoders (see {@link EncoderOptions.gradients}). */
export type EncoderGradients = 'all' | 'heads';

/** Supervision of the quality estimator: the paper's rank losses, or also the known corruption level (beyond the paper). */
export type QualitySupervision = 'rank' | 'rank+corruption';

/** How `'rank+corruption'` compares q with the known quality: squared error, or binary cross-entropy with the known quality as a soft target. */
export type QualitySupervisionLoss = 'squared' | 'cross-entropy';

/** How a training sample's unimodal head losses are weighed in L_uni: alike, or by the known quality of the view's training corruption. */
export type HeadWeighting = 'uniform' | 'true-quality';

/** The unimodal encoders (spec section 0). */
export interface EncoderOptions extends Pick<ModalityEncodersOptions, 'vectorNorm' | 'languageIndex' | 'languageProjection' | 'convKernel' | 'layers' | 'heads' | 'ffMult' | 'skipPadding'> {
  /**
   * Which losses train the encoders. 'all' (the paper): every loss. 'heads' (beyond the paper,
   * issue 9): only the unimodal heads' (L_uni and the late-fusion path); the estimator,
   * decoupler, enhancer, fusion and MoE read detached representations.
   */
  gradients?: EncoderGradients;
  /**
   * Beyond the paper (issue 17): how the unimodal heads are trained. 'cross-entropy' (the
   * paper's task loss); 'evidential': each head's output is a Dirichlet opinion (α =
   * softplus(z) + 1) trained by TMC's evidential loss (expected cross-entropy plus the KL of
   * the misleading evidence, annealed over 10 epochs), and the late path, the consensus and the
   * rank losses read log α. Multiclass only.
   */
  headLoss?: HeadLoss;
  /**
   * Beyond the paper (issue 17): how L_uni weighs the heads' losses. 'uniform' (the spec): the
   * mean over views and samples. 'true-quality': each loss weighted by the known quality of the
   * training corruption (1 − r; 0 for a missing view, whose fill carries no label information),
   * normalised by the weights' sum, so that a head learns from what its view carries. Without
   * corruption in training (clean, conflict) both are the same. The quality losses (Eq 16-20)
   * read every loss as before.
   */
  headWeighting?: HeadWeighting;
}

/** The quality estimator (Eq 1) and its training (Eq 16-21). */
export interface QualityOptions extends Pick<QualityLossOptions, 'theta' | 'alpha' | 'mu' | 'rankPairs' | 'labels'> {
  /** τ, the quality threshold of κ (Eq 14) and of the L_enh rows (Eq 22). Table 10: 0.5 or 0.6. */
  tau?: number;
  /** Let task gradients reach q (spec section 1 Reading). The spec: false (q detached); the paper: true. */
  taskGradient?: boolean;
  /**
   * 'rank' (Eq 16-20 only) or 'rank+corruption' (beyond the paper, issue 9: also regress q onto
   * the known quality of the training corruption, 1 - r or 0 when missing, and q(AddNoise(u))
   * onto that times 1 - r_AddNoise).
   */
  supervision?: QualitySupervision;
  /**
   * Beyond the paper (issue 17): the loss of `'rank+corruption'`. 'squared' (q − t)²; its
   * gradient through the estimator's sigmoid fades as q nears 0, so a missing view (t = 0) keeps
   * q ≈ 0.1-0.2. 'cross-entropy' `−t log q − (1 − t) log(1 − q)`, minimal at q = t as well, with
   * a gradient that does not fade: q of a missing view goes towards 0.
   */
  supervisionLoss?: QualitySupervisionLoss;
  /**
   * Beyond the paper (issue 17): teacher forcing. In training, when the protocol reports the
   * known quality of the training corruption, the enhancer, gate, κ and late path read it in place
   * of the estimated q (the estimator is still trained by its losses); at evaluation they read q.
   * The later stages then learn from quality that is right from the first step, not from an
   * estimate that moves as the estimator learns. false = they always read q (the paper).
   */
  teacherForcing?: boolean;
  /**
   * Beyond the paper (issue 17): the later stages read q snapped to 0 below `snap` and to 1 above
   * `1 - snap` (see `snapQuality`), in training and at evaluation alike, so that a view the
   * estimator clearly scores present or missing is read as exactly 1 or 0, as the oracle's
   * quality is. In [0, 0.5); 0 = off.
   */
  snap?: number;
  /**
   * Beyond the paper (issue 17): the q the later stages use (enhancer input, gate, κ, late-path
   * weights) is multiplied by `A_m^consensus`, `A_m` the agreement of view m's unimodal head
   * with the other views' heads (see `headAgreement`): a view whose prediction the others
   * contradict (a conflicting view, a ruined one) counts as low quality whatever it looks like
   * alone. 0 = off (the paper).
   */
  consensus?: number;
  /**
   * Beyond the paper (issue 17): the consensus weighs each other view by its estimated q
   * (`A_m = 1 - mean_{n≠m} q_n (1 - p_m·p_n)`, see `trustedHeadAgreement`), so that a view
   * beside a missing or ruined one keeps its q. false = every other view counts alike.
   */
  consensusTrust?: boolean;
  /**
   * Beyond the paper (issue 17): the q the later stages use is also multiplied by
   * `(1 - u_m)^evidence`, u_m = K / S_m the uncertainty of view m's head read as a Dirichlet
   * opinion (see `headCertainty`; best with `encoders.headLoss: 'evidential'`): a view whose
   * head finds little evidence for any class counts as low quality. 0 = off.
   */
  evidence?: number;
}

/** Modality decoupling (Eq 2-6). */
export type DecouplingOptions = Pick<ModalityDecouplerOptions, 'delta'>;

/** The modality baseline representation b_m, the enhancer's modality-specific key (Eq 7). */
export type BaselineOptions = Pick<ModalityBaselineOptions, 'beta'>;

/** The quality enhancer (Eq 8). */
export type EnhancerOptions = Pick<QualityEnhancerOptions, 'keyValueProjection' | 'residual' | 'qualityWeightedKeys' | 'sampleSpecificKeys'>;

/** The modality-quality-aware mixture of experts (Eq 10-14). */
export interface MoEOptions extends Pick<MixtureOfExpertsOptions, 'numExperts' | 'topK' | 'renormalize' | 'gamma' | 'rho'> {
  /** The gate sees the quality scores, `x_g = [h; q]` (Eq 10 Reading). */
  gateSeesQuality?: boolean;
  /** Weights of the routing losses inside L_moe (UMQ: balance, variance, config 1; push 0). */
  lossWeights?: Partial<MoELossWeights>;
}

/** Beyond the paper (issue 9): a quality-weighted late-fusion path beside the fused prediction. */
export interface LatePathOptions {
  /** How the path weighs the unimodal heads (see {@link LateFusionWeighting}). */
  weighting?: LateFusionWeighting;
  /**
   * How the path joins the fused prediction: 'sum' (`P(o) + late`: the fused path learns a
   * residual) or 'gate' (`g P(o) + (1 - g) late` with a per-sample gate on q, see `LatePathGate`).
   */
  mix?: LatePathMix;
  /**
   * Beyond the paper (issue 17): the power q is raised to before the weights are formed
   * (`w_m = q_m^p / Σ_n q_n^p` with 'quality'): above 1, a view the estimator scores low (a
   * missing one) loses its share of the late prediction. 1 = weights proportional to q.
   */
  power?: number;
}

/** How the late-fusion path joins the fused prediction. */
export type LatePathMix = 'sum' | 'gate';

/** The weights λ of the total loss (Eq 23). */
export interface LossWeights {
  /** λ_uni of the unimodal heads' loss; null puts L_uni inside L_qe, as the paper does (Eq 21). */
  uni?: number | null;
  /** λ_qe of the quality estimator's losses. Table 10 MOSI: 1e-3. */
  qe?: number;
  /** λ_dec of the decoupling losses. Table 10 MOSI: 1e-5. */
  dec?: number;
  /** λ_enh of the enhancer loss. Table 10 MOSI: 1e-3. */
  enh?: number;
  /** λ_moe of the routing losses. Table 10 MOSI: 1e-3. */
  moe?: number;
  /** Beyond the paper: weight of the corruption-supervised quality loss (with `quality.supervision: 'rank+corruption'`). */
  qualitySupervision?: number;
  /** Beyond the paper: weight of a task loss on the fused path's own prediction P(o) when the late-fusion path is on (0 = off). */
  fusedPath?: number;
}

/** The model's hyper-parameters, every group complete (a part left out is `null`): what a preset is and what a model resolves to. */
export interface UMQConfig {
  /** Shared width d. Paper: 100 (64 for MUStARD). */
  d: number;
  /** Dropout of the encoders and the fusion MLP (not in the paper). */
  dropout: number;
  /** The unimodal encoders. */
  encoders: Required<EncoderOptions>;
  /** The quality estimator; null: q ≡ 1, no quality losses, no q in the gate or κ (ablation "without quality estimation"). */
  quality: Required<QualityOptions> | null;
  /** Decoupling; null: no L_dec, the enhancer's keys are the raw u_n (ablation). */
  decoupling: Required<DecouplingOptions> | null;
  /** The baseline representation; null: no modality-specific key b_m (ablation). */
  baseline: Required<BaselineOptions> | null;
  /** The quality enhancer; null: ũ = u (ablation). */
  enhancer: Required<EnhancerOptions> | null;
  /** MQ-MoE; null: one predictor on h (ablation). */
  moe: (Required<Omit<MoEOptions, 'lossWeights'>> & { lossWeights: MoELossWeights }) | null;
  /** The quality-weighted late-fusion path (beyond the paper); null: off. */
  lateFusion: Required<LatePathOptions> | null;
  /** The λs of Eq 23. */
  lossWeights: Required<LossWeights>;
}

/**
 * Changes to a {@link UMQConfig}: any group partly (the rest from the base), `null` to leave a
 * part out. What `--set`, presets of data sets, ablations and search trials are made of.
 *
 * @example
 * ```ts
 * const overrides: UMQOverrides = { d: 32, moe: { topK: 2 }, lateFusion: null };
 * ```
 */
export interface UMQOverrides {
  /** Shared width d. */
  d?: number;
  /** Dropout. */
  dropout?: number;
  /** The unimodal encoders. */
  encoders?: EncoderOptions;
  /** The quality estimator, or null to leave it out. */
  quality?: QualityOptions | null;
  /** Decoupling, or null. */
  decoupling?: DecouplingOptions | null;
  /** The baseline representation, or null. */
  baseline?: BaselineOptions | null;
  /** The quality enhancer, or null. */
  enhancer?: EnhancerOptions | null;
  /** MQ-MoE, or null. */
  moe?: MoEOptions | null;
  /** The late-fusion path, or null (off). */
  lateFusion?: LatePathOptions | null;
  /** The λs of Eq 23. */
  lossWeights?: LossWeights;
}

/** The groups of a {@link UMQConfig} (everything but `d` and `dropout`). */
export type UMQGroup = Exclude<keyof UMQConfig, 'd' | 'dropout'>;
