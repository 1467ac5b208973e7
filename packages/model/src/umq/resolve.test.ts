import { describe, expect, it } from 'vitest';
import { OptionError } from '@umq/core';
import { resolveUMQConfig, checkUMQConfig, mergeOverrides, setOption, optionPaths } from './resolve';
import { DEFAULT_PRESET, GROUP_DEFAULTS, SPEC_PRESET } from './presets';

describe('UMQ options', () => {
  it('a partial group keeps the rest from the base; null leaves a part out; an object switches a part the base leaves out back on', () => {
    const c = resolveUMQConfig({ d: 32, moe: { topK: 2 }, decoupling: null });
    expect(c.d).toBe(32);
    expect(c.moe).toEqual({ ...DEFAULT_PRESET.moe, topK: 2 });
    expect(c.decoupling).toBeNull();
    expect(c.quality).toBe(DEFAULT_PRESET.quality); // untouched groups are the base's
    expect(resolveUMQConfig({ lateFusion: {} }, SPEC_PRESET).lateFusion).toEqual(GROUP_DEFAULTS.lateFusion);
    expect(resolveUMQConfig({ moe: { lossWeights: { config: 0 } } }).moe!.lossWeights).toEqual({ ...GROUP_DEFAULTS.moe.lossWeights, config: 0 });
    expect(resolveUMQConfig({ lossWeights: { uni: null } }).lossWeights.uni).toBeNull();
  });

  it('names an unknown option, a wrong type or a wrong choice, with the valid ones', () => {
    const bad: [object, RegExp][] = [
      [{ topK: 2 }, /`topK` is not a UMQ option; use d, dropout, encoders, .*moe: \{ topK: 2 \}/],
      [{ moe: { topk: 2 } }, /`moe.topk` is not an option; the options of moe are numExperts, topK/],
      [{ moe: { topK: '2' } }, /`moe.topK` takes a finite number, got "2"/],
      [{ enhancer: { residual: 1 } }, /`enhancer.residual` takes true or false/],
      [{ quality: { supervision: 'rank+noise' } }, /`quality.supervision` takes one of rank, rank\+corruption/],
      [{ encoders: null }, /`encoders` cannot be left out/],
      [{ moe: 3 }, /`moe` takes an object of options \(or null/],
      [{ moe: { lossWeights: { cfg: 0 } } }, /`moe.lossWeights.cfg` is not an option; use balance, variance, config/],
      [{ lossWeights: { uni: 'one' } }, /`lossWeights.uni` takes a number or null/],
    ];
    for (const [o, pattern] of bad) {
      expect(() => resolveUMQConfig(o as never)).toThrow(OptionError);
      expect(() => resolveUMQConfig(o as never)).toThrow(pattern);
    }
  });

  it('checkUMQConfig checks ranges and the relations between options', () => {
    expect(() => checkUMQConfig(resolveUMQConfig({ d: 33 }))).toThrow(/d must be even/);
    expect(() => checkUMQConfig(resolveUMQConfig({ moe: { numExperts: 2, topK: 3 } }))).toThrow(/moe.topK \(3\) exceeds moe.numExperts \(2\)/);
    expect(() => checkUMQConfig(resolveUMQConfig({ quality: { tau: 1.5 } }))).toThrow(/quality.tau/);
    expect(() => checkUMQConfig(resolveUMQConfig({ lossWeights: { qe: -1 } }))).toThrow(/lossWeights.qe/);
    expect(() => checkUMQConfig(resolveUMQConfig({ lateFusion: { power: 0 } }))).toThrow(/lateFusion.power` takes a positive number/);
    expect(() => checkUMQConfig(DEFAULT_PRESET)).not.toThrow();
  });

  it('mergeOverrides applies the second after the first, option by option; setOption builds one override from its path', () => {
    expect(mergeOverrides({ moe: { topK: 2 }, d: 8 }, { moe: { numExperts: 4 } })).toEqual({ moe: { topK: 2, numExperts: 4 }, d: 8 });
    expect(mergeOverrides({ moe: { topK: 2 } }, { moe: null })).toEqual({ moe: null });
    expect(mergeOverrides({ moe: null }, { moe: { topK: 2 } })).toEqual({ moe: { topK: 2 } });
    expect(mergeOverrides({ moe: { lossWeights: { push: 1 } } }, { moe: { lossWeights: { config: 0 } } })).toEqual({ moe: { lossWeights: { push: 1, config: 0 } } });
    expect(setOption({ d: 8 }, 'moe.lossWeights.config', 0)).toEqual({ d: 8, moe: { lossWeights: { config: 0 } } });
    expect(setOption({}, 'lateFusion', null)).toEqual({ lateFusion: null });
    expect(() => setOption({}, 'moe.experts', 3)).toThrow(/unknown UMQ option "moe.experts": use one of d, dropout/);
  });

  it('optionPaths lists every option once, groups that can be left out included', () => {
    const paths = optionPaths();
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(expect.arrayContaining(['d', 'dropout', 'moe', 'moe.topK', 'moe.lossWeights.config', 'lateFusion', 'lateFusion.weighting', 'lossWeights.uni', 'encoders.gradients']));
    expect(paths).not.toContain('encoders'); // never left out
    expect(paths).not.toContain('lossWeights');
  });
});
