/**
 * What the sliders do to one sample's modality: Gaussian mixing at rate r, `(1 - r) x + r ε`
 * (UMQ Eq 30, the corruption the models were trained under), or a missing modality replaced by
 * N(0, 1) noise (UMQ App. B.5, the `gaussian` fill). The draws are seeded by the sample and the
 * modality, so moving a slider changes only r: the same ε is mixed in more or less.
 */
import { Rng, deriveSeed, type ModalityArray } from '@umq/core';

/** How one modality of the shown sample is degraded. */
export interface Degradation {
  /** Noise rate r in [0, 1] (0 = clean). */
  noise: number;
  /** Replace the modality by the missing-modality fill. */
  missing: boolean;
}

/** The true quality of a degradation, as the protocols define it: 1 - r, 0 when missing. */
export function trueQuality(d: Degradation): number {
  return d.missing ? 0 : 1 - d.noise;
}

/**
 * One sample (row `i` of `x`) as a one-row modality array, degraded; padding steps stay as they
 * are. `seed` and the sample's index pick the draws.
 */
export function degradeRow(x: ModalityArray, i: number, modality: number, d: Degradation, seed: number): ModalityArray {
  const size = x.t * x.d;
  const values = Float32Array.from(x.values.subarray(i * size, (i + 1) * size));
  const mask = x.mask ? Uint8Array.from(x.mask.subarray(i * x.t, (i + 1) * x.t)) : null;
  if (d.missing || d.noise > 0) {
    const rng = new Rng(deriveSeed(seed, 'demo', i, modality));
    const eps = rng.fork(d.missing ? 'fill' : 'noise').fillNormal(new Float32Array(size));
    const r = d.missing ? 1 : d.noise;
    for (let s = 0; s < x.t; s++) {
      if (mask && !mask[s]) continue;
      for (let j = s * x.d; j < (s + 1) * x.d; j++) values[j] = (1 - r) * values[j] + r * eps[j];
    }
  }
  return { values, n: 1, t: x.t, d: x.d, mask };
}
