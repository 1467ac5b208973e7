/**
 * Named hyper-parameter presets: Table 10 of the UMQ paper per dataset, plus `paper` (the
 * spec's literal readings) and `default` (the spec's measured defaults).
 */
import { OptionError } from '@umq/core';
import type { UMQHyperParameters } from './options';

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

/** A preset: model hyper-parameters and the batch size of Table 10. */
export interface Preset {
  /** Model overrides. */
  model: Partial<UMQHyperParameters>;
  /** Batch size (Table 10), when the preset sets one. */
  batchSize?: number;
}

const TABLE10: Record<Exclude<PresetName, 'default' | 'spec' | 'paper'>, Partial<UMQHyperParameters> & { batchSize: number }> = {
  mosi: { d: 100, batchSize: 64, mu: 0.05, delta: 0.2, tau: 0.5, numExperts: 10, topK: 3, lambdaDec: 1e-5, lambdaQe: 1e-3, lambdaEnh: 1e-3, lambdaMoe: 1e-3 },
  mosei: { d: 100, batchSize: 64, mu: 0.1, delta: 0.2, tau: 0.6, numExperts: 12, topK: 4, lambdaDec: 1e-3, lambdaQe: 1e-3, lambdaEnh: 1e-3, lambdaMoe: 1e-3 },
  sims: { d: 100, batchSize: 32, mu: 0.1, delta: 0.1, tau: 0.5, numExperts: 12, topK: 3, lambdaDec: 1e-4, lambdaQe: 1e-3, lambdaEnh: 5e-3, lambdaMoe: 5e-3 },
  urfunny: { d: 100, batchSize: 48, mu: 0.1, delta: 0.1, tau: 0.5, numExperts: 10, topK: 3, lambdaDec: 1e-4, lambdaQe: 1e-4, lambdaEnh: 1e-4, lambdaMoe: 0.1 },
  mustard: { d: 64, batchSize: 48, mu: 0.1, delta: 0.2, tau: 0.6, numExperts: 10, topK: 3, lambdaDec: 1e-3, lambdaQe: 5e-3, lambdaEnh: 1e-3, lambdaMoe: 1e-4 },
};

/**
 * The hyper-parameter overrides of a preset. Table 10's learning rates are for fine-tuning a
 * language model; from-scratch training on frozen features keeps the project default (1e-3),
 * as the spec says (section 11).
 *
 * - `default`: the spec's defaults (q detached from task gradients, `λ_uni = 1`) plus the three
 *   measured issue-9 options (quality-weighted late-fusion path, corruption-supervised quality,
 *   vector encoders without LayerNorm).
 * - `spec`: exactly the spec's defaults (the issue-9 options off).
 * - `paper`: the paper's literal readings: task gradients reach q, `L_uni` inside `L_qe`, no
 *   issue-9 options.
 * - `mosi` … `mustard`: Table 10's column on top of `default`.
 *
 * @example
 * ```ts
 * const { model, batchSize } = preset('mosei'); // model.numExperts 12, topK 4, tau 0.6; batchSize 64
 * ```
 */
export function preset(name: PresetName): Preset {
  if (name === 'default') return { model: {} };
  if (name === 'spec') return { model: { lateFusionPath: false, qualitySupervision: 'rank', vectorNorm: 'layer' } };
  if (name === 'paper') return { model: { qTaskGradient: true, lambdaUni: null, lateFusionPath: false, qualitySupervision: 'rank', vectorNorm: 'layer' } };
  const t = TABLE10[name as keyof typeof TABLE10];
  if (!t) throw new OptionError(`unknown preset ${JSON.stringify(name)}: use one of ${PRESET_NAMES.join(', ')}`);
  const { batchSize, ...model } = t;
  return { model, batchSize };
}
