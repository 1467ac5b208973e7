/**
 * What the step-runner tests (encoder workers, data parallel) share: a small data set with
 * sequence and vector modalities, and the comparisons of two training runs.
 */
import { expect } from 'vitest';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import type { TrainResult } from '../src/train/epoch-record';

/** Two sequence modalities and a vector one: the workers must batch both kinds like batches() does. */
export const runnerDataset = makeSynthetic({
  samples: 90, seed: 3,
  modalities: [
    { name: 'a', dim: 6, kind: 'sequence', seqLen: 5, informativeness: 1, noise: 1 },
    { name: 'b', dim: 4, kind: 'sequence', seqLen: 4, informativeness: 0.5, noise: 1 },
    { name: 'c', dim: 3, informativeness: 0.5, noise: 1 },
  ],
});

const arrays = (name: 'train' | 'valid') => {
  const a = splitArrays(runnerDataset, name);
  return { features: a.features, labels: a.labels };
};

/** The training split. */
export const trainSplit = arrays('train');

/** What `train()` takes. */
export const runnerData = { train: () => trainSplit, valid: arrays('valid') };

/** Largest ‖a - b‖ / ‖a‖ over the state entries (entries must match). */
export function maxRelativeDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  let worst = 0;
  for (const k of Object.keys(a)) {
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < a[k].length; i++) {
      diff += (a[k][i] - b[k][i]) ** 2;
      norm += a[k][i] ** 2;
    }
    worst = Math.max(worst, Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-6));
  }
  return worst;
}

/**
 * The weights without the key biases of attention (the key third of each transformer's input
 * bias, the enhancer's key projection bias): softmax ignores a constant added to every score of
 * a query, so such a bias has a gradient of exactly zero in exact arithmetic, and AdamW turns
 * its float rounding noise (which differs when a sum is taken in another order, as a split of
 * the rows does) into steps of about the learning rate.
 */
export function withoutKeyBias(w: Record<string, Float32Array>, d = 8): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, k.endsWith('selfAttn.inProj.bias') ? Float32Array.from(v, (x, i) => (i >= d && i < 2 * d ? 0 : x)) : k.endsWith('keyProj.bias') ? new Float32Array(v.length) : v]));
}

/** Two runs agree: per-epoch training terms (all but `skip`), validation loss and gradient norm within `tol` relative. */
export function expectSameRun(a: TrainResult, b: TrainResult, tol = 1e-4, skip: ReadonlySet<string> = new Set()): void {
  expect(b.history.length).toBe(a.history.length);
  a.history.forEach((ra, e) => {
    const rb = b.history[e];
    expect(Object.keys(rb.train).sort()).toEqual(Object.keys(ra.train).sort());
    for (const k of Object.keys(ra.train).filter((t) => !skip.has(t))) expect(Math.abs(rb.train[k] - ra.train[k]), `epoch ${e} ${k}`).toBeLessThanOrEqual(tol * Math.max(Math.abs(ra.train[k]), 1e-3));
    expect(Math.abs(rb.validLoss! - ra.validLoss!)).toBeLessThanOrEqual(tol * Math.abs(ra.validLoss!));
    if (ra.gradNorm !== undefined) expect(Math.abs(rb.gradNorm! - ra.gradNorm)).toBeLessThanOrEqual(tol * ra.gradNorm);
  });
}
