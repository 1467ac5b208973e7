/**
 * TMC, Trusted Multi-View Classification (Han, Zhang, Fu, Zhou, ICLR 2021). Official code:
 * hanmenghan/TMC, `TMC ICLR/model.py` (`TMC`, `DS_Combin`, `ce_loss`, `KL`) and `train.py`.
 */
import { tf } from '@umq/core';
import { EvidentialMultiView, type EvidentialMultiViewOptions } from './evidential-multiview';

/** Options of {@link TMC}: those of {@link EvidentialMultiView}, with TMC's defaults. */
export type TMCOptions = Omit<EvidentialMultiViewOptions, 'pseudoView' | 'trust'>;

/**
 * TMC's defaults (official code on HandWritten): one linear layer + softplus per view
 * (`Classifier` with `dims = [[240], [76], ...]`), the reduced Dempster rule folded over the
 * views, loss Σ_v L(α_v) + L(α_fused) with the KL annealed over 50 epochs (`lambda_epochs`)
 * counted from 1, no consistency term. Its recipe: Adam lr 3e-4, weight decay 1e-5 (coupled),
 * batch 200, 500 epochs, the last epoch reported.
 *
 * @example
 * ```ts
 * const tmc = new TMC({ modalities, task: 'multiclass', outDim: 10 });
 * ```
 */
export const TMC_DEFAULTS = {
  /** Hidden widths of every view's evidence network (`[]`: one linear layer per view). */
  hidden: [] as number[],
  /** How the views' evidence is fused. */
  fusion: 'dempster',
  /** Epochs over which the KL weight grows to 1. */
  annealingEpochs: 50,
  /** Added to the trainer's 0-based epoch before annealing (1: the official loops' 1-based epochs). */
  annealingOffset: 1,
  /** `'sum'` or `'mean'` of the per-view and fused losses. */
  viewLossWeighting: 'sum',
  /** Weight of the conflictive-consistency loss (0 = off). */
  consistencyWeight: 0,
} as const satisfies Partial<EvidentialMultiViewOptions>;

/**
 * TMC: per view non-negative evidence e_v = softplus(f_v(x_v)), a Dirichlet opinion
 * (b = e/S, u = K/S), the views combined by the reduced Dempster rule (e = e¹ + e² + e¹⊙e²/K,
 * folded in view order), trained by the digamma evidential loss of every view and of the fused
 * opinion plus the KL term to the uniform Dirichlet annealed over 50 epochs. Deviation: none in
 * the math; the rule is computed in its evidence form (no division by 1 − C), equal to the
 * code's opinion form.
 *
 * @example
 * ```ts
 * const tmc = new TMC({ modalities, task: 'multiclass', outDim: 10, seed: 1 });
 * const out = tmc.forward(batch, { training: true, rng, losses: 'all', epoch });
 * out.logits;  // [B, 10] log expected probabilities of the fused opinion
 * out.quality; // [6, B] each view's 1 − u
 * ```
 */
export class TMC extends EvidentialMultiView {
  static override className = 'umq.TMC';

  constructor(options: TMCOptions) {
    super({ ...TMC_DEFAULTS, ...options, pseudoView: false, trust: null }, 'TMC');
  }
}
tf.serialization.registerClass(TMC);
