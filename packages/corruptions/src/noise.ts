/**
 * Noise protocols (UMQ Eq 30, App. A.2): Gaussian mixing, Laplace mixing, random erasing and
 * the per-sample "other noises" mix. Padding steps are never touched.
 */
import type { ModalityArray, Rng } from '@umq/core';
import { copyModality, fullMasks, fullQuality, isValid, makeResult, mixSample } from './internal';
import type { CorruptionResult, EraseProtocol, GaussianProtocol, LaplaceProtocol, OtherNoisesProtocol } from './protocol';

/** Gaussian or Laplace mixing at one rate r on every sample-modality (UMQ Eq 30). */
export function mixingNoise(data: readonly ModalityArray[], p: GaussianProtocol | LaplaceProtocol, root: Rng): CorruptionResult {
  const out = data.map(copyModality);
  const quality = fullQuality(data);
  out.forEach((x, m) => {
    const rng = root.fork('noise', m);
    for (let i = 0; i < x.n; i++) {
      mixSample(x, i, p.rate, p.kind, rng);
      quality[m][i] = 1 - p.rate;
    }
  });
  return makeResult(p, out, fullMasks(data), quality, p.rate, {}, p.rate);
}

/**
 * Erases (sets to 0) each valid entry of sample `i` with probability `rate`; returns the
 * erased fraction of its valid entries (0 when it has none).
 */
function eraseSample(x: ModalityArray, i: number, rate: number, rng: Rng): number {
  let erased = 0;
  let total = 0;
  for (let s = 0; s < x.t; s++) {
    if (!isValid(x, i, s)) continue;
    const off = (i * x.t + s) * x.d;
    for (let j = 0; j < x.d; j++) {
      total++;
      if (rng.uniform() < rate) {
        x.values[off + j] = 0;
        erased++;
      }
    }
  }
  return total === 0 ? 0 : erased / total;
}

/** Random erasing: each valid entry set to 0 with probability r (UMQ A.2, "data loss"). */
export function erasing(data: readonly ModalityArray[], p: EraseProtocol, root: Rng): CorruptionResult {
  const out = data.map(copyModality);
  const quality = fullQuality(data);
  out.forEach((x, m) => {
    const rng = root.fork('noise', m);
    for (let i = 0; i < x.n; i++) quality[m][i] = 1 - eraseSample(x, i, p.rate, rng);
  });
  return makeResult(p, out, fullMasks(data), quality, p.rate);
}

/**
 * UMQ's "other noises": per sample (shared by its modalities) Laplace mixing with
 * probability 1/2, otherwise random erasing, both at rate r.
 */
export function otherNoises(data: readonly ModalityArray[], p: OtherNoisesProtocol, root: Rng): CorruptionResult {
  const n = data[0].n;
  const plan = root.fork('plan');
  const laplace = new Uint8Array(n);
  for (let i = 0; i < n; i++) laplace[i] = plan.uniform() < 0.5 ? 1 : 0;
  const out = data.map(copyModality);
  const quality = fullQuality(data);
  out.forEach((x, m) => {
    const rng = root.fork('noise', m);
    for (let i = 0; i < n; i++) {
      if (laplace[i]) {
        mixSample(x, i, p.rate, 'laplace', rng);
        quality[m][i] = 1 - p.rate;
      } else {
        quality[m][i] = 1 - eraseSample(x, i, p.rate, rng);
      }
    }
  });
  return makeResult(p, out, fullMasks(data), quality, p.rate, { laplace });
}
