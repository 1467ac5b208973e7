/**
 * CH-SIMS metrics (labels in [-1, 1]), following MMSA's `__eval_sims_regression`.
 */
import { clip } from './rounding';
import { perClass, weighted } from './f1';
import { pearsonUnchecked } from './correlation';
import { agreement } from './regression';
import { pairOfArrays, type NumberArray } from './validate';

/** Result of {@link simsMetrics}; accuracies and F1 are fractions in [0, 1]. */
export interface SimsMetrics {
  /** 2 classes: [-1, 0] negative, (0, 1] positive (a label of exactly 0 is negative). */
  acc2: number;
  /** 3 classes: [-1, -0.1], (-0.1, 0.1], (0.1, 1]. */
  acc3: number;
  /** 5 classes: [-1, -0.7], (-0.7, -0.1], (-0.1, 0.1], (0.1, 0.7], (0.7, 1]. */
  acc5: number;
  /** Weighted F1 over the 2-class split, true labels first. */
  f1: number;
  /** Mean absolute error after clipping both arrays to [-1, 1] (MMSA clips first). */
  mae: number;
  /** Pearson correlation after clipping; `null` if either clipped input is constant. */
  corr: number | null;
  /** Number of samples. */
  n: number;
}

/**
 * Class edges of the SIMS splits (the spec's {-1,0,1}, {-1,-0.1,0.1,1}, {-1,-0.7,-0.1,0.1,0.7,1}).
 *
 * @example
 * ```ts
 * simsClass(0.05, SIMS_EDGES.acc3); // 1 (neutral)
 * SIMS_EDGES.acc5.length - 1; // 5 classes
 * ```
 */
export const SIMS_EDGES = {
  /** Two classes: negative [-1, 0], positive (0, 1]. */
  acc2: [-1, 0, 1],
  /** Three classes: negative, neutral (-0.1, 0.1], positive. */
  acc3: [-1, -0.1, 0.1, 1],
  /** Five classes: strongly/weakly negative, neutral, weakly/strongly positive. */
  acc5: [-1, -0.7, -0.1, 0.1, 0.7, 1],
} as const;

/**
 * Class index of a SIMS score (already clipped to [-1, 1]) for the given edges
 * `e_0 = -1 < e_1 < ... < e_K = 1`: class k is the left-open, right-closed interval
 * `(e_k, e_{k+1}]`, except the first class, which is closed at -1: `[-1, e_1]`. This is
 * MMSA's digitising (its lowest edge is -1.01).
 *
 * @example
 * ```ts
 * import { simsClass, SIMS_EDGES } from '@umq/metrics';
 * simsClass(-0.1, SIMS_EDGES.acc3); // 0: -0.1 closes the first class [-1, -0.1]
 * simsClass(0.1, SIMS_EDGES.acc3);  // 1: (-0.1, 0.1]
 * simsClass(-1, SIMS_EDGES.acc5);   // 0
 * ```
 */
export function simsClass(x: number, edges: readonly number[]): number {
  for (let k = 1; k < edges.length - 1; k++) if (x <= edges[k]) return k - 1;
  return edges.length - 2;
}

/**
 * All CH-SIMS metrics at once: both arrays are clipped to [-1, 1], then digitised by
 * {@link simsClass} for Acc2 / Acc3 / Acc5 and F1 (weighted, 2 classes); MAE and Corr are
 * computed on the clipped values (MMSA).
 *
 * @param yTrue true scores (finite, normally in [-1, 1])
 * @param yPred predicted scores, same length
 * @throws MetricsError on empty input, length mismatch or a non-finite value
 * @example
 * ```ts
 * import { simsMetrics } from '@umq/metrics';
 * const m = simsMetrics([-0.8, 0, 0.2, 1], [-0.6, 0.05, 0.1, 1.3]);
 * m.acc2; // 0.75 (0 is negative, 0.05 positive)
 * m.acc5; // 0.5
 * ```
 */
export function simsMetrics(yTrue: NumberArray, yPred: NumberArray): SimsMetrics {
  const [t0, p0] = pairOfArrays('simsMetrics', 'yTrue', yTrue, 'yPred', yPred);
  const t = t0.map((v) => clip(v, -1, 1));
  const p = p0.map((v) => clip(v, -1, 1));
  const dig = (a: number[], e: readonly number[]): number[] => a.map((v) => simsClass(v, e));
  const t2 = dig(t, SIMS_EDGES.acc2);
  const p2 = dig(p, SIMS_EDGES.acc2);
  let abs = 0;
  for (let i = 0; i < t.length; i++) abs += Math.abs(p[i] - t[i]);
  return {
    acc2: agreement(t2, p2),
    acc3: agreement(dig(t, SIMS_EDGES.acc3), dig(p, SIMS_EDGES.acc3)),
    acc5: agreement(dig(t, SIMS_EDGES.acc5), dig(p, SIMS_EDGES.acc5)),
    f1: weighted(perClass('simsMetrics', t2, p2)),
    mae: abs / t.length,
    corr: pearsonUnchecked(p, t),
    n: t.length,
  };
}
