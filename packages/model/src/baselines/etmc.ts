/**
 * ETMC, Trusted Multi-View Classification with Dynamic Evidential Fusion (Han, Zhang, Fu,
 * Zhou, TPAMI 2022). Official code: hanmenghan/TMC, `ETMC TPAMI/models/TMC.py` (`ETMC`) and
 * `ETMC TPAMI/train_ETMC_nyud2.py`.
 */
import { tf } from '@umq/core';
import { EvidentialMultiView, type EvidentialMultiViewOptions } from './evidential-multiview';

/** Options of {@link ETMC}: those of {@link EvidentialMultiView}, with ETMC's defaults. */
export type ETMCOptions = Omit<EvidentialMultiViewOptions, 'pseudoView' | 'trust'>;

/**
 * ETMC's defaults (official code): a linear classifier per view (`--hidden` empty; dropout 0.1
 * between hidden layers when given), plus a pseudo-view classifier on the concatenated features,
 * fused last: DS(DS(v1, v2), pseudo); loss Σ L(α) over the views, the pseudo-view and the fused
 * opinion; KL annealed over 10 epochs (`--annealing_epoch 10`) from the 0-based epoch.
 * Recipe: Adam lr 1e-4, weight decay 1e-5, ReduceLROnPlateau, best validation epoch.
 *
 * @example
 * ```ts
 * const etmc = new ETMC({ modalities, task: 'multiclass', outDim: 10 });
 * ```
 */
export const ETMC_DEFAULTS = {
  /** Hidden widths of every view's evidence network (`[]`: one linear layer per view). */
  hidden: [] as number[],
  /** How the views' evidence is fused. */
  fusion: 'dempster',
  /** Epochs over which the KL weight grows to 1. */
  annealingEpochs: 10,
  /** Added to the trainer's 0-based epoch before annealing (1: the official loops' 1-based epochs). */
  annealingOffset: 0,
  /** `'sum'` or `'mean'` of the per-view and fused losses. */
  viewLossWeighting: 'sum',
  /** Weight of the conflictive-consistency loss (0 = off). */
  consistencyWeight: 0,
} as const satisfies Partial<EvidentialMultiViewOptions>;

/**
 * ETMC: TMC plus a pseudo-view on the concatenation of all views' (pooled) inputs, whose
 * evidence joins the Dempster fold last and whose evidential loss joins the sum. The official
 * code is two-modality (depth, RGB encoders); here M views are folded in order, then the
 * pseudo-view. Its pseudo-view reads the concatenated encoder outputs; with feature data the
 * encoders are the identity, so it reads the concatenated features.
 *
 * @example
 * ```ts
 * const etmc = new ETMC({ modalities, task: 'multiclass', outDim: 10, seed: 1 });
 * const out = etmc.forward(batch, { training: true, rng, losses: 'all', epoch });
 * ```
 */
export class ETMC extends EvidentialMultiView {
  static override className = 'umq.ETMC';

  constructor(options: ETMCOptions) {
    super({ ...ETMC_DEFAULTS, ...options, pseudoView: true, trust: null }, 'ETMC');
  }
}
tf.serialization.registerClass(ETMC);
