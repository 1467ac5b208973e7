/**
 * CIDer's modality-level missing types: RMM (each modality missing with probability r) and
 * SMM (a fixed subset of modalities kept in every sample), with the SMM pattern list.
 */
import { OptionError, type ModalityArray, type Rng } from '@umq/core';
import { presenceResult } from './missing';
import type { CiderProtocol, CorruptionResult, SmmProtocol } from './protocol';

/**
 * Every SMM pattern for `numModalities` modalities: the 2^M - 2 non-empty proper subsets of
 * kept modalities, by size and then lexicographically. For M = 3 (L, A, V):
 * `[[0], [1], [2], [0, 1], [0, 2], [1, 2]]`, CIDer's {L}, {A}, {V}, {L,A}, {L,V}, {A,V}.
 *
 * @param numModalities - M >= 2
 * @example
 * ```ts
 * smmPatterns(3); // [[0], [1], [2], [0, 1], [0, 2], [1, 2]]
 * applyCorruption(data, { kind: 'smm', pattern: 3 }, 1); // keeps modalities 0 and 1
 * ```
 */
export function smmPatterns(numModalities: number): number[][] {
  if (!Number.isInteger(numModalities) || numModalities < 2 || numModalities > 20) {
    throw new OptionError(`smmPatterns needs an integer number of modalities in [2, 20], got ${numModalities}`);
  }
  const out: number[][] = [];
  const full = 2 ** numModalities - 1;
  for (let bits = 1; bits < full; bits++) {
    const set: number[] = [];
    for (let m = 0; m < numModalities; m++) if (bits & (1 << m)) set.push(m);
    out.push(set);
  }
  return out.sort((a, b) => {
    if (a.length !== b.length) return a.length - b.length;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return 0;
  });
}

/** The kept modalities of an SMM protocol (resolving `pattern`). */
export function smmKept(p: SmmProtocol, numModalities: number): number[] {
  if (p.kept !== undefined) return [...p.kept].sort((a, b) => a - b);
  return smmPatterns(numModalities)[p.pattern as number];
}

/** Per-sample rates: the fixed rate, or r ~ U(0, 1) per sample in `'train'` mode. */
export function sampleRates(n: number, p: CiderProtocol, plan: Rng): Float32Array | null {
  if (p.mode !== 'train') return null;
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) r[i] = plan.uniform();
  return r;
}

/** RMM: each whole modality of each sample missing with probability r, independently (may drop all). */
export function rmm(data: readonly ModalityArray[], p: CiderProtocol, root: Rng): CorruptionResult {
  const n = data[0].n;
  const plan = root.fork('plan');
  const rates = sampleRates(n, p, plan);
  const present = data.map(() => new Uint8Array(n).fill(1));
  for (let i = 0; i < n; i++) {
    const r = rates ? rates[i] : (p.rate as number);
    for (let m = 0; m < data.length; m++) if (plan.uniform() < r) present[m][i] = 0;
  }
  return presenceResult(data, p, present, p.fill ?? 'zeros', root, p.mode === 'train' ? null : (p.rate as number), rates ? { sampleRate: rates } : {});
}

/** SMM: the same modalities kept in every sample, the others missing. */
export function smm(data: readonly ModalityArray[], p: SmmProtocol, root: Rng): CorruptionResult {
  const n = data[0].n;
  const kept = new Set(smmKept(p, data.length));
  const present = data.map((_, m) => new Uint8Array(n).fill(kept.has(m) ? 1 : 0));
  return presenceResult(data, p, present, p.fill ?? 'zeros', root, null);
}
