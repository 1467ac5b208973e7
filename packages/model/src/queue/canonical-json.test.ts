import { describe, expect, it } from 'vitest';
import { OptionError } from '@umq/core';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined entries', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text for objects built in different orders', () => {
    expect(canonicalJson({ x: 1, y: 'é', z: [false] })).toBe(canonicalJson({ z: [false], y: 'é', x: 1 }));
  });

  it('writes numbers as JSON does (RFC 8785 form): 1e-7, 0.1, integers', () => {
    expect(canonicalJson([1e-7, 0.1, 100, -0, 1e21])).toBe('[1e-7,0.1,100,0,1e+21]');
  });

  it('sorts by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, ä: 4 })).toBe('{"B":2,"a":3,"b":1,"ä":4}');
  });

  it('refuses values without a JSON form, naming where they are', () => {
    expect(() => canonicalJson({ a: { b: Number.NaN } })).toThrow(OptionError);
    expect(() => canonicalJson({ a: { b: Number.NaN } })).toThrow(/value\.a\.b: NaN/);
    expect(() => canonicalJson([1, undefined])).toThrow(/value\[1\] is undefined/);
    expect(() => canonicalJson({ d: new Date(0) }, 'run')).toThrow(/run\.d: a Date has no canonical JSON form/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/a function/);
  });
});
