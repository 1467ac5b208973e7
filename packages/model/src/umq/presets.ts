/**
 * The values of the UMQ model's options, in one place: one object of defaults per group (the
 * spec's values, used when a group is switched on), the three named presets (`spec`: the spec's
 * readings; `paper`: the paper's literal ones; `default`: today's default, the spec plus the
 * options measured in issue 9), and Table 10 of the paper per data set.
 */
import { OptionError } from '@umq/core';
import { DEFAULT_LOSS_WEIGHTS } from '@umq/moe';
import type { UMQConfig, UMQGroup } from './options';

/**
 * The spec's values of each group (spec sections 0-11; Table 10's MOSI column for the λs, γ, μ,
 * δ, τ and E/k). A group that a preset leaves out (`null`) takes these when switched on.
 *
 * @example
 * ```ts
 * console.log(GROUP_DEFAULTS.moe.numExperts, GROUP_DEFAULTS.moe.topK, GROUP_DEFAULTS.quality.tau); // 10 3 0.5
 * ```
 */
export const GROUP_DEFAULTS: { readonly [G in UMQGroup]: NonNullable<UMQConfig[G]> } = {
  encoders: { vectorNorm: 'layer', languageIndex: 0, languageProjection: 'linear', convKernel: 3, layers: 1, heads: 4, ffMult: 2, skipPadding: true, gradients: 'all', headLoss: 'cross-entropy', headWeighting: 'uniform' },
  quality: { theta: 0.01, alpha: 0.95, mu: 0.05, rankPairs: 'all', labels: 'rank', tau: 0.5, taskGradient: false, supervision: 'rank', supervisionLoss: 'squared', teacherForcing: false, snap: 0, consensus: 0, consensusTrust: false, evidence: 0 },
  decoupling: { delta: 0.2 },
  baseline: { beta: 0.9 },
  enhancer: { keyValueProjection: true, residual: false, qualityWeightedKeys: false, sampleSpecificKeys: true },
  moe: { numExperts: 10, topK: 3, renormalize: true, gamma: 0.1, rho: 0.5, gateSeesQuality: true, lossWeights: { ...DEFAULT_LOSS_WEIGHTS } },
  lateFusion: { weighting: 'quality', mix: 'sum', power: 1 },
  lossWeights: { uni: 1, qe: 1e-3, dec: 1e-5, enh: 1e-3, moe: 1e-3, qualitySupervision: 1, fusedPath: 0 },
};

/**
 * The spec's model (../spec/umq-model.md with every "Reading:" default): d 64, dropout 0.1,
 * q detached from task gradients, λ_uni = 1, no late-fusion path.
 *
 * @example
 * ```ts
 * const model = new UMQModel({ ...shape, preset: 'spec' }); // or { ...shape, ...SPEC_PRESET }
 * ```
 */
export const SPEC_PRESET: UMQConfig = {
  d: 64,
  dropout: 0.1,
  encoders: GROUP_DEFAULTS.encoders,
  quality: GROUP_DEFAULTS.quality,
  decoupling: GROUP_DEFAULTS.decoupling,
  baseline: GROUP_DEFAULTS.baseline,
  enhancer: GROUP_DEFAULTS.enhancer,
  moe: GROUP_DEFAULTS.moe,
  lateFusion: null,
  lossWeights: GROUP_DEFAULTS.lossWeights,
};

/**
 * The paper's literal readings: task gradients reach q, L_uni inside L_qe (Eq 21).
 *
 * @example
 * ```ts
 * console.log(PAPER_PRESET.quality?.taskGradient, PAPER_PRESET.lossWeights.uni); // true null
 * ```
 */
export const PAPER_PRESET: UMQConfig = {
  ...SPEC_PRESET,
  quality: { ...GROUP_DEFAULTS.quality, taskGradient: true },
  lossWeights: { ...GROUP_DEFAULTS.lossWeights, uni: null },
};

/**
 * Today's default: the spec plus the three options measured in issue 9 (docs/results-history.md): the
 * quality-weighted late-fusion path, the corruption-supervised quality estimator, and vector
 * encoders without LayerNorm; and, from issue 17 (docs/results.md), the consensus-scaled quality
 * (`quality.consensus: 1`: the q the later stages use is multiplied by each view's agreement
 * with the other views' heads), chosen by a 5-fold cross-validated grid search on Handwritten
 * and CUB.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_PRESET.lateFusion, DEFAULT_PRESET.encoders.vectorNorm, DEFAULT_PRESET.quality?.consensus); // { weighting: 'quality', mix: 'sum', power: 1 } 'none' 1
 * ```
 */
