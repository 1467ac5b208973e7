import { describe, expect, it } from 'vitest';
import { Rng } from './random';

describe('Rng.fillKeepMask', () => {
  it.each([[1, 0.1], [2, 0.5], [3, 0.9], [4, 0], [5, 0.3333]])('equals the nextUint32 loop it replaces and leaves the generator where that loop would (seed %i, rate %f)', (seed, rate) => {
    const n = 1003;
    const scale = 1 / (1 - rate);
    const slow = new Rng(seed);
    const want = new Float32Array(n);
    for (let i = 0; i < n; i++) want[i] = slow.nextUint32() >= rate * 4294967296 ? scale : 0;
    const fast = new Rng(seed);
    const got = fast.fillKeepMask(new Float32Array(n), rate, scale);
    expect(Array.from(got)).toEqual(Array.from(want));
    expect([fast.nextUint32(), fast.nextUint32()]).toEqual([slow.nextUint32(), slow.nextUint32()]);
  });

  it('keeps about 1 - rate of the entries', () => {
    const m = new Rng(11).fillKeepMask(new Float32Array(40000), 0.2, 1);
    const kept = m.reduce((s, v) => s + v, 0) / m.length;
    expect(Math.abs(kept - 0.8)).toBeLessThan(0.01); // sd 0.002
  });
});
