import { describe, it, expect } from 'vitest';
import { OptionError } from '@umq/core';
import { parseProtocol } from './parse';
import { describeProtocol, formatProtocol } from './describe';
import { validateProtocol } from './validate-protocol';
import type { CorruptionProtocol } from './protocol';

describe('protocol values: parse, format, describe, validate', () => {
  it('parses the CLI syntax, with aliases', () => {
    expect(parseProtocol('missing:0.3')).toEqual({ kind: 'missing', rate: 0.3 });
    expect(parseProtocol('noise:0.5')).toEqual({ kind: 'gaussian', rate: 0.5 });
    expect(parseProtocol(' clean ')).toEqual({ kind: 'clean' });
    expect(parseProtocol('cider:rmfm:0.3:mode=train')).toEqual({ kind: 'cider-rmfm', rate: 0.3, mode: 'train' });
    expect(parseProtocol('cider-rmfm:mode=train')).toEqual({ kind: 'cider-rmfm', mode: 'train' });
    expect(parseProtocol('cider:traditional:0.2:fill=gaussian')).toEqual({ kind: 'cider-rmfm-traditional', rate: 0.2, fill: 'gaussian' });
    expect(parseProtocol('smm:kept=0+2')).toEqual({ kind: 'smm', kept: [0, 2] });
    expect(parseProtocol('cider:smm:pattern=3')).toEqual({ kind: 'smm', pattern: 3 });
    expect(parseProtocol('hetero-noise:0.5')).toEqual({ kind: 'hetero-noise', bound: 0.5 });
    expect(parseProtocol('hetero-mixed:pMissing=0.3:noisyRange=0.2..0.9')).toEqual({ kind: 'hetero-mixed', pMissing: 0.3, noisyRange: [0.2, 0.9] });
  });

  it('rejects bad input with OptionError naming the problem', () => {
    const bad: [string, RegExp][] = [
      ['', /protocol string/],
      ['blur:0.3', /unknown protocol kind 'blur'/],
      ['missing', /missing.rate/],
      ['missing:abc', /must be a number/],
      ['missing:1.5', /\[0, 1\]/],
      ['gaussian:0.3:fill=zeros', /no option `fill`/],
      ['missing:0.3:fill=ones', /missing.fill/],
      ['cider:nope:0.3', /unknown CIDer missing type/],
      ['smm', /exactly one of/],
      ['smm:0.3', /takes only key=value/],
      ['missing:0.3:0.4', /unexpected value/],
      ['hetero-mixed:noisyRange=0.3', /lo\.\.hi/],
      ['missing:0.3:rate=0.4', /given twice/],
    ];
    for (const [text, re] of bad) {
      expect(() => parseProtocol(text), text).toThrowError(re);
      expect(() => parseProtocol(text)).toThrowError(OptionError);
    }
  });

  it('formatProtocol is the inverse of parseProtocol', () => {
    const all: CorruptionProtocol[] = [
      { kind: 'clean' },
      { kind: 'gaussian', rate: 0.3 },
      { kind: 'laplace', rate: 0.1 },
      { kind: 'erase', rate: 0.7 },
      { kind: 'other-noises', rate: 0.2 },
      { kind: 'missing', rate: 0.5, fill: 'zeros' },
      { kind: 'cider-rmfm', rate: 0.3, mode: 'train', fill: 'gaussian' },
      { kind: 'cider-rmfm-traditional', rate: 0.3 },
      { kind: 'rmm', rate: 0.4 },
      { kind: 'tmfm', rate: 0.6 },
      { kind: 'stmfm', rate: 0.2 },
      { kind: 'smm', kept: [0, 2] },
      { kind: 'smm', pattern: 5, fill: 'zeros' },
      { kind: 'hetero-noise', bound: 1 },
      { kind: 'hetero-mixed', pClean: 0.5, pNoisy: 0.3, pMissing: 0.2, noisyRange: [0.1, 0.9], fill: 'zeros' },
    ];
    for (const p of all) expect(parseProtocol(formatProtocol(p))).toEqual(p);
  });

  it('describeProtocol gives short labels', () => {
    expect(describeProtocol({ kind: 'gaussian', rate: 0.3 })).toBe('noise 0.3');
    expect(describeProtocol({ kind: 'missing', rate: 0.5, fill: 'zeros' })).toBe('missing 0.5 (zeros)');
    expect(describeProtocol({ kind: 'cider-rmfm', mode: 'train' })).toBe('RMFM train');
    expect(describeProtocol({ kind: 'stmfm', rate: 0.2 })).toBe('STMFM 0.2');
    expect(describeProtocol({ kind: 'smm', kept: [0, 2] })).toBe('SMM keep {0,2}');
    expect(describeProtocol({ kind: 'hetero-noise', bound: 0.5 })).toBe('hetero noise R=0.5');
    expect(describeProtocol({ kind: 'hetero-mixed' })).toBe('hetero mixed 0.4/0.4/0.2');
    expect(describeProtocol({ kind: 'other-noises', rate: 0.1 })).toBe('other noises 0.1');
  });

  it('validateProtocol names the bad field and the error code is E_OPTION', () => {
    expect(() => validateProtocol({ kind: 'erase', rate: -0.1 })).toThrowError(/erase.rate/);
    expect(() => validateProtocol({ kind: 'smm', kept: [0, 0] })).toThrowError(/twice/);
    expect(() => validateProtocol({ kind: 'smm', kept: [3] }, 3)).toThrowError(/modality 3/);
    expect(() => validateProtocol({ kind: 'rmm', rate: 0.2, mode: 'eval' as 'test' })).toThrowError(/rmm.mode/);
    expect(() => validateProtocol({ kind: 'tmfm' })).toThrowError(/tmfm.rate/);
    expect(() => validateProtocol({ kind: 'what' } as unknown as CorruptionProtocol)).toThrowError(/kind/);
    try {
      validateProtocol({ kind: 'hetero-noise', bound: 2 });
    } catch (e) {
      expect((e as OptionError).code).toBe('E_OPTION');
    }
  });
});
