/**
 * Shared internals of the protocol implementations (not exported from the package).
 */
import type { ModalityArray, Rng } from '@umq/core';
import type { CorruptionDetails, CorruptionProtocol, CorruptionResult, MissingFill, ModalityMasks } from './protocol';

/** A copy of a modality: new values and mask arrays. */
export function copyModality(x: ModalityArray): ModalityArray {
  return { values: new Float32Array(x.values), n: x.n, t: x.t, d: x.d, mask: x.mask ? new Uint8Array(x.mask) : null };
}

/** Whether step `s` of sample `i` is valid (not padding). */
export function isValid(x: ModalityArray, i: number, s: number): boolean {
  return x.mask === null || x.mask[i * x.t + s] !== 0;
}

/** Number of valid steps of sample `i`. */
export function validSteps(x: ModalityArray, i: number): number {
  if (x.mask === null) return x.t;
  let c = 0;
  for (let s = 0; s < x.t; s++) if (x.mask[i * x.t + s] !== 0) c++;
  return c;
}

let scratch = new Float64Array(256);

/**
 * `d` N(0, 1) draws of `rng`: the values (and the generator's end state) of `d` calls of
 * `rng.normal()`, drawn in bulk by `Rng.fillNormal` (several times faster). The array is reused
 * by the next call.
 */
export function normals(rng: Rng, d: number): Float64Array {
  if (scratch.length < d) scratch = new Float64Array(d);
  return rng.fillNormal(scratch.subarray(0, d)) as Float64Array;
}

/** Overwrites the `d` entries of step (i, s) of `out` with the fill. */
export function fillStep(out: ModalityArray, i: number, s: number, fill: MissingFill, rng: Rng): void {
  const off = (i * out.t + s) * out.d;
  if (fill === 'zeros') out.values.fill(0, off, off + out.d);
  else {
    const e = normals(rng, out.d);
    for (let j = 0; j < out.d; j++) out.values[off + j] = e[j];
  }
}

/** Fills every valid step of sample `i` of `out`. */
export function fillSample(out: ModalityArray, i: number, fill: MissingFill, rng: Rng): void {
  for (let s = 0; s < out.t; s++) if (isValid(out, i, s)) fillStep(out, i, s, fill, rng);
}

/** Mixes step (i, s) of `out` in place: `(1 - r) x + r ε`. */
export function mixStep(out: ModalityArray, i: number, s: number, r: number, noise: 'gaussian' | 'laplace', rng: Rng): void {
  const off = (i * out.t + s) * out.d;
  const v = out.values;
  if (noise === 'gaussian') {
    const e = normals(rng, out.d);
    for (let j = 0; j < out.d; j++) v[off + j] = (1 - r) * v[off + j] + r * e[j];
  } else for (let j = 0; j < out.d; j++) v[off + j] = (1 - r) * v[off + j] + r * rng.laplace(1);
}

/** Mixes every valid step of sample `i`. */
export function mixSample(out: ModalityArray, i: number, r: number, noise: 'gaussian' | 'laplace', rng: Rng): void {
  for (let s = 0; s < out.t; s++) if (isValid(out, i, s)) mixStep(out, i, s, r, noise, rng);
}

/** All-ones presence masks and no step masks, one per modality. */
export function fullMasks(data: readonly ModalityArray[]): ModalityMasks[] {
  return data.map((x) => ({ present: new Uint8Array(x.n).fill(1), keptSteps: null }));
}

/** Quality arrays initialised to 1. */
export function fullQuality(data: readonly ModalityArray[]): Float32Array[] {
  return data.map((x) => new Float32Array(x.n).fill(1));
}

/** 1 - mean quality over all slots (0 when there are none). */
export function realisedRate(quality: readonly Float32Array[]): number {
  let s = 0;
  let c = 0;
  for (const q of quality) for (let i = 0; i < q.length; i++) { s += q[i]; c++; }
  return c === 0 ? 0 : 1 - s / c;
}

/** Assembles a result, computing the realised rate from the qualities. */
export function makeResult(
  protocol: CorruptionProtocol,
  data: ModalityArray[],
  masks: ModalityMasks[],
  quality: Float32Array[],
  requestedRate: number | null,
  details: CorruptionDetails = {},
  rate?: number,
): CorruptionResult {
  return { data, masks, quality, rate: rate ?? realisedRate(quality), requestedRate, protocol, details };
}
