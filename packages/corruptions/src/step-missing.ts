/**
 * CIDer's step-level missing types (Sec. III-A and supplement): RMFM, traditional RMFM, TMFM
 * and STMFM. A missing step has all its features set to the fill; padding steps are never
 * dropped, never counted, and stay as they were.
 */
import { ShapeError, type ModalityArray, type Rng } from '@umq/core';
import { copyModality, fillStep, isValid, makeResult } from './internal';
import { roundHalfEven } from './missing';
import type { CiderProtocol, CorruptionResult, ModalityMasks } from './protocol';

/** Throws unless every modality has the same number of steps (TMFM/STMFM need aligned sequences). */
function assertAligned(data: readonly ModalityArray[], kind: string): number {
  const t = data[0].t;
  if (data.some((x) => x.t !== t)) {
    throw new ShapeError(
      `'${kind}' needs aligned sequences (one length T for every modality), got t = [${data.map((x) => x.t).join(', ')}]: use the aligned version of the data set, or 'cider-rmfm' / 'cider-rmfm-traditional' for unaligned sequences`,
    );
  }
  return t;
}

/** The aligned time positions of sample `i` that are valid in at least one modality. */
function unionValid(data: readonly ModalityArray[], i: number, t: number): number[] {
  const pos: number[] = [];
  for (let s = 0; s < t; s++) if (data.some((x) => isValid(x, i, s))) pos.push(s);
  return pos;
}

/** Applies kept-step masks: fills dropped valid steps, computes presence and quality. */
function stepResult(data: readonly ModalityArray[], p: CiderProtocol, kept: Uint8Array[], root: Rng, rates: Float32Array | null): CorruptionResult {
  const out = data.map(copyModality);
  const masks: ModalityMasks[] = [];
  const quality: Float32Array[] = [];
  const fill = p.fill ?? 'zeros';
  out.forEach((x, m) => {
    const rng = root.fork('fill', m);
    const present = new Uint8Array(x.n).fill(1);
    const q = new Float32Array(x.n).fill(1);
    for (let i = 0; i < x.n; i++) {
      let valid = 0;
      let keptValid = 0;
      for (let s = 0; s < x.t; s++) {
        if (!isValid(x, i, s)) {
          kept[m][i * x.t + s] = 1; // padding is never dropped
          continue;
        }
        valid++;
        if (kept[m][i * x.t + s]) keptValid++;
        else fillStep(x, i, s, fill, rng);
      }
      if (valid > 0) {
        q[i] = keptValid / valid;
        if (keptValid === 0) present[i] = 0;
      }
    }
    masks.push({ present, keptSteps: kept[m] });
    quality.push(q);
  });
  return makeResult(p, out, masks, quality, p.mode === 'train' ? null : (p.rate as number), rates ? { sampleRate: rates } : {});
}

/**
 * Step-level missing (CIDer): `'cider-rmfm'` (one Bernoulli mask over the concatenation of all
 * modalities' steps; train mode: r ~ U(0, 1) per sample, shared by the modalities),
 * `'cider-rmfm-traditional'` (a mask per modality; train mode: r per sample-modality),
 * `'tmfm'` (one mask over the aligned time axis shared by all modalities) and `'stmfm'` (one
 * contiguous block of round(T_i · r) aligned steps, T_i the sample's valid steps, from a
 * uniform start, missing in every modality).
 */
export function stepMissing(data: readonly ModalityArray[], p: CiderProtocol, root: Rng): CorruptionResult {
  const n = data[0].n;
  const plan = root.fork('plan');
  const kept = data.map((x) => new Uint8Array(x.n * x.t).fill(1));
  const train = p.mode === 'train';
  const rates = train ? new Float32Array(n) : null;
  if (p.kind === 'tmfm' || p.kind === 'stmfm') {
    const t = assertAligned(data, p.kind);
    for (let i = 0; i < n; i++) {
      const r = train ? plan.uniform() : (p.rate as number);
      if (rates) rates[i] = r;
      const pos = unionValid(data, i, t);
      let drop: number[];
      if (p.kind === 'tmfm') {
        drop = pos.filter(() => plan.uniform() < r);
      } else {
        const len = Math.min(roundHalfEven(pos.length * r), pos.length);
        const start = plan.int(pos.length - len + 1);
        drop = pos.slice(start, start + len);
      }
      for (const s of drop) for (const k of kept) k[i * t + s] = 0;
    }
  } else {
    const perModality = p.kind === 'cider-rmfm-traditional';
    for (let i = 0; i < n; i++) {
      let r = train ? plan.uniform() : (p.rate as number);
      if (rates) rates[i] = r;
      data.forEach((x, m) => {
        if (perModality && train && m > 0) r = plan.uniform();
        for (let s = 0; s < x.t; s++) {
          if (isValid(x, i, s) && plan.uniform() < r) kept[m][i * x.t + s] = 0;
        }
      });
    }
  }
  // traditional RMFM draws one rate per sample-modality in train mode: no single per-sample rate
  return stepResult(data, p, kept, root, p.kind === 'cider-rmfm-traditional' ? null : rates);
}
