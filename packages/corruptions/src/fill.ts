/**
 * `fillMissing`: replace absent samples of one modality with the fill (for data sets whose
 * modalities are missing by nature rather than by protocol).
 */
import { Rng, ShapeError, deriveSeed, type ModalityArray, type Seed } from '@umq/core';
import { copyModality, fillSample } from './internal';
import type { MissingFill } from './protocol';

/**
 * Returns a copy of `x` where every sample with `present[i] = 0` has its valid steps replaced
 * by the fill (N(0, 1) per entry for `'gaussian'`, UMQ App. B.5; 0 for `'zeros'`). Padding
 * steps and present samples are unchanged; the input is not mutated.
 *
 * @param x - one modality
 * @param present - presence `[n]`, 0 = absent
 * @param fill - `'gaussian'` (UMQ's default) or `'zeros'`
 * @param seed - seed of the Gaussian fill
 * @example
 * ```ts
 * const x: ModalityArray = { values: new Float32Array([1, 2, 3, 4]), n: 2, t: 1, d: 2, mask: null };
 * fillMissing(x, Uint8Array.from([1, 0]), 'zeros', 1).values; // [1, 2, 0, 0]
 * ```
 */
export function fillMissing(x: ModalityArray, present: Uint8Array, fill: MissingFill = 'gaussian', seed: Seed = 0): ModalityArray {
  if (!(present instanceof Uint8Array) || present.length !== x.n) {
    throw new ShapeError(`fillMissing: \`present\` must be a Uint8Array of length n = ${x.n}, got ${present instanceof Uint8Array ? `length ${present.length}` : typeof present}`);
  }
  if (x.values.length !== x.n * x.t * x.d) {
    throw new ShapeError(`fillMissing: \`x.values\` has ${x.values.length} entries, but n·t·d = ${x.n * x.t * x.d}`);
  }
  const out = copyModality(x);
  const rng = new Rng(deriveSeed(seed, 'umq.fillMissing'));
  for (let i = 0; i < x.n; i++) if (!present[i]) fillSample(out, i, fill, rng);
  return out;
}
