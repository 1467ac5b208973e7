/**
 * Trust-discounted evidential fusion, ETF (Lu, Buntine, Qi, Dipnall, Gabbe, Du, "Navigating
 * Conflicting Views: Harnessing Trust for Learning", ICML 2025). Official code:
 * OverfitFlow/Trust4Conflict, `Trust/models/etf.py` (not in the stored index this was written
 * from: see {@link TrustReferee} for what is our reading) and the hyper-parameters of
 * `Trust/scripts/etf/normal/train_etf_handwritten.sh`.
 */
import { tf } from '@umq/core';
import { EvidentialMultiView, type EvidentialMultiViewOptions, type TrustOptions } from './evidential-multiview';

/** Options of {@link TrustDiscountedFusion}: those of {@link EvidentialMultiView}, with ETF's defaults. */
export type TrustDiscountedFusionOptions = Omit<EvidentialMultiViewOptions, 'trust'> & {
  /** The referee's options. Default `{ smoothing: 0.9, warmEpochs: 1, lrScale: 0.1 }`. */
  trust?: TrustOptions;
};

/**
 * ETF's defaults (`train_etf_handwritten.sh`: `--lr 3e-3 --epochs 500 --annealing-step 10
 * --smooth-factor 0.9 --warm-epochs 1 --rlr 3e-4`): one linear layer per view, a pseudo-view
 * on the concatenated inputs as in ETMC (our reading of "E"TF against TF; set `pseudoView:
 * false` for TF), every view's evidence discounted by its referee's trust before the reduced
 * Dempster rule, TMC's summed loss with the KL annealed over 10 epochs counted from 1.
 *
 * @example
 * ```ts
 * const tf_ = new TrustDiscountedFusion({ modalities, task: 'multiclass', outDim: 10, pseudoView: false }); // "TF"
 * ```
 */
export const ETF_DEFAULTS = {
  /** Hidden widths of every view's evidence network (`[]`: one linear layer per view). */
  hidden: [] as number[],
  /** How the views' evidence is fused. */
  fusion: 'dempster',
  /** Epochs over which the KL weight grows to 1. */
  annealingEpochs: 10,
  /** Added to the trainer's 0-based epoch before annealing (1: the official loops' 1-based epochs). */
  annealingOffset: 1,
  /** `'sum'` or `'mean'` of the per-view and fused losses. */
  viewLossWeighting: 'sum',
  /** Weight of the conflictive-consistency loss (0 = off). */
  consistencyWeight: 0,
  /** Add a pseudo-view on the concatenated inputs, fused last. */
  pseudoView: true,
} as const satisfies Partial<EvidentialMultiViewOptions>;

/**
 * ETF: per view evidence e_v and a referee's trust t_v (the projected probability of a
 * binomial trust opinion); the fused opinion is the Dempster fold of the discounted evidence
 * t_v K e_v / (K + (1 − t_v) Σe_v) (Jøsang's probability-sensitive discounting: b′ = t b,
 * u′ = 1 − t(1 − u)), with t_v stop-gradiented there. Loss: TMC's on the undiscounted views and
 * the discounted fusion, plus the referees' evidential loss on (smoothed) right/wrong targets of
 * their view's own prediction. During the first `warmEpochs` training epochs the fusion is not
 * discounted. `quality` is t_v (1 − u_v), each view's confidence after discounting.
 *
 * @example
 * ```ts
 * const etf = new TrustDiscountedFusion({ modalities, task: 'multiclass', outDim: 10, seed: 1 });
 * const out = etf.forward(batch, { training: true, rng, losses: 'all', epoch });
 * out.terms.trust_mean; // mean referee trust
 * ```
 */
export class TrustDiscountedFusion extends EvidentialMultiView {
  static override className = 'umq.TrustDiscountedFusion';

  constructor(options: TrustDiscountedFusionOptions) {
    super({ ...ETF_DEFAULTS, ...options, trust: options.trust ?? {} }, 'TrustDiscountedFusion');
  }
}
tf.serialization.registerClass(TrustDiscountedFusion);
