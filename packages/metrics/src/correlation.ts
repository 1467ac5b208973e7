/**
 * Correlation coefficients for diagnostics (issue 9): Pearson and Spearman, with ties handled
 * by average ranks as `scipy.stats.spearmanr`.
 */
import { pairOfArrays, type NumberArray } from './validate';
import { MetricsError } from './errors';

/**
 * Pearson correlation of two paired samples (`np.corrcoef(a, b)[0, 1]`), clipped to [-1, 1].
 * Returns `null` when it is undefined: either input constant (zero variance). numpy would
 * return NaN there, or a meaningless ~1e-17 when the float mean of a constant array is off by
 * one ulp. At least two samples are required.
 *
 * @example
 * ```ts
 * import { pearson } from '@umq/metrics';
 * pearson([1, 2, 3, 4], [2, 4, 5, 9]); // 0.9648
 * pearson([1, 1, 1], [1, 2, 3]);       // null (constant input)
 * ```
 */
export function pearson(a: NumberArray, b: NumberArray): number | null {
  const [x, y] = pairOfArrays('pearson', 'a', a, 'b', b);
  requireTwo('pearson', x.length);
  return pearsonUnchecked(x, y);
}

/**
 * Spearman rank correlation: Pearson of the ranks, tied values getting the average of their
 * ranks (`scipy.stats.spearmanr(a, b).correlation`). `null` when either input is constant.
 *
 * @example
 * ```ts
 * import { spearman } from '@umq/metrics';
 * spearman([1, 2, 2, 3], [10, 20, 30, 40]); // 0.9487
 * ```
 */
export function spearman(a: NumberArray, b: NumberArray): number | null {
  const [x, y] = pairOfArrays('spearman', 'a', a, 'b', b);
  requireTwo('spearman', x.length);
  return pearsonUnchecked(averageRanks(x), averageRanks(y));
}

/**
 * 1-based ranks with ties given their average rank (`scipy.stats.rankdata(method='average')`).
 *
 * @example
 * ```ts
 * import { averageRanks } from '@umq/metrics';
 * averageRanks([10, 20, 20, 5]); // [2, 3.5, 3.5, 1]
 * ```
 */
export function averageRanks(values: readonly number[]): number[] {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1; // average of ranks i+1 .. j+1
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson on validated, equal-length arrays; null for a constant input. */
export function pearsonUnchecked(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (isConstant(x) || isConstant(y)) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = sxy / Math.sqrt(sxx) / Math.sqrt(syy); // as np.corrcoef divides by each std
  return Math.max(-1, Math.min(1, r));
}

function isConstant(a: readonly number[]): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return false;
  return true;
}

function requireTwo(fn: string, n: number): void {
  if (n < 2) {
    throw new MetricsError(`${fn}: needs at least 2 paired samples to define a correlation, got ${n}.`);
  }
}
