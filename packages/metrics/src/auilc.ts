/** Area under an indicator-vs-corruption-rate curve (CIDer Eq 31). */
import { MetricsError } from './errors';
import { pairOfArrays, type NumberArray } from './validate';

/** Options of {@link auilc}. */
export interface AuilcOptions {
  /**
   * Divide the area by the rate span `p_t - p_0`, giving the curve's mean height in the
   * metric's own unit (comparable across rate grids). Default `false` (CIDer Eq 31 as printed).
   */
  normalize?: boolean;
}

/**
 * AUILC, CIDer Eq 31: the trapezoid area under a metric-vs-rate curve,
 * `Σ_i (v_i + v_{i+1}) / 2 · (p_{i+1} - p_i)` over rates `p_0 < p_1 < ... < p_t`.
 *
 * @param rates corruption rates, strictly increasing, at least two
 * @param values the metric at each rate (e.g. accuracy), same length
 * @throws MetricsError if the rates are not strictly increasing (index named), fewer than two
 *   points, lengths differ, or a value is not finite
 * @example
 * ```ts
 * import { auilc } from '@umq/metrics';
 * auilc([0, 0.5, 1], [80, 60, 40]);                      // 60
 * auilc([0, 0.5, 1], [80, 60, 40], { normalize: true }); // 60 / 1 = 60
 * auilc([0.1, 0.3], [70, 50], { normalize: true });      // 60
 * ```
 */
export function auilc(rates: NumberArray, values: NumberArray, options: AuilcOptions = {}): number {
  const [p, v] = pairOfArrays('auilc', 'rates', rates, 'values', values);
  if (p.length < 2) {
    throw new MetricsError(`auilc: needs at least 2 (rate, value) points to form an area, got ${p.length}.`);
  }
  let area = 0;
  for (let i = 0; i + 1 < p.length; i++) {
    if (!(p[i + 1] > p[i])) {
      throw new MetricsError(
        `auilc: rates must be strictly increasing, but rates[${i + 1}] = ${p[i + 1]} <= ` +
          `rates[${i}] = ${p[i]}; sort the points by rate and merge duplicates.`,
      );
    }
    area += ((v[i] + v[i + 1]) / 2) * (p[i + 1] - p[i]);
  }
  return options.normalize ? area / (p[p.length - 1] - p[0]) : area;
}
