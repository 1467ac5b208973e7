import { describe, expect, it } from 'vitest';
import { preset, PRESET_NAMES, SPEC_PRESET, PAPER_PRESET, DEFAULT_PRESET, GROUP_DEFAULTS } from './presets';
import { checkUMQConfig } from './resolve';

describe('presets', () => {
  it('paper differs from the spec in q detachment and λ_uni only; today\'s default in the four measured options only', () => {
    const diff = (a: object, b: object) => Object.keys(a).filter((k) => JSON.stringify((a as never)[k]) !== JSON.stringify((b as never)[k]));
    expect(diff(PAPER_PRESET, SPEC_PRESET).sort()).toEqual(['lossWeights', 'quality']);
    expect(PAPER_PRESET.quality).toEqual({ ...SPEC_PRESET.quality, taskGradient: true });
    expect(PAPER_PRESET.lossWeights).toEqual({ ...SPEC_PRESET.lossWeights, uni: null });
    expect(diff(DEFAULT_PRESET, SPEC_PRESET).sort()).toEqual(['encoders', 'lateFusion', 'quality']);
    expect(DEFAULT_PRESET.encoders).toEqual({ ...SPEC_PRESET.encoders, vectorNorm: 'none' });
    expect(DEFAULT_PRESET.quality).toEqual({ ...SPEC_PRESET.quality, supervision: 'rank+corruption', consensus: 1 });
    expect(SPEC_PRESET.lateFusion).toBeNull();
    expect(DEFAULT_PRESET.lateFusion).toEqual(GROUP_DEFAULTS.lateFusion);
  });

  it("Table 10's columns: today's default with the column's values; every preset is a valid configuration", () => {
    const mosei = preset('mosei');
    expect(mosei.batchSize).toBe(64);
    expect(mosei.model.d).toBe(100);
    expect([mosei.model.moe!.numExperts, mosei.model.moe!.topK]).toEqual([12, 4]);
    expect([mosei.model.quality!.mu, mosei.model.quality!.tau, mosei.model.decoupling!.delta]).toEqual([0.1, 0.6, 0.2]);
    expect(mosei.model.lossWeights).toEqual({ ...DEFAULT_PRESET.lossWeights, dec: 1e-3, qe: 1e-3, enh: 1e-3, moe: 1e-3 });
    expect(preset('urfunny').model.lossWeights.moe).toBe(0.1);
    expect(mosei.model.lateFusion).toEqual(DEFAULT_PRESET.lateFusion);
    for (const name of PRESET_NAMES) expect(() => checkUMQConfig(preset(name).model), name).not.toThrow();
    expect(() => preset('mosie' as never)).toThrow(/unknown preset "mosie": use one of default, spec, paper/);
  });
});