export const DEFAULT_PRESET: UMQConfig = {
  ...SPEC_PRESET,
  encoders: { ...GROUP_DEFAULTS.encoders, vectorNorm: 'none' },
  quality: { ...GROUP_DEFAULTS.quality, supervision: 'rank+corruption', consensus: 1 },
  lateFusion: GROUP_DEFAULTS.lateFusion,
};

/** Names of the built-in presets. */
export type PresetName = 'default' | 'spec' | 'paper' | 'mosi' | 'mosei' | 'sims' | 'urfunny' | 'mustard';

/**
 * All preset names, in documentation order.
 *
 * @example
 * ```ts
 * for (const name of PRESET_NAMES) console.log(name, preset(name).batchSize ?? 'default');
 * ```
 */
export const PRESET_NAMES: readonly PresetName[] = ['default', 'spec', 'paper', 'mosi', 'mosei', 'sims', 'urfunny', 'mustard'];

/** A preset: the model's configuration and, for Table 10's columns, the batch size. */
export interface Preset {
  /** The model's configuration. */
  model: UMQConfig;
  /** Batch size (Table 10), when the preset sets one. */
  batchSize?: number;
}

const TABLE10: Record<Exclude<PresetName, 'default' | 'spec' | 'paper'>, { batchSize: number; d: number; mu: number; delta: number; tau: number; experts: [number, number]; lambdas: [number, number, number, number] }> = {
  mosi: { batchSize: 64, d: 100, mu: 0.05, delta: 0.2, tau: 0.5, experts: [10, 3], lambdas: [1e-5, 1e-3, 1e-3, 1e-3] },
  mosei: { batchSize: 64, d: 100, mu: 0.1, delta: 0.2, tau: 0.6, experts: [12, 4], lambdas: [1e-3, 1e-3, 1e-3, 1e-3] },
  sims: { batchSize: 32, d: 100, mu: 0.1, delta: 0.1, tau: 0.5, experts: [12, 3], lambdas: [1e-4, 1e-3, 5e-3, 5e-3] },
  urfunny: { batchSize: 48, d: 100, mu: 0.1, delta: 0.1, tau: 0.5, experts: [10, 3], lambdas: [1e-4, 1e-4, 1e-4, 0.1] },
  mustard: { batchSize: 48, d: 64, mu: 0.1, delta: 0.2, tau: 0.6, experts: [10, 3], lambdas: [1e-3, 5e-3, 1e-3, 1e-4] },
};

/**
 * A named preset. Table 10's columns (`mosi` … `mustard`) are today's default with that column's
 * d, μ, δ, τ, E/k and λ_dec, λ_qe, λ_enh, λ_moe; its learning rates are for fine-tuning a language
 * model, so from-scratch training keeps the trainer's (spec section 11).
 *
 * @example
 * ```ts
 * const { model, batchSize } = preset('mosei'); // model.moe.numExperts 12, topK 4, quality.tau 0.6; batchSize 64
 * ```
 */
export function preset(name: PresetName): Preset {
  if (name === 'default') return { model: DEFAULT_PRESET };
  if (name === 'spec') return { model: SPEC_PRESET };
  if (name === 'paper') return { model: PAPER_PRESET };
  const t = TABLE10[name as keyof typeof TABLE10];
  if (!t) throw new OptionError(`unknown preset ${JSON.stringify(name)}: use one of ${PRESET_NAMES.join(', ')}`);
  const [dec, qe, enh, moe] = t.lambdas;
  const base = DEFAULT_PRESET;
  return {
    batchSize: t.batchSize,
    model: {
      ...base,
      d: t.d,
      quality: { ...base.quality!, mu: t.mu, tau: t.tau },
      decoupling: { delta: t.delta },
      moe: { ...base.moe!, numExperts: t.experts[0], topK: t.experts[1] },
      lossWeights: { ...base.lossWeights, dec, qe, enh, moe },
    },
  };
}
