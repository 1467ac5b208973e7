/** Summaries over seeds: mean, sample standard deviation, the seeds used, and formatting. */
import { MetricsError } from './errors';
import { describe } from './validate';

/** One run's value of a metric, tagged with its seed. */
export interface SeedValue {
  /** The run seed. */
  seed: number;
  /** The metric value of that run. */
  value: number;
}

/** Values by seed: `{seed, value}` pairs, or a record `{ [seed]: value }`. */
export type ValuesBySeed = readonly SeedValue[] | Readonly<Record<string | number, number>>;

/** Result of {@link aggregate}. */
export interface Aggregate {
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (divisor n - 1, `np.std(ddof=1)`); 0 when n = 1. */
  std: number;
  /** Number of seeds. */
  n: number;
  /** The seeds, in input order (record: ascending integer keys first, JS key order). */
  seeds: number[];
}

/**
 * Mean and sample standard deviation of one metric over seeds (the spec: every reported
 * figure is mean ± std with the seeds listed). With a single seed `std` is 0, not NaN:
 * read `n` before quoting a spread.
 *
 * @throws MetricsError on no values, a duplicate or non-numeric seed, or a non-finite value
 * @example
 * ```ts
 * import { aggregate } from '@umq/metrics';
 * aggregate([{ seed: 0, value: 74 }, { seed: 1, value: 75 }, { seed: 2, value: 76 }]);
 * // { mean: 75, std: 1, n: 3, seeds: [0, 1, 2] }
 * aggregate({ 0: 74, 1: 76 }).mean; // 75
 * ```
 */
export function aggregate(valuesBySeed: ValuesBySeed): Aggregate {
  const pairs = toSeedValues('aggregate', 'valuesBySeed', valuesBySeed);
  return meanStd(pairs.map((p) => p.value), pairs.map((p) => p.seed));
}

/** One run of many metrics, as rows of results.json. */
export interface RunMetrics {
  /** The run seed. */
  seed: number;
  /** Metric name -> value; `null` marks a metric undefined in that run (e.g. corr of a constant). */
  metrics: Readonly<Record<string, number | null>>;
}

/** Per-metric summary of {@link summarizeMetrics}. */
export interface MetricSummary {
  /** Mean over the seeds with a value; `null` when no seed has one. */
  mean: number | null;
  /** Sample std (n - 1), 0 when n = 1, `null` when n = 0. */
  std: number | null;
  /** Number of seeds that contributed. */
  n: number;
  /** The seeds that contributed. */
  seeds: number[];
  /** Seeds where the metric was `null` or absent (left out of mean and std). */
  nullSeeds: number[];
}

/** Options of {@link summarizeMetrics}. */
export interface SummarizeOptions {
  /**
   * What a `null` (or absent) metric in a run does: `'skip'` (default) leaves that seed out of
   * that metric and lists it in `nullSeeds`; `'error'` throws a MetricsError naming it.
   */
  nulls?: 'skip' | 'error';
}

/**
 * Summarises many metrics over seeds at once: `{ metricName: {mean, std, n, seeds, nullSeeds} }`
 * over the union of metric names, in first-seen order.
 *
 * @example
 * ```ts
 * import { summarizeMetrics } from '@umq/metrics';
 * const s = summarizeMetrics([
 *   { seed: 1, metrics: { acc2: 0.80, corr: 0.7 } },
 *   { seed: 2, metrics: { acc2: 0.82, corr: null } },
 * ]);
 * s.acc2; // { mean: 0.81, std: 0.0141, n: 2, seeds: [1, 2], nullSeeds: [] }
 * s.corr; // { mean: 0.7, std: 0, n: 1, seeds: [1], nullSeeds: [2] }
 * ```
 */
