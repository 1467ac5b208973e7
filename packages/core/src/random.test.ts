import { describe, expect, it } from 'vitest';
import { Rng } from './random';

describe('Rng.fillKeepMask', () => {
  it.each([[1, 0.1, 1003], [2, 0.5, 1003], [3, 0.9, 1003], [4, 0, 1003], [5, 0.3333, 20001], [6, 1, 10]])('equals the nextUint32 loop it replaces and leaves the generator where that loop would (seed %i, rate %f, %i entries)', (seed, rate, n) => {
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

describe('Rng.fillNormal and fillUniform: the fast loops give the per-draw values', () => {
  const slow = {
    normal: (r: Rng, n: number, mean: number, std: number) => Float64Array.from({ length: n }, () => mean + std * r.normal()),
    uniform: (r: Rng, n: number, lo: number, hi: number) => Float64Array.from({ length: n }, () => lo + (hi - lo) * r.uniform()),
  };
  for (const n of [0, 1, 2, 7, 1000, 4099, 9000]) {
    for (const spare of [false, true]) {
      it(`length ${n}${spare ? ', a spare pending' : ''}: same values, same state after`, () => {
        const fast = new Rng(99);
        const ref = new Rng(99);
        if (spare) {
          fast.normal();
          ref.normal();
        }
        expect(Array.from(fast.fillNormal(new Float64Array(n), 0.5, 2))).toEqual(Array.from(slow.normal(ref, n, 0.5, 2)));
        expect(fast.normal()).toBe(ref.normal()); // the spare (or a fresh pair) continues identically
        expect(fast.nextUint32()).toBe(ref.nextUint32());
        expect(Array.from(fast.fillUniform(new Float64Array(n), -1, 3))).toEqual(Array.from(slow.uniform(ref, n, -1, 3)));
        expect(fast.nextUint32()).toBe(ref.nextUint32());
      });
    }
  }
  it('Float32Array targets round the same doubles', () => {
    const a = new Rng(5).fillNormal(new Float32Array(33));
    const b = Float32Array.from(new Rng(5).fillNormal(new Float64Array(33)));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
