/**
 * UMQ's missing-rate protocol (Eq 29, App. B.5): the requested MR is reached over the data set
 * while every sample keeps at least one modality.
 */
import type { ModalityArray, Rng } from '@umq/core';
import { copyModality, fillSample, makeResult } from './internal';
import type { CorruptionResult, MissingFill, MissingProtocol, ModalityMasks } from './protocol';

/**
 * Rounds half to even, as Python's `round` and numpy's `np.round` do (the reference protocol
 * uses them), after snapping values within 1e-9 of an integer (0.3 · 10 · 3 = 9.000000000000002).
 *
 * @example
 * ```ts
 * roundHalfEven(2.5); // 2
 * roundHalfEven(3.5); // 4
 * roundHalfEven(0.3 * 10 * 3); // 9
 * ```
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  if (Math.abs(v - r) < 1e-9) return r;
  const f = Math.floor(v);
  const diff = v - f;
  if (Math.abs(diff - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return r;
}

/** Replaces the absent modalities (presence 0) with the fill, valid steps only. */
export function applyPresence(
  data: readonly ModalityArray[],
  present: readonly Uint8Array[],
  fill: MissingFill,
  root: Rng,
): ModalityArray[] {
  return data.map((x, m) => {
    const out = copyModality(x);
    const rng = root.fork('fill', m);
    for (let i = 0; i < x.n; i++) if (!present[m][i]) fillSample(out, i, fill, rng);
    return out;
  });
}

/**
 * Builds a result for a modality-level missing protocol from its presence masks: quality is
 * the presence (0 or 1), the realised rate Eq 29's MR = 1 - Σ present / (N · M).
 */
export function presenceResult(
  data: readonly ModalityArray[],
  p: Parameters<typeof makeResult>[0],
  present: Uint8Array[],
  fill: MissingFill,
  root: Rng,
  requestedRate: number | null,
  details: Parameters<typeof makeResult>[5] = {},
): CorruptionResult {
  const out = applyPresence(data, present, fill, root);
  const masks: ModalityMasks[] = present.map((pr) => ({ present: pr, keptSteps: null }));
  const quality = present.map((pr) => Float32Array.from(pr));
  let kept = 0;
  for (const pr of present) for (let i = 0; i < pr.length; i++) kept += pr[i];
  const slots = data.length * data[0].n;
  return makeResult(p, out, masks, quality, requestedRate, details, slots === 0 ? 0 : 1 - kept / slots);
}

/**
 * UMQ's missing protocol: MR capped at (M - 1)/M; exactly round(MR · N · M) slots are drawn
 * uniformly without replacement among the N · (M - 1) droppable ones (M - 1 per sample), then
 * each sample drops that many modalities chosen uniformly. Absent modalities get the fill.
 */
export function umqMissing(data: readonly ModalityArray[], p: MissingProtocol, root: Rng): CorruptionResult {
  const M = data.length;
  const n = data[0].n;
  const droppable = n * (M - 1);
  const mrEff = Math.min(p.rate, (M - 1) / M);
  const nDrop = Math.min(roundHalfEven(mrEff * n * M), droppable);
  const plan = root.fork('plan');
  // partial Fisher-Yates: the first nDrop entries are a uniform sample without replacement
  const slots = new Int32Array(droppable);
  for (let j = 0; j < droppable; j++) slots[j] = j;
  const perSample = new Int32Array(n);
  for (let j = 0; j < nDrop; j++) {
    const k = j + plan.int(droppable - j);
    const tmp = slots[j];
    slots[j] = slots[k];
    slots[k] = tmp;
    perSample[Math.floor(slots[j] / (M - 1))]++;
  }
  const present = data.map(() => new Uint8Array(n).fill(1));
  const order = new Int32Array(M);
  for (let i = 0; i < n; i++) {
    const k = perSample[i];
    if (k === 0) continue;
    for (let m = 0; m < M; m++) order[m] = m;
    for (let j = 0; j < k; j++) {
      const s = j + plan.int(M - j);
      const tmp = order[j];
      order[j] = order[s];
      order[s] = tmp;
      present[order[j]][i] = 0;
    }
  }
  return presenceResult(data, p, present, p.fill ?? 'gaussian', root, p.rate);
}
