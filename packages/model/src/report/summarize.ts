/**
 * Summaries of result rows over seeds: mean, std, n and seeds per (model, variant, protocol,
 * rate, metric), plus seed-paired differences between models.
 */
import { summarizeMetrics, pairedDifference, type MetricSummary } from '@umq/metrics';
import type { ResultRow } from '../eval/run-experiment';

/** One summarised cell. */
export interface SummaryEntry {
  /** Model name. */
  model: string;
  /** Variant (ablation or search label). */
  variant: string;
  /** Protocol name. */
  protocol: string;
  /** Protocol rate, or null. */
  rate: number | null;
  /** Metric name -> mean, std, n, seeds. */
  metrics: Record<string, MetricSummary>;
  /** Mean quality diagnostics over seeds (when rows have them). */
  quality?: Record<string, number | null>;
  /** Mean realised corruption rate. */
  realisedRate: number | null;
  /** Mean seconds per run. */
  seconds: number;
}

/** The key of a row's cell. */
export function cellKey(r: { model: string; variant: string; protocol: string; rate: number | null }): string {
  return `${r.model}|${r.variant}|${r.protocol}|${r.rate ?? ''}`;
}

/**
 * The column label of a model and variant (`umq`, `umq[no-moe]`), as the report tables print it.
 *
 * @param model the row's model.
 * @param variant its variant (`default` and `full` print as the model alone).
 * @example
 * ```ts
 * columnLabel('umq', 'no-moe'); // 'umq[no-moe]'
 * columnLabel('late-fusion', 'default'); // 'late-fusion'
 * ```
 */
export function columnLabel(model: string, variant: string): string {
  return variant === 'default' || variant === 'full' ? model : `${model}[${variant}]`;
}

/**
 * The row label of a setting (`clean`, `noise 0.3`), as the report tables print it.
 *
 * @param protocol the row's protocol.
 * @param rate its rate, or null.
 * @example
 * ```ts
 * settingLabel('noise', 0.3); // 'noise 0.3'
 * settingLabel('hetero-mixed', null); // 'hetero-mixed'
 * ```
 */
export function settingLabel(protocol: string, rate: number | null): string {
  return rate === null ? protocol : `${protocol} ${rate}`;
}

function meanOf(xs: (number | null | undefined)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
}

/**
 * Groups rows by cell and summarises every metric over seeds.
 *
 * @example
 * ```ts
 * const summary = summarizeRows(rows); // one entry per model × variant × protocol × rate
 * ```
 */
export function summarizeRows(rows: readonly ResultRow[]): SummaryEntry[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const k = cellKey(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return [...groups.values()].map((g) => {
    const first = g[0];
    const entry: SummaryEntry = {
      model: first.model,
      variant: first.variant,
      protocol: first.protocol,
      rate: first.rate,
      metrics: summarizeMetrics(g.map((r) => ({ seed: r.seed, metrics: r.metrics }))),
      realisedRate: meanOf(g.map((r) => r.realisedRate)),
      seconds: meanOf(g.map((r) => r.seconds)) ?? 0,
    };
    if (g.some((r) => r.quality)) {
      const keys = ['spearman', 'aucPresentVsMissing', 'aucCleanVsNoisy', 'meanQClean', 'meanQNoisy', 'meanQMissing'] as const;
      entry.quality = Object.fromEntries(keys.map((k) => [k, meanOf(g.map((r) => r.quality?.[k]))]));
    }
    return entry;
  });
}

/** Seed-paired difference of `metric` between two columns in one setting, or null if unpaired. */
export function pairedCell(rows: readonly ResultRow[], a: { model: string; variant: string }, b: { model: string; variant: string }, protocol: string, rate: number | null, metric: string) {
  const pick = (c: { model: string; variant: string }) => new Map(rows.filter((r) => r.model === c.model && r.variant === c.variant && r.protocol === protocol && r.rate === rate).map((r) => [r.seed, r.metrics[metric]]));
  const ma = pick(a);
  const mb = pick(b);
  const seeds = [...ma.keys()].filter((s) => mb.has(s) && typeof ma.get(s) === 'number' && typeof mb.get(s) === 'number').sort((x, y) => x - y);
  if (seeds.length === 0) return null;
  return pairedDifference(seeds.map((s) => ma.get(s) as number), seeds.map((s) => mb.get(s) as number));
}
