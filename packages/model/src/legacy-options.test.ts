import { describe, expect, it } from 'vitest';
import { legacyOverrides, legacyParameterName } from './legacy-options';
import { resolveUMQConfig } from './umq/resolve';
import { SPEC_PRESET } from './umq/presets';

describe("reading an earlier version's saved options", () => {
  it('maps the flat options to the groups, the use* switches to parts left out, and the Table-6 flags to their options', () => {
    const o = legacyOverrides({ d: 32, numExperts: 4, renormalizeTopK: false, lambdaUni: null, useMoe: false, useDecoupling: false, rankGuided: false, useCfgLoss: false, cfgPush: true, enhancerKvProjection: false, lateFusionPath: true, lateFusionWeighting: 'learned', ablation: 'no-moe', seed: 3 });
    const c = resolveUMQConfig(o, SPEC_PRESET);
    expect(c.d).toBe(32);
    expect(c.moe).toBeNull(); // useMoe false wins over its options
    expect(c.decoupling).toBeNull();
    expect(c.quality!.labels).toBe('absolute');
    expect(c.lossWeights.uni).toBeNull();
    expect(c.enhancer!.keyValueProjection).toBe(false);
    expect(c.lateFusion).toEqual({ weighting: 'learned', mix: 'sum', power: 1 });
    expect(resolveUMQConfig(legacyOverrides({ useCfgLoss: false, cfgPush: true }), SPEC_PRESET).moe!.lossWeights).toMatchObject({ config: 0, push: 1 });
    expect(() => legacyOverrides({ topk: 3 })).toThrow(/option "topk" is unknown to this version/);
  });

  it('renames the encoders\' parameters', () => {
    expect(legacyParameterName('encoder0.proj.weight')).toBe('encoders.0.proj.weight');
    expect(legacyParameterName('encoder12.layer0.ff1.bias')).toBe('encoders.12.layer0.ff1.bias');
    expect(legacyParameterName('moe.gate.proj.weight')).toBe('moe.gate.proj.weight');
  });
});
