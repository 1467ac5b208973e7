/**
 * ECML / RCML, Reliable Conflictive Multi-View Learning (Xu, Si, Guan, Zhao, Wu, Gao, AAAI
 * 2024). Official code: jiajunsi/RCML, `model.py` (`RCML`, `EvidenceCollector`),
 * `loss_function.py` (`get_loss`, `get_dc_loss`) and `main.py`.
 */
import { tf } from '@umq/core';
import { EvidentialMultiView, type EvidentialMultiViewOptions } from './evidential-multiview';

/** Options of {@link ECML}: those of {@link EvidentialMultiView}, with ECML's defaults. */
export type ECMLOptions = Omit<EvidentialMultiViewOptions, 'pseudoView' | 'trust'>;

/**
 * ECML's defaults: one linear layer + softplus per view (`EvidenceCollector` with
 * `dims = [[D]]`; with hidden layers ReLU + Dropout(0.1) between them), the paper's
 * conflictive opinion aggregation (mean evidence; `fusion: 'sequential-average'` is the released
 * code's pairwise average in view order), loss (L(α_fused) + Σ_v L(α_v)) / (V + 1) + γ · the
 * conflictive-consistency loss with γ = 1, KL annealed over 50 epochs counted from 1. Recipe:
 * Adam lr 3e-3, weight decay 1e-5 (coupled), batch 200, 500 epochs, the last epoch reported.
 *
 * @example
 * ```ts
 * const ecml = new ECML({ modalities, task: 'multiclass', outDim: 10, fusion: 'sequential-average' }); // the released code
 * ```
 */
export const ECML_DEFAULTS = {
  /** Hidden widths of every view's evidence network (`[]`: one linear layer per view). */
  hidden: [] as number[],
  /** How the views' evidence is fused. */
  fusion: 'average',
  /** Epochs over which the KL weight grows to 1. */
  annealingEpochs: 50,
  /** Added to the trainer's 0-based epoch before annealing (1: the official loops' 1-based epochs). */
  annealingOffset: 1,
  /** `'sum'` or `'mean'` of the per-view and fused losses. */
  viewLossWeighting: 'mean',
  /** Weight of the conflictive-consistency loss (0 = off). */
  consistencyWeight: 1,
} as const satisfies Partial<EvidentialMultiViewOptions>;

/**
 * ECML (the paper's name; the repository calls it RCML): views' evidence aggregated by
 * averaging (conflictive opinion aggregation), trained by the mean of the views' and the
 * aggregate's evidential losses plus the degree of conflict between every pair of views' opinions.
 *
 * @example
 * ```ts
 * const ecml = new ECML({ modalities, task: 'multiclass', outDim: 10, seed: 1 });
 * const out = ecml.forward(batch, { training: true, rng, losses: 'all', epoch });
 * out.terms.L_consistency; // the degree of conflict
 * ```
 */
export class ECML extends EvidentialMultiView {
  static override className = 'umq.ECML';

  constructor(options: ECMLOptions) {
    super({ ...ECML_DEFAULTS, ...options, pseudoView: false, trust: null }, 'ECML');
  }
}
tf.serialization.registerClass(ECML);
