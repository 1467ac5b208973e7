import { describe, it, expect } from 'vitest';
import { Rng, ShapeError } from '@umq/core';
import { symmetricEigen } from './symmetric-eigen';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

describe('symmetricEigen', () => {
  it('solves a 2x2 by hand: [[2, 1], [1, 2]] -> 3, 1', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12); // column 0 = (1, 1)/sqrt(2)
    expect(vectors[0]! * vectors[2]!).toBeGreaterThan(0);
  });
  for (const n of [1, 3, 17, 60]) {
    it(`A V = V diag(values), V orthonormal, values descending (random ${n}x${n})`, () => {
      const a = randomSymmetric(n, n);
      const { values, vectors: V } = symmetricEigen(a, n);
      let residual = 0;
      let orth = 0;
      for (let k = 0; k < n; k++) {
        if (k > 0) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let j = 0; j < n; j++) av += a[i * n + j]! * V[j * n + k]!;
          residual = Math.max(residual, Math.abs(av - values[k]! * V[i * n + k]!));
        }
        for (let l = 0; l < n; l++) {
          let d = 0;
          for (let i = 0; i < n; i++) d += V[i * n + k]! * V[i * n + l]!;
          orth = Math.max(orth, Math.abs(d - (k === l ? 1 : 0)));
        }
      }
      expect(residual).toBeLessThan(1e-11);
      expect(orth).toBeLessThan(1e-12);
      // trace = sum of eigenvalues
      let tr = 0;
      for (let i = 0; i < n; i++) tr += a[i * n + i]!;
      expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(tr, 9);
    });
  }
  it('handles a rank-deficient and a diagonal matrix', () => {
    const r = symmetricEigen(Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1), 3);
    expect(Array.from(r.values).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([3, 0, 0]);
    expect(Array.from(symmetricEigen(Float64Array.of(1, 0, 0, 0, 5, 0, 0, 0, 3), 3).values)).toEqual([5, 3, 1]);
  });
  it('rejects a matrix of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(ShapeError);
  });
});
