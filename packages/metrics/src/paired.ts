/** Seed-paired comparison of two methods (diagnostics for issue 9). */
import { MetricsError } from './errors';
import { meanStd, toSeedValues, type ValuesBySeed } from './aggregate';
import { finiteArray } from './validate';

/** Result of {@link pairedDifference}. */
export interface PairedDifference {
  /** Mean of the differences `a - b`. */
  mean: number;
  /** Sample std of the differences (n - 1); 0 when n = 1. */
  std: number;
  /** Number of pairs. */
  n: number;
  /** Pairs with `a > b`. */
  wins: number;
  /** Pairs with `a < b`. */
  losses: number;
  /** Pairs with `a === b`. */
  ties: number;
  /** The differences `a - b`, in the order of `seeds` (or of the input arrays). */
  differences: number[];
  /** The seeds of the pairs; `null` when plain arrays were paired by position. */
  seeds: number[] | null;
}

/**
 * Differences `a - b` of two methods run on the same seeds, with their mean, sample std and
 * win / loss / tie counts. Pairs by seed when given `{seed, value}[]` or records (both must
 * hold exactly the same seeds; the order follows `a`), or by position for plain number arrays.
 *
 * @param a the metric of method A per seed (higher is "a win" for A)
 * @param b the metric of method B per seed
 * @throws MetricsError when the seed sets differ, lengths differ, or a value is not finite
 * @example
 * ```ts
 * import { pairedDifference } from '@umq/metrics';
 * pairedDifference({ 1: 80, 2: 82, 3: 79 }, { 1: 78, 2: 82, 3: 80 });
 * // { mean: 0.333, std: 1.528, n: 3, wins: 1, losses: 1, ties: 1, differences: [2, 0, -1], seeds: [1, 2, 3] }
 * ```
 */
export function pairedDifference(
  a: ValuesBySeed | ArrayLike<number>,
  b: ValuesBySeed | ArrayLike<number>,
): PairedDifference {
  const fn = 'pairedDifference';
  let d: number[];
  let seeds: number[] | null;
  if (isNumberList(a) && isNumberList(b)) {
    const x = finiteArray(fn, 'a', a);
    const y = finiteArray(fn, 'b', b);
    if (x.length !== y.length) {
      throw new MetricsError(`${fn}: \`a\` has ${x.length} values but \`b\` has ${y.length}; pair them run by run.`);
    }
    d = x.map((v, i) => v - y[i]);
    seeds = null;
  } else if (!isNumberList(a) && !isNumberList(b)) {
    const pa = toSeedValues(fn, 'a', a);
    const pb = new Map(toSeedValues(fn, 'b', b).map((p) => [p.seed, p.value]));
    const missing = pa.filter((p) => !pb.has(p.seed)).map((p) => p.seed);
    if (missing.length > 0 || pb.size !== pa.length) {
      const onlyB = [...pb.keys()].filter((s) => !pa.some((p) => p.seed === s));
      throw new MetricsError(
        `${fn}: \`a\` and \`b\` must hold the same seeds; only in a: [${missing.join(', ')}], ` +
          `only in b: [${onlyB.join(', ')}].`,
      );
    }
    d = pa.map((p) => p.value - (pb.get(p.seed) as number));
    seeds = pa.map((p) => p.seed);
  } else {
    throw new MetricsError(
      `${fn}: pass both \`a\` and \`b\` as plain number arrays (paired by position) or both ` +
        'keyed by seed ({seed, value}[] or records), not one of each.',
    );
  }
  const { mean, std, n } = meanStd(d, []);
  let wins = 0;
  let losses = 0;
  for (const v of d) {
    if (v > 0) wins++;
    else if (v < 0) losses++;
  }
  return { mean, std, n, wins, losses, ties: n - wins - losses, differences: d, seeds };
}

function isNumberList(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x)) return true;
  return Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number' || x[0] === null || Number.isNaN(x[0]));
}
