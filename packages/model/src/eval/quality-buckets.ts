/**
 * Accuracy by true-quality bucket (issue 19): each test sample is placed by the mean true
 * quality of its modalities (1 - r for a noisy modality, 0 for a missing one, 1 when clean), and
 * each bucket counts the samples and the correct predictions of the task's headline metric.
 * Counts (not rates) are stored so buckets can be pooled over settings and seeds.
 */
import type { TaskType } from '@umq/core';
import { primaryMetric } from './task-metrics';

/** Samples and correct predictions per true-quality bucket of one run. */
export interface QualityBuckets {
  /** What `correct` counts: the task's headline metric (`'accuracy'`, or `'acc2Non0'` for regression). */
  metric: string;
  /** Bucket edges on the mean true quality: bucket b holds [edges[b], edges[b + 1]), the last also 1. */
  edges: number[];
  /** Samples per bucket (regression: samples with a non-zero label, as acc2Non0 counts them). */
  count: number[];
  /** Correct predictions per bucket. */
  correct: number[];
}

/**
 * Counts samples and correct predictions per bucket of mean true quality.
 *
 * @param task the task (binary: logit > 0; multiclass: argmax; regression: sign agreement on non-zero labels).
 * @param logits `[N, outDim]` row-major.
 * @param outDim logits per sample.
 * @param labels `[N]`.
 * @param truth the true quality per modality, each `[N]` in [0, 1] (from the corruption).
 * @param buckets number of equal-width buckets on [0, 1]. Default 5.
 * @example
 * ```ts
 * const b = qualityBuckets('binary', Float32Array.from([2, -1]), 1, Float32Array.from([1, 1]), [Float32Array.from([1, 0])]);
 * // b.count = [1, 0, 0, 0, 1], b.correct = [0, 0, 0, 0, 1]
 * ```
 */
export function qualityBuckets(task: TaskType, logits: Float32Array, outDim: number, labels: Float32Array, truth: readonly Float32Array[], buckets = 5): QualityBuckets {
  const n = labels.length;
  const edges = Array.from({ length: buckets + 1 }, (_, b) => b / buckets);
  const count = new Array<number>(buckets).fill(0);
  const correct = new Array<number>(buckets).fill(0);
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (const t of truth) q += t[i];
    q /= Math.max(1, truth.length);
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(q * buckets + 1e-9)));
    const y = labels[i];
    let hit: boolean;
    if (task === 'binary') hit = (logits[i] > 0 ? 1 : 0) === y;
    else if (task === 'multiclass') {
      let best = 0;
      for (let c = 1; c < outDim; c++) if (logits[i * outDim + c] > logits[i * outDim + best]) best = c;
      hit = best === y;
    } else {
      if (y === 0) continue;
      hit = logits[i * outDim] > 0 === y > 0;
    }
    count[b] += 1;
    if (hit) correct[b] += 1;
  }
  return { metric: primaryMetric(task), edges, count, correct };
}