export function summarizeMetrics(
  runs: readonly RunMetrics[],
  options: SummarizeOptions = {},
): Record<string, MetricSummary> {
  const fn = 'summarizeMetrics';
  const nulls = options.nulls ?? 'skip';
  if (nulls !== 'skip' && nulls !== 'error') {
    throw new MetricsError(`${fn}: \`nulls\` must be 'skip' or 'error', got ${JSON.stringify(nulls)}.`);
  }
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new MetricsError(`${fn}: \`runs\` must be a non-empty array of {seed, metrics}, got ${describe(runs)}.`);
  }
  const seen = new Set<number>();
  const names: string[] = [];
  runs.forEach((r, i) => {
    checkSeed(fn, `runs[${i}].seed`, r?.seed, seen);
    if (r.metrics == null || typeof r.metrics !== 'object') {
      throw new MetricsError(`${fn}: \`runs[${i}].metrics\` must be an object of metric values.`);
    }
    for (const k of Object.keys(r.metrics)) if (!names.includes(k)) names.push(k);
  });
  const out: Record<string, MetricSummary> = {};
  for (const name of names) {
    const vals: number[] = [];
    const seeds: number[] = [];
    const nullSeeds: number[] = [];
    runs.forEach((r, i) => {
      const v = r.metrics[name];
      if (v === null || v === undefined) {
        if (nulls === 'error') {
          throw new MetricsError(
            `${fn}: metric '${name}' is ${String(v)} for seed ${r.seed}; pass { nulls: 'skip' } ` +
              'to leave such seeds out, or fix that run.',
          );
        }
        nullSeeds.push(r.seed);
      } else {
        checkValue(fn, `runs[${i}].metrics.${name}`, v);
        vals.push(v);
        seeds.push(r.seed);
      }
    });
    out[name] =
      vals.length === 0
        ? { mean: null, std: null, n: 0, seeds, nullSeeds }
        : { ...meanStd(vals, seeds), nullSeeds };
  }
  return out;
}

/**
 * Formats `mean ± std` with `digits` decimals, e.g. `'74.5±1.1'`. Scale first if you want
 * percentages (`formatMeanStd(100 * m, 100 * s)`). A `null` mean (metric undefined on every
 * seed) gives `'n/a'`; a `null` std gives the mean alone. `-0.0` is printed as `0.0`.
 *
 * @param digits decimals, integer in [0, 20], default 1
 * @example
 * ```ts
 * import { formatMeanStd } from '@umq/metrics';
 * formatMeanStd(74.52, 1.06);    // '74.5±1.1'
 * formatMeanStd(0.8123, 0.004, 3); // '0.812±0.004'
 * ```
 */
export function formatMeanStd(mean: number | null, std: number | null, digits = 1): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new MetricsError(`formatMeanStd: \`digits\` must be an integer in [0, 20], got ${String(digits)}.`);
  }
  if (mean === null) return 'n/a';
  checkValue('formatMeanStd', 'mean', mean);
  const f = (x: number): string => {
    const s = x.toFixed(digits);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  };
  if (std === null) return f(mean);
  checkValue('formatMeanStd', 'std', std);
  if (std < 0) throw new MetricsError(`formatMeanStd: \`std\` must be >= 0, got ${std}.`);
  return `${f(mean)}±${f(std)}`;
}

// ------------------------------------------------------------------------------ internals

/** Mean and sample std (two-pass) of validated values. */
export function meanStd(vals: readonly number[], seeds: number[]): Aggregate {
  const n = vals.length;
  let s = 0;
  for (const v of vals) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of vals) ss += (v - mean) * (v - mean);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n, seeds };
}

/** Normalises `{seed, value}[]` or a record into validated pairs (unique numeric seeds). */
export function toSeedValues(fn: string, name: string, input: ValuesBySeed): SeedValue[] {
  if (input == null || typeof input !== 'object') {
    throw new MetricsError(`${fn}: \`${name}\` must be {seed, value}[] or a record {seed: value}, got ${describe(input)}.`);
  }
  const raw: Array<{ seed: unknown; value: unknown; where: string }> = Array.isArray(input)
    ? (input as SeedValue[]).map((p, i) => ({ seed: p?.seed, value: p?.value, where: `${name}[${i}]` }))
    : Object.entries(input).map(([k, v]) => ({
        seed: k.trim() === '' ? NaN : Number(k),
        value: v,
        where: `${name}['${k}']`,
      }));
  if (raw.length === 0) throw new MetricsError(`${fn}: \`${name}\` is empty; pass at least one seed's value.`);
  const seen = new Set<number>();
  return raw.map(({ seed, value, where }) => {
    checkSeed(fn, `${where}.seed`, seed, seen);
    checkValue(fn, `${where}.value`, value);
    return { seed: seed as number, value: value as number };
  });
}

function checkSeed(fn: string, where: string, seed: unknown, seen: Set<number>): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new MetricsError(`${fn}: \`${where}\` is ${describe(seed)}; seeds must be finite numbers.`);
  }
  if (seen.has(seed)) {
    throw new MetricsError(`${fn}: seed ${seed} appears twice (at \`${where}\`); give each run its own seed.`);
  }
  seen.add(seed);
}

function checkValue(fn: string, where: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new MetricsError(`${fn}: \`${where}\` is ${describe(v)}; expected a finite number.`);
  }
}
