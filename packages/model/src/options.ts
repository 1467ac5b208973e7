/**
 * Every option of the UMQ model (spec sections 0-12), with the spec's defaults. Each "Reading:"
 * choice of the spec is a field here, and each Table-6 ablation is one switch.
 */
import type { TaskType, Seed } from '@umq/core';
import type { ModalityInput } from './types';
import type { LateFusionWeighting } from './umq/late-fusion-weights';

/** How an absent modality's features are filled (spec section 0). */
export type MissingFill = 'gaussian' | 'zeros';
/** Pairs of the rank loss (Eq 18). */
export type RankPairs = 'all' | 'withinModality';
/** Language projection of a sequence encoder (Eq 24). */
export type LanguageProjection = 'linear' | 'conv';

/** Which losses train the unimodal encoders (see {@link UMQOptions.encoderGradients}). */
export type EncoderGradients = 'all' | 'heads';

/** Supervision of the quality estimator: the paper's rank losses, or also the known corruption level (beyond the paper). */
export type QualitySupervision = 'rank' | 'rank+corruption';

/** Options of the UMQ model. */
export interface UMQOptions {
  /** The modalities, in input order (any M >= 2). */
  modalities: ModalityInput[];
  /** Task: 'binary' (BCE), 'multiclass' (CE), 'regression' (MSE). */
  task: TaskType;
  /** Outputs: 1 for binary/regression, C for multiclass. */
  outDim: number;
  /** Shared width d. Default 64 (the reference; paper 100, MUStARD 64). */
  d?: number;
  /** Dropout in the unimodal encoders and the fusion MLP. Default 0.1 (not in the paper). */
  dropout?: number;
  /**
   * Normalisation of the vector encoders' output (utterance-level inputs): 'layer' (LayerNorm,
   * spec section 0) or 'none' (the MLP alone; beyond the paper, issue 9). Default 'none'
   * (chosen on validation accuracy averaged over Handwritten and CUB, clean and hetero-mixed:
   * +1.7 points; on test CUB clean 89.4 -> 93.3, hetero-mixed 78.1 -> 80.0, Handwritten clean
   * 99.2 -> 99.1, hetero-mixed 96.3 -> 95.5; docs/results.md). 'layer' in the `spec` and `paper` presets.
   */
  vectorNorm?: 'layer' | 'none';
  /** Which modality is language (Linear projection for sequences). Default 0. */
  languageIndex?: number;
  /** Projection of the language sequence. Default 'linear' (spec Eq 24). */
  languageProjection?: LanguageProjection;
  /** Conv1D kernel of acoustic/visual sequence encoders. Default 3 (Eq 25). */
  convKernel?: number;
  /** Transformer encoder layers per sequence modality. Default 1. */
  layers?: number;
  /** Attention heads. Default 4. */
  heads?: number;
  /** Feed-forward width multiple of d. Default 2. */
  ffMult?: number;
  /**
   * Sequence encoders compute only the valid steps of a padded batch (`SequenceEncoder`'s
   * `skipPadding`): the same outputs up to float rounding, less work (the benchmark's serial
   * step: about -20 %). With dropout the masks are drawn over the valid steps, so seeded runs
   * differ from `false`, which computes every step as PyTorch does. Default true.
   */
  skipPadding?: boolean;
  /** δ of L_mi (Eq 3). Default 0.2 (Table 10 MOSI). */
  delta?: number;
  /** β of the baseline EMA (Eq 7 Reading). Default 0.9. */
  beta?: number;
  /** Learned key/value projections in the enhancer attention (Eq 8 Reading). Default true. */
  enhancerKvProjection?: boolean;
  /** Quality-gated enhancer residual `ũ = q·u + Enh(...)` (Eq 8 Reading). Default false. */
  enhancerResidual?: boolean;
  /** Keys s_n weighted by q_n (Eq 8 Reading). Default false. */
  enhancerQualityKeys?: boolean;
  /** Experts E. Default 10 (Table 10 MOSI). */
  numExperts?: number;
  /** Experts per sample k. Default 3. */
  topK?: number;
  /** The gate sees the quality scores `[h; q]` (Eq 10 Reading). Default true. */
  gateSeesQuality?: boolean;
  /** Renormalise the top-k weights to sum 1 (Eq 11 Reading). Default true. */
  renormalizeTopK?: boolean;
  /** γ of L_var (Eq 13). Default 0.1. */
  gamma?: number;
  /** τ, the quality threshold of κ (Eq 14) and of L_enh rows (Eq 22). Default 0.5. */
  tau?: number;
  /** Push term for differing configurations (Eq 14 Reading). Default false. */
  cfgPush?: boolean;
  /** ρ of the push term. Default 0.5. */
  rho?: number;
  /** θ of L_high (Eq 17). Default 0.01. */
  theta?: number;
  /** α of L_high (Eq 17). Default 0.95. */
  alpha?: number;
  /** μ, the ranking margin (Eq 18, 20). Default 0.05 (Table 10 MOSI). */
  mu?: number;
  /** Rank pairs (Eq 18 Reading). Default 'all'. */
  rankPairs?: RankPairs;
  /** Let task gradients reach q (spec section 1 Reading). Default false (q detached). */
  qTaskGradient?: boolean;
  /** λ_dec (Eq 23). Default 1e-5. */
  lambdaDec?: number;
  /** λ_qe. Default 1e-3. */
  lambdaQe?: number;
  /** λ_enh. Default 1e-3. */
  lambdaEnh?: number;
  /** λ_moe. Default 1e-3. */
  lambdaMoe?: number;
  /** λ_uni; null puts L_uni inside L_qe (the paper). Default 1 (spec section 8, measured). */
  lambdaUni?: number | null;
  /**
   * Beyond the paper (issue 9): a quality-weighted late-fusion path beside the MoE output,
   * `logits = P(o) + Σ_m w_m P_m(u_m)` with `w = sg(q) / Σ_n sg(q_n)` and `P_m` the unimodal
   * heads (uniform weights without quality estimation). Default true (measured: with
   * 'rank+corruption' it lifts Handwritten hetero-mixed from 94.3 to 96.3, clean from 98.3 to
   * 99.2, and keeps ten-samples-per-class training from collapsing; docs/results.md). The
   * `spec` and `paper` presets turn it off.
   */
  lateFusionPath?: boolean;
  /**
   * Beyond the paper (issue 9): how the late-fusion path weighs the heads (see
   * {@link LateFusionWeighting}): 'quality' (`q_m / Σ q_n`), 'learned' (a sharpness and a
   * per-modality reliability on log q, trained by the task loss, equal to 'quality' at
   * initialisation) or 'learned+confidence' (also the heads' own confidence). Default 'quality'.
   */
  lateFusionWeighting?: LateFusionWeighting;
  /**
   * Beyond the paper (issue 9): weight of a task loss on the fused (MoE) path's own prediction
   * `P(o)` when the late-fusion path is on, so that the fused path is a predictor in its own
   * right rather than only the late path's residual. 0 = off. Default 0.
   */
  lambdaFusedPath?: number;
  /**
   * Beyond the paper (issue 9): which losses train the unimodal encoders. 'all' (the paper):
   * every loss reaches them. 'heads': only the unimodal heads (L_uni and the late-fusion path);
   * the quality estimator, decoupler, enhancer, fusion and MoE read detached representations, as
   * the quality-weighted late-fusion baseline's estimator does. Default 'all'.
   */
  encoderGradients?: EncoderGradients;
  /**
   * Beyond the paper (issue 9): 'rank+corruption' also regresses q onto the known quality of the
   * training corruption (1 - r, 0 when missing; 1 for clean data) and q(AddNoise(u)) onto that
   * times (1 - r_AddNoise). Default 'rank+corruption' (measured: Spearman of q with the true
   * quality 0.84 vs 0.63 on Handwritten hetero-mixed, seed 1); 'rank' (Eq 16-20 only) in the
   * `spec` and `paper` presets.
   */
  qualitySupervision?: QualitySupervision;
  /** Weight of the corruption-supervised quality loss (with 'rank+corruption'). Default 1. */
  lambdaQualitySupervision?: number;
  /** Ablation: quality estimation (false: q ≡ 1, no quality losses, no q in gate or κ). Default true. */
  useQuality?: boolean;
  /** Ablation: rank-guided training (false: regress q onto exp(-ℓ)). Default true. */
  rankGuided?: boolean;
  /** Ablation: the quality enhancer (false: ũ = u). Default true. */
  useEnhancer?: boolean;
  /** Ablation: decoupling (false: no L_dec; keys are the raw u_n). Default true. */
  useDecoupling?: boolean;
  /** Ablation: the modality-specific key b_m. Default true. */
  useModalitySpecific?: boolean;
  /** Ablation: the sample-specific keys s_n. Default true. */
  useSampleSpecific?: boolean;
  /** Ablation: MQ-MoE (false: one predictor on h). Default true. */
  useMoe?: boolean;
  /** Ablation: L_cfg. Default true. */
  useCfgLoss?: boolean;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/** Options of {@link UMQOptions} that presets and searches may set (everything but the data shape). */
export type UMQHyperParameters = Omit<Required<UMQOptions>, 'modalities' | 'task' | 'outDim' | 'seed'>;

/**
 * The spec's defaults.
 *
 * @example
 * ```ts
 * console.log(UMQ_DEFAULTS.numExperts, UMQ_DEFAULTS.topK, UMQ_DEFAULTS.tau); // 10 3 0.5
 * ```
 */
export const UMQ_DEFAULTS: UMQHyperParameters = {
  d: 64, dropout: 0.1, vectorNorm: 'none', languageIndex: 0, languageProjection: 'linear', convKernel: 3, layers: 1, heads: 4, ffMult: 2, skipPadding: true,
  delta: 0.2, beta: 0.9, enhancerKvProjection: true, enhancerResidual: false, enhancerQualityKeys: false,
  numExperts: 10, topK: 3, gateSeesQuality: true, renormalizeTopK: true, gamma: 0.1, tau: 0.5, cfgPush: false, rho: 0.5,
  theta: 0.01, alpha: 0.95, mu: 0.05, rankPairs: 'all', qTaskGradient: false,
  lambdaDec: 1e-5, lambdaQe: 1e-3, lambdaEnh: 1e-3, lambdaMoe: 1e-3, lambdaUni: 1,
  lateFusionPath: true, lateFusionWeighting: 'quality', lambdaFusedPath: 0, encoderGradients: 'all', qualitySupervision: 'rank+corruption', lambdaQualitySupervision: 1,
  useQuality: true, rankGuided: true, useEnhancer: true, useDecoupling: true, useModalitySpecific: true, useSampleSpecific: true, useMoe: true, useCfgLoss: true,
};

/** The Table-6 ablations (spec section 12), each one switch. */
export type AblationName = 'full' | 'no-quality' | 'no-rank' | 'no-enhancer' | 'no-decoupling' | 'no-modality-specific' | 'no-sample-specific' | 'no-moe' | 'no-cfg';

/**
 * Every ablation with its overrides.
 *
 * @example
 * ```ts
 * const noMoe = new UMQModel({ ...datasetShape(ds), ...ABLATIONS['no-moe'] }); // useMoe: false
 * ```
 */
export const ABLATIONS: Record<AblationName, Partial<UMQHyperParameters>> = {
  full: {},
  'no-quality': { useQuality: false },
  'no-rank': { rankGuided: false },
  'no-enhancer': { useEnhancer: false },
  'no-decoupling': { useDecoupling: false },
  'no-modality-specific': { useModalitySpecific: false },
  'no-sample-specific': { useSampleSpecific: false },
  'no-moe': { useMoe: false },
  'no-cfg': { useCfgLoss: false },
};
