/** Test data builders (not part of the package). */
import { Rng, type ModalityArray } from '@umq/core';

/** A modality filled with N(0, 1) values (seeded), optional random right-padding. */
export function makeModality(n: number, t: number, d: number, seed: number, padded = false): ModalityArray {
  const rng = new Rng(seed);
  const values = new Float32Array(n * t * d);
  rng.fillNormal(values);
  let mask: Uint8Array | null = null;
  if (padded) {
    mask = new Uint8Array(n * t);
    for (let i = 0; i < n; i++) {
      const len = i % 7 === 0 ? 0 : 1 + rng.int(t); // some samples fully padded
      for (let s = 0; s < len; s++) mask[i * t + s] = 1;
    }
    // padding steps carry a sentinel so "untouched" is visible
    for (let i = 0; i < n * t; i++) if (!mask[i]) values.fill(7, i * d, (i + 1) * d);
  }
  return { values, n, t, d, mask };
}

/** Three modalities: a vector, a padded sequence, an unpadded sequence. */
export function mixedData(n = 20, seed = 1): ModalityArray[] {
  return [makeModality(n, 1, 6, seed), makeModality(n, 5, 4, seed + 1, true), makeModality(n, 3, 3, seed + 2)];
}

/** Deep copy, for not-mutated checks. */
export function snapshot(data: readonly ModalityArray[]): ModalityArray[] {
  return data.map((x) => ({ ...x, values: new Float32Array(x.values), mask: x.mask ? new Uint8Array(x.mask) : null }));
}

/** Asserts every padding step of `out` equals the one of `inp`; returns how many were checked. */
export function paddingUnchanged(inp: ModalityArray, out: ModalityArray): boolean {
  if (!inp.mask) return true;
  for (let i = 0; i < inp.n * inp.t; i++) {
    if (inp.mask[i]) continue;
    for (let j = 0; j < inp.d; j++) if (out.values[i * inp.d + j] !== inp.values[i * inp.d + j]) return false;
  }
  return true;
}
