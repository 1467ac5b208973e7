/**
 * Sentiment-regression metrics for CMU-MOSI / CMU-MOSEI (labels in [-3, 3]), following
 * MMSA's `__eval_mosei_regression` (the convention the UMQ and CIDer papers report).
 */
import { clip, roundHalfEven } from './rounding';
import { perClass, weighted } from './f1';
import { pearsonUnchecked } from './correlation';
import { pairOfArrays, type NumberArray } from './validate';

/** Result of {@link regressionMetrics}. Accuracies and F1 are fractions in [0, 1]. */
export interface RegressionMetrics {
  /** 7-class accuracy: `round(clip(ŷ,-3,3)) == round(clip(y,-3,3))`, round half to even. */
  acc7: number;
  /** 5-class accuracy: the same on [-2, 2]. */
  acc5: number;
  /** 3-class accuracy: the same on [-1, 1] (MMSA reports it as Mult_acc_3). */
  acc3: number;
  /** Binary accuracy, "has0": (ŷ >= 0) vs (y >= 0) on all samples. */
  acc2Has0: number;
  /** Weighted F1 of the "has0" split, true labels first. */
  f1Has0: number;
  /**
   * Binary accuracy, "non0": (ŷ > 0) vs (y > 0) on the samples with y != 0 (UMQ B.3: neutral
   * segments ignored). `null` when every label is 0 (no sample left).
   */
  acc2Non0: number | null;
  /** Weighted F1 of the "non0" split; `null` when every label is 0. */
  f1Non0: number | null;
  /** Number of samples in the "non0" split (labels != 0). */
  nNon0: number;
  /** Mean absolute error on the unclipped values. */
  mae: number;
  /** Pearson correlation on the unclipped values; `null` if either input is constant or n = 1. */
  corr: number | null;
  /** Number of samples. */
  n: number;
}

/**
 * All MOSI / MOSEI regression metrics at once.
 *
 * Conventions (MMSA): Acc7/5/3 clip both arrays to [-3,3] / [-2,2] / [-1,1] and compare
 * `np.round` (ties to even: 2.5 -> 2, -0.5 -> -0 = 0); MAE and Corr use unclipped values;
 * F1 is `f1_score(y_true, y_pred, average='weighted')` over the two-class split (true labels
 * first). A split with a single class scores F1 as sklearn (zero_division = 0).
 *
 * @param yTrue true sentiment scores (finite, normally in [-3, 3])
 * @param yPred predicted scores, same length
 * @throws MetricsError on empty input, length mismatch or a non-finite value (index named)
 * @example
 * ```ts
 * import { regressionMetrics } from '@umq/metrics';
 * const m = regressionMetrics([-2.4, 0, 1.2, 3], [-1.4, -0.3, 0.8, 2.5]);
 * m.acc7;     // 0.5: -2 vs -1 wrong, 0 vs -0 right, 1 vs 1 right, 3 vs 2 (2.5 rounds to even) wrong
 * m.acc2Has0; // 0.75: the neutral label counts as positive, -0.3 as negative
 * m.acc2Non0; // 1: the neutral sample is left out
 * ```
 */
export function regressionMetrics(yTrue: NumberArray, yPred: NumberArray): RegressionMetrics {
  const [t, p] = pairOfArrays('regressionMetrics', 'yTrue', yTrue, 'yPred', yPred);
  const n = t.length;
  const accK = (lim: number): number => {
    let hit = 0;
    for (let i = 0; i < n; i++) {
      if (roundHalfEven(clip(p[i], -lim, lim)) === roundHalfEven(clip(t[i], -lim, lim))) hit++;
    }
    return hit / n;
  };

  // "has0": y >= 0 is positive, all samples.
  const tH = t.map((v) => (v >= 0 ? 1 : 0));
  const pH = p.map((v) => (v >= 0 ? 1 : 0));
  // "non0": y > 0 is positive, samples with y != 0 only.
  const tN: number[] = [];
  const pN: number[] = [];
  for (let i = 0; i < n; i++) {
    if (t[i] !== 0) {
      tN.push(t[i] > 0 ? 1 : 0);
      pN.push(p[i] > 0 ? 1 : 0);
    }
  }

  let abs = 0;
  for (let i = 0; i < n; i++) abs += Math.abs(p[i] - t[i]);

  return {
    acc7: accK(3),
    acc5: accK(2),
    acc3: accK(1),
    acc2Has0: agreement(tH, pH),
    f1Has0: weighted(perClass('regressionMetrics', tH, pH)),
    acc2Non0: tN.length === 0 ? null : agreement(tN, pN),
    f1Non0: tN.length === 0 ? null : weighted(perClass('regressionMetrics', tN, pN)),
    nNon0: tN.length,
    mae: abs / n,
    corr: pearsonUnchecked(p, t),
    n,
  };
}

/** Fraction of equal entries (arrays validated by the caller). */
export function agreement(a: readonly number[], b: readonly number[]): number {
  let hit = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hit++;
  return hit / a.length;
}
