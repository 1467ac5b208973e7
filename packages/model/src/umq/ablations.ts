/**
 * The Table-6 ablations of the UMQ paper (spec section 12), each one override: a part left out
 * is its group set to `null`, a finer switch is one option of its group.
 */
import type { UMQOverrides } from './options';

/** The Table-6 ablations (spec section 12). */
export type AblationName = 'full' | 'no-quality' | 'no-rank' | 'no-enhancer' | 'no-decoupling' | 'no-modality-specific' | 'no-sample-specific' | 'no-moe' | 'no-cfg';

/**
 * Every ablation with its override.
 *
 * @example
 * ```ts
 * const noMoe = new UMQModel({ ...datasetShape(ds), ...ABLATIONS['no-moe'] }); // moe: null
 * ```
 */
export const ABLATIONS: Readonly<Record<AblationName, UMQOverrides>> = {
  full: {},
  /** q ≡ 1; no quality losses; no quality in the gate or κ. */
  'no-quality': { quality: null },
  /** Absolute labels instead of ranks: q regressed onto exp(-ℓ). */
  'no-rank': { quality: { labels: 'absolute' } },
  /** ũ = u. */
  'no-enhancer': { enhancer: null },
  /** No L_dec; the enhancer's keys are the raw u_n. */
  'no-decoupling': { decoupling: null },
  /** No modality-specific key b_m. */
  'no-modality-specific': { baseline: null },
  /** No sample-specific keys s_n. */
  'no-sample-specific': { enhancer: { sampleSpecificKeys: false } },
  /** One predictor on h. */
  'no-moe': { moe: null },
  /** No L_cfg (Eq 14). */
  'no-cfg': { moe: { lossWeights: { config: 0 } } },
};
