/**
 * Heterogeneous-quality protocols (spec "Heterogeneous quality", beyond the papers): the
 * corruption varies per sample and per modality, and the true quality is returned.
 */
import type { ModalityArray, Rng } from '@umq/core';
import { copyModality, fillSample, fullMasks, makeResult, mixSample } from './internal';
import type { CorruptionResult, HeteroMixedProtocol, HeteroNoiseProtocol } from './protocol';

/** `hetero-noise`: Gaussian mixing with r ~ U(0, R) per sample-modality; quality 1 - r. */
export function heteroNoise(data: readonly ModalityArray[], p: HeteroNoiseProtocol, root: Rng): CorruptionResult {
  const plan = root.fork('plan');
  const n = data[0].n;
  const rates = data.map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) for (let m = 0; m < data.length; m++) rates[m][i] = plan.uniformIn(0, p.bound);
  const out = data.map(copyModality);
  const quality = out.map((x, m) => {
    const rng = root.fork('noise', m);
    const q = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rates[m][i];
      mixSample(x, i, r, 'gaussian', rng);
      q[i] = 1 - r;
    }
    return q;
  });
  return makeResult(p, out, fullMasks(data), quality, p.bound);
}

/** Slot states of `hetero-mixed`. */
const CLEAN = 0;
const NOISY = 1;
const MISSING = 2;

/**
 * `hetero-mixed`: each sample-modality clean, noisy (r ~ U(noisyRange)) or missing with the
 * normalised probabilities; a sample whose slots all came out missing is re-drawn (rejection,
 * so the states are conditioned on at least one modality not missing). Quality: 1 clean,
 * 1 - r noisy, 0 missing.
 */
export function heteroMixed(data: readonly ModalityArray[], p: HeteroMixedProtocol, root: Rng): CorruptionResult {
  const pc = p.pClean ?? 0.4;
  const pn = p.pNoisy ?? 0.4;
  const pm = p.pMissing ?? 0.2;
  const total = pc + pn + pm;
  const [lo, hi] = p.noisyRange ?? [0.3, 1];
  const fill = p.fill ?? 'gaussian';
  const n = data[0].n;
  const M = data.length;
  const plan = root.fork('plan');
  const state = data.map(() => new Uint8Array(n));
  const rate = data.map(() => new Float32Array(n));
  const row = new Uint8Array(M);
  for (let i = 0; i < n; i++) {
    for (;;) {
      let missing = 0;
      for (let m = 0; m < M; m++) {
        const u = plan.uniform() * total;
        row[m] = u < pc ? CLEAN : u < pc + pn ? NOISY : MISSING;
        if (row[m] === MISSING) missing++;
      }
      if (missing < M) break;
    }
    for (let m = 0; m < M; m++) {
      state[m][i] = row[m];
      if (row[m] === NOISY) rate[m][i] = plan.uniformIn(lo, hi);
    }
  }
  const out = data.map(copyModality);
  const masks = fullMasks(data);
  const quality = out.map((x, m) => {
    const noise = root.fork('noise', m);
    const q = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (state[m][i] === MISSING) {
        fillSample(x, i, fill, noise);
        masks[m].present[i] = 0;
        q[i] = 0;
      } else if (state[m][i] === NOISY) {
        mixSample(x, i, rate[m][i], 'gaussian', noise);
        q[i] = 1 - rate[m][i];
      } else {
        q[i] = 1;
      }
    }
    return q;
  });
  return makeResult(p, out, masks, quality, null, { state });
}
