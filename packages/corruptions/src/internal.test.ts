import { describe, it, expect } from 'vitest';
import { Rng } from '@umq/core';
import { fillStep, mixStep, normals } from './internal';
import { makeModality } from '../test/make-data';

describe('bulk normal draws of the protocols', () => {
  it("normals(rng, d) gives rng.normal()'s values one by one and leaves the generator where they leave it (odd d: a pending spare)", () => {
    for (const d of [1, 5, 64, 301]) {
      const a = new Rng(9);
      const b = new Rng(9);
      const bulk = Array.from(normals(a, d));
      expect(bulk).toEqual(Array.from({ length: d }, () => b.normal()));
      expect([a.normal(), a.uniform()]).toEqual([b.normal(), b.uniform()]);
    }
  });

  it('mixStep and fillStep write what the per-entry formulas write, to the bit', () => {
    const x = makeModality(4, 3, 37, 1);
    const mixed = { ...x, values: new Float32Array(x.values) };
    const expected = new Float32Array(x.values);
    const a = new Rng(3);
    const b = new Rng(3);
    mixStep(mixed, 2, 1, 0.35, 'gaussian', a);
    fillStep(mixed, 3, 2, 'gaussian', a);
    const off = (2 * 3 + 1) * 37;
    for (let j = 0; j < 37; j++) expected[off + j] = (1 - 0.35) * expected[off + j] + 0.35 * b.normal();
    const off2 = (3 * 3 + 2) * 37;
    for (let j = 0; j < 37; j++) expected[off2 + j] = b.normal();
    expect(Buffer.from(mixed.values.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });
});
