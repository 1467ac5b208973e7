/**
 * The curves a report plots: a metric against the corruption rate per model (with the clean
 * result as the point at rate 0), and accuracy by true-quality bucket (pooled over the settings
 * of a seed, then mean ± std over seeds).
 */
import { summarizeMetrics } from '@umq/metrics';
import type { ResultRow } from '../eval/run-experiment';
import type { QualityBuckets } from '../eval/quality-buckets';
import { cellKey, type SummaryEntry } from './summarize';

/** A result row that may carry accuracy by true-quality bucket (see `qualityBuckets`). */
export type BucketedRow = ResultRow & { qualityBuckets?: QualityBuckets };

/** One point of a curve: x, and the mean, std and number of seeds of y. */
export interface CurvePoint {
  /** The rate (0 for the clean result) or the bucket centre. */
  x: number;
  /** Mean over seeds. */
  mean: number;
  /** Sample std over seeds (0 for one seed). */
  std: number;
  /** Seeds behind the point. */
  n: number;
}

/** A model column: model name and variant. */
export interface Column {
  /** Model name. */
  model: string;
  /** Variant. */
  variant: string;
}

/**
 * The curve of `metric` for one column under a rated protocol, by rate, with the column's clean
 * result as the point at rate 0 when the sweep has one (and no run at rate 0).
 */
export function curvePoints(summary: readonly SummaryEntry[], col: Column, protocol: string, metric: string): CurvePoint[] {
  const point = (e: SummaryEntry | undefined, x: number): CurvePoint | null => {
    const s = e?.metrics[metric];
    return s && s.mean !== null ? { x, mean: s.mean, std: s.std ?? 0, n: s.n } : null;
  };
  const pts = summary
    .filter((e) => e.model === col.model && e.variant === col.variant && e.protocol === protocol && e.rate !== null)
    .map((e) => point(e, e.rate as number))
    .filter((p): p is CurvePoint => p !== null);
  if (!pts.some((p) => p.x === 0)) {
    const clean = point(summary.find((e) => cellKey(e) === cellKey({ ...col, protocol: 'clean', rate: null })), 0);
    if (clean) pts.push(clean);
  }
  return pts.sort((a, b) => a.x - b.x);
}

/** Accuracy by true-quality bucket of one column, and the samples behind each bucket. */
export interface BucketCurve {
  /** The metric counted (`'accuracy'` or `'acc2Non0'`). */
  metric: string;
  /** Bucket edges. */
  edges: number[];
  /** Per bucket (centre as x): mean ± std over seeds of the accuracy pooled over the seed's settings; buckets no seed reached are left out. */
  points: CurvePoint[];
  /** Samples per bucket, summed over settings and seeds. */
  samples: number[];
}

/**
 * Accuracy by true-quality bucket for one column: each seed's buckets are pooled over the
 * settings it ran (correct / count), then averaged over seeds. Null when no row of the column
 * carries buckets.
 */
export function bucketCurve(rows: readonly BucketedRow[], col: Column): BucketCurve | null {
  const mine = rows.filter((r) => r.model === col.model && r.variant === col.variant && r.qualityBuckets);
  if (!mine.length) return null;
  const { metric, edges } = mine[0].qualityBuckets!;
  const B = edges.length - 1;
  const bySeed = new Map<number, { count: number[]; correct: number[] }>();
  const samples = new Array<number>(B).fill(0);
  for (const r of mine) {
    const q = r.qualityBuckets!;
    if (q.metric !== metric || q.edges.length !== edges.length || q.edges.some((e, i) => e !== edges[i])) continue;
    const acc = bySeed.get(r.seed) ?? { count: new Array<number>(B).fill(0), correct: new Array<number>(B).fill(0) };
    q.count.forEach((c, b) => ((acc.count[b] += c), (samples[b] += c)));
    q.correct.forEach((c, b) => (acc.correct[b] += c));
    bySeed.set(r.seed, acc);
  }
  const runs = [...bySeed].map(([seed, a]) => ({ seed, metrics: Object.fromEntries(a.count.map((c, b) => [`b${b}`, c > 0 ? a.correct[b] / c : null])) }));
  const s = summarizeMetrics(runs);
  const points: CurvePoint[] = [];
  for (let b = 0; b < B; b++) {
    const m = s[`b${b}`];
    if (m && m.mean !== null) points.push({ x: (edges[b] + edges[b + 1]) / 2, mean: m.mean, std: m.std ?? 0, n: m.n });
  }
  return { metric, edges, points, samples };
}

/** Tick labels of bucket centres: `'0–0.2'`, ... (the last bucket includes 1). */
export function bucketLabels(edges: readonly number[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (let b = 0; b + 1 < edges.length; b++) out[(edges[b] + edges[b + 1]) / 2] = `${+edges[b].toFixed(2)}–${+edges[b + 1].toFixed(2)}`;
  return out;
}
