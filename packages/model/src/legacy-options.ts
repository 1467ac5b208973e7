/**
 * Reading what earlier versions saved: UMQ's flat options of format `umq-model/1` (before the
 * options were grouped by component) as today's grouped overrides, and its parameter names
 * (`encoder0.` for today's `encoders.0.`).
 */
import { OptionError } from '@umq/core';
import { setOption } from './umq/resolve';
import type { UMQOverrides } from './umq/options';

/** Flat option -> dotted path of today's options (value unchanged). */
const RENAMED: Record<string, string> = {
  d: 'd', dropout: 'dropout', vectorNorm: 'encoders.vectorNorm', languageIndex: 'encoders.languageIndex', languageProjection: 'encoders.languageProjection',
  convKernel: 'encoders.convKernel', layers: 'encoders.layers', heads: 'encoders.heads', ffMult: 'encoders.ffMult', skipPadding: 'encoders.skipPadding',
  encoderGradients: 'encoders.gradients', delta: 'decoupling.delta', beta: 'baseline.beta', enhancerKvProjection: 'enhancer.keyValueProjection',
  enhancerResidual: 'enhancer.residual', enhancerQualityKeys: 'enhancer.qualityWeightedKeys', useSampleSpecific: 'enhancer.sampleSpecificKeys',
  numExperts: 'moe.numExperts', topK: 'moe.topK', gateSeesQuality: 'moe.gateSeesQuality', renormalizeTopK: 'moe.renormalize', gamma: 'moe.gamma', rho: 'moe.rho',
  tau: 'quality.tau', theta: 'quality.theta', alpha: 'quality.alpha', mu: 'quality.mu', rankPairs: 'quality.rankPairs', qTaskGradient: 'quality.taskGradient',
  qualitySupervision: 'quality.supervision', lambdaDec: 'lossWeights.dec', lambdaQe: 'lossWeights.qe', lambdaEnh: 'lossWeights.enh', lambdaMoe: 'lossWeights.moe',
  lambdaUni: 'lossWeights.uni', lambdaQualitySupervision: 'lossWeights.qualitySupervision', lambdaFusedPath: 'lossWeights.fusedPath',
  lateFusionWeighting: 'lateFusion.weighting',
};
/** Flat switches that leave a part out when false. */
const PARTS: Record<string, string> = { useQuality: 'quality', useEnhancer: 'enhancer', useDecoupling: 'decoupling', useModalitySpecific: 'baseline', useMoe: 'moe', lateFusionPath: 'lateFusion' };
/** Options that carried no model choice. */
const IGNORED = new Set(['ablation', 'seed', 'oracleQuality', 'modalities', 'task', 'outDim']);

/**
 * Today's overrides for the flat options of an earlier version's saved UMQ model (the resolved
 * options of that version), to apply to the `spec` preset: an option that version did not have
 * yet takes the spec's value, which is what that version computed (e.g. LayerNorm in the vector
 * encoders, no late-fusion path).
 *
 * @example
 * ```ts
 * buildModel('umq', shape, { preset: 'spec', ...legacyOverrides({ d: 32, useMoe: false, lambdaUni: 1 }) }); // d 32, moe null, λ_uni 1
 * ```
 */
export function legacyOverrides(flat: Record<string, unknown>): UMQOverrides {
  let out: UMQOverrides = {};
  const off = new Set(Object.entries(PARTS).filter(([k]) => flat[k] === false).map(([, g]) => g));
  for (const [k, v] of Object.entries(flat)) {
    if (IGNORED.has(k) || k in PARTS || v === undefined) continue;
    if (k === 'rankGuided') out = setOption(out, 'quality.labels', v === false ? 'absolute' : 'rank');
    else if (k === 'useCfgLoss') out = setOption(out, 'moe.lossWeights.config', v === false ? 0 : 1);
    else if (k === 'cfgPush') out = setOption(out, 'moe.lossWeights.push', v === true ? 1 : 0);
    else if (RENAMED[k]) {
      if (!off.has(RENAMED[k].split('.')[0])) out = setOption(out, RENAMED[k], v);
    } else throw new OptionError(`a saved model's option ${JSON.stringify(k)} is unknown to this version: re-train the model with this version`);
  }
  for (const g of off) out = setOption(out, g, null);
  if (flat.lateFusionPath === true && !('lateFusionWeighting' in flat)) out = setOption(out, 'lateFusion', {});
  return out;
}

/**
 * Today's name of a parameter an earlier version's UMQ model saved (`encoder2.net.l1.weight`
 * -> `encoders.2.net.l1.weight`).
 *
 * @example
 * ```ts
 * legacyParameterName('encoder0.proj.weight'); // 'encoders.0.proj.weight'
 * ```
 */
export function legacyParameterName(name: string): string {
  return name.replace(/^encoder(\d+)\./, 'encoders.$1.');
}
