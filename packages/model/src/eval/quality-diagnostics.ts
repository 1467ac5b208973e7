/**
 * Quality diagnostics (issue 9): how well estimated quality q tracks the true quality of the
 * corruption (1 - r, 0 when missing).
 */
import { spearman, rocAuc } from '@umq/metrics';

/** Diagnostics of estimated vs true quality; null where a figure is undefined (e.g. no missing slot). */
export interface QualityDiagnostics {
  /** Spearman correlation of q with the true quality over all sample-modality slots. */
  spearman: number | null;
  /** ROC AUC of q separating present (true quality > 0) from missing slots. */
  aucPresentVsMissing: number | null;
  /** ROC AUC of q separating clean (true quality 1) from noisy (0 < true quality < 1) slots. */
  aucCleanVsNoisy: number | null;
  /** Mean q of clean, noisy and missing slots. */
  meanQClean: number | null;
  /** Mean q of noisy slots. */
  meanQNoisy: number | null;
  /** Mean q of missing slots. */
  meanQMissing: number | null;
  /** Mean q per modality. */
  meanQPerModality: number[];
}

function mean(a: number[]): number | null {
  return a.length ? a.reduce((s, x) => s + x, 0) / a.length : null;
}

/**
 * Compares estimated quality with the true quality, per sample-modality slot.
 *
 * @example
 * ```ts
 * qualityDiagnostics([Float32Array.from([0.9, 0.1])], [Float32Array.from([1, 0])]).aucPresentVsMissing; // 1
 * ```
 */
export function qualityDiagnostics(estimated: Float32Array[], truth: Float32Array[]): QualityDiagnostics {
  const q: number[] = [];
  const t: number[] = [];
  estimated.forEach((e, m) => e.forEach((v, i) => (q.push(v), t.push(truth[m][i]))));
  const eps = 1e-6;
  const isMissing = t.map((v) => v <= eps);
  const isClean = t.map((v) => v >= 1 - eps);
  const sel = (pred: (i: number) => boolean) => q.filter((_, i) => pred(i));
  const auc = (pos: (i: number) => boolean, neg: (i: number) => boolean): number | null => {
    const scores: number[] = [];
    const labels: number[] = [];
    q.forEach((v, i) => {
      if (pos(i)) (scores.push(v), labels.push(1));
      else if (neg(i)) (scores.push(v), labels.push(0));
    });
    return labels.includes(0) && labels.includes(1) ? rocAuc(scores, labels) : null;
  };
  const constant = t.every((v) => v === t[0]) || q.every((v) => v === q[0]);
  return {
    spearman: constant ? null : spearman(q, t),
    aucPresentVsMissing: auc((i) => !isMissing[i], (i) => isMissing[i]),
    aucCleanVsNoisy: auc((i) => isClean[i], (i) => !isClean[i] && !isMissing[i]),
    meanQClean: mean(sel((i) => isClean[i])),
    meanQNoisy: mean(sel((i) => !isClean[i] && !isMissing[i])),
    meanQMissing: mean(sel((i) => isMissing[i])),
    meanQPerModality: estimated.map((e) => mean(Array.from(e)) ?? 0),
  };
}
