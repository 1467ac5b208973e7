/**
 * Results as tables in the paper's layout: one row per setting, one column per model (variant),
 * cells `mean±std` over seeds (in %, for rate-like metrics); plus seed-paired differences,
 * AUILC over rates, quality diagnostics and accuracy by true-quality bucket. Each table is built
 * once as a {@link Table} and rendered as Markdown here, as HTML in html.ts; plus CSV.
 */
import { formatMeanStd, auilc } from '@umq/metrics';
import type { ResultRow } from '../eval/run-experiment';
import { cellKey, columnLabel, pairedCell, settingLabel, summarizeRows, type SummaryEntry } from './summarize';
import { bucketCurve, bucketLabels, curvePoints, type BucketedRow } from './curves';

/** A table: header cells and body rows of text cells (the first column labels the row). */
export interface Table {
  /** Header cells. */
  head: string[];
  /** Body rows. */
  rows: string[][];
}

/** A {@link Table} as Markdown (pipes in cells escaped). */
export function toMarkdown(t: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(t.head), `|${t.head.map(() => '---').join('|')}|`, ...t.rows.map(line)].join('\n');
}

const PERCENT = new Set(['accuracy', 'f1', 'weightedF1', 'macroF1', 'acc7', 'acc5', 'acc2Has0', 'f1Has0', 'acc2Non0', 'f1Non0']);

/** Scale of a metric in tables: percentages for accuracies and F1, raw otherwise. */
export function metricScale(metric: string): number {
  return PERCENT.has(metric) ? 100 : 1;
}

interface Layout {
  columns: { model: string; variant: string; label: string }[];
  settings: { protocol: string; rate: number | null; label: string }[];
  byKey: Map<string, SummaryEntry>;
}

function layout(summary: SummaryEntry[]): Layout {
  const columns: Layout['columns'] = [];
  const settings: Layout['settings'] = [];
  for (const e of summary) {
    if (!columns.some((c) => c.model === e.model && c.variant === e.variant)) columns.push({ model: e.model, variant: e.variant, label: columnLabel(e.model, e.variant) });
    if (!settings.some((s) => s.protocol === e.protocol && s.rate === e.rate)) settings.push({ protocol: e.protocol, rate: e.rate, label: settingLabel(e.protocol, e.rate) });
  }
  const order = (p: string) => ['clean', 'noise', 'missing', 'ood', 'hetero-noise', 'hetero-mixed'].indexOf(p) + 1 || 99;
  settings.sort((a, b) => order(a.protocol) - order(b.protocol) || a.protocol.localeCompare(b.protocol) || (a.rate ?? -1) - (b.rate ?? -1));
  return { columns, settings, byKey: new Map(summary.map((e) => [cellKey(e), e])) };
}

function cell(e: SummaryEntry | undefined, metric: string, digits: number): string {
  const s = e?.metrics[metric];
  if (!s || s.mean === null) return '-';
  const k = metricScale(metric);
  return formatMeanStd(s.mean * k, (s.std ?? 0) * k, digits);
}

/** The table of `metric` (mean±std over seeds): settings down, models across. */
export function metricTableOf(rows: readonly ResultRow[], metric: string, digits = 1): Table {
  const { columns, settings, byKey } = layout(summarizeRows(rows));
  return {
    head: ['setting', ...columns.map((c) => c.label)],
    rows: settings.map((s) => [s.label, ...columns.map((c) => cell(byKey.get(cellKey({ ...c, ...s })), metric, digits))]),
  };
}

/**
 * A Markdown table of `metric` (mean±std over seeds): settings down, models across.
 *
 * @example
 * ```ts
 * console.log(markdownTable(rows, 'accuracy'));
 * ```
 */
export function markdownTable(rows: readonly ResultRow[], metric: string, digits = 1): string {
  return toMarkdown(metricTableOf(rows, metric, digits));
}

/**
 * Seed-paired differences `a - b` of `metric` per setting (mean±std, wins/n), in points.
 *
 * @example
 * ```ts
 * pairedTable(rows, 'accuracy', { model: 'umq', variant: 'full' }, { model: 'late-fusion', variant: 'default' });
 * ```
 */
export function pairedTable(rows: readonly ResultRow[], metric: string, a: { model: string; variant: string }, b: { model: string; variant: string }, digits = 1): string {
  return toMarkdown(pairedTableOf(rows, metric, a, b, digits));
}

/** The table of {@link pairedTable}. */
export function pairedTableOf(rows: readonly ResultRow[], metric: string, a: { model: string; variant: string }, b: { model: string; variant: string }, digits = 1): Table {
  const { settings } = layout(summarizeRows(rows));
  const k = metricScale(metric);
  const body: string[][] = [];
  for (const s of settings) {
    const d = pairedCell(rows, a, b, s.protocol, s.rate, metric);
    if (d) body.push([s.label, formatMeanStd(d.mean * k, d.std * k, digits), `${d.wins}/${d.n}`]);
  }
  return { head: ['setting', `${columnLabel(a.model, a.variant)} − ${columnLabel(b.model, b.variant)}`, 'wins'], rows: body };
}

/**
 * AUILC (CIDer Eq 31) of `metric` over the rates of each rated protocol, per model, from the
 * means over seeds (the clean result is the curve's point at rate 0 when present).
 *
 * @example
 * ```ts
 * auilcTable(rows, 'accuracy');
 * ```
 */
export function auilcTable(rows: readonly ResultRow[], metric: string, digits = 3): string {
  const t = auilcTableOf(rows, metric, digits);
  return t ? toMarkdown(t) : '';
}

/** The table of {@link auilcTable}, or null without a rated protocol. */
export function auilcTableOf(rows: readonly ResultRow[], metric: string, digits = 3): Table | null {
  const summary = summarizeRows(rows);
  const { columns } = layout(summary);
  const protocols = [...new Set(summary.filter((e) => e.rate !== null).map((e) => e.protocol))];
  if (!protocols.length) return null;
  const body = protocols.map((p) => [
    p,
    ...columns.map((c) => {
      const pts = curvePoints(summary, c, p, metric);
      return pts.length >= 2 ? auilc(pts.map((q) => q.x), pts.map((q) => q.mean)).toFixed(digits) : '-';
    }),
  ]);
  return { head: ['protocol', ...columns.map((c) => c.label)], rows: body };
}

/**
 * Quality diagnostics per model and setting (Spearman with true quality, AUCs, mean q).
 *
 * @example
 * ```ts
 * const md = qualityTable(readRows('runs/sweep')); // '' when no row has quality diagnostics
 * ```
 */
export function qualityTable(rows: readonly ResultRow[]): string {
  const t = qualityTableOf(rows);
  return t ? toMarkdown(t) : '';
}

/** The table of {@link qualityTable}, or null when no row has quality diagnostics. */
export function qualityTableOf(rows: readonly ResultRow[]): Table | null {
  const summary = summarizeRows(rows).filter((e) => e.quality);
  if (!summary.length) return null;
  const f = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(2) : '-');
  return {
    head: ['model', 'setting', 'Spearman(q, 1−r)', 'AUC present/missing', 'AUC clean/noisy', 'mean q clean', 'noisy', 'missing'],
    rows: summary.map((e) => {
      const q = e.quality!;
      return [columnLabel(e.model, e.variant), settingLabel(e.protocol, e.rate), f(q.spearman), f(q.aucPresentVsMissing), f(q.aucCleanVsNoisy), f(q.meanQClean), f(q.meanQNoisy), f(q.meanQMissing)];
    }),
  };
}

/**
 * Accuracy (the task's headline metric, in %) by true-quality bucket: models down, buckets
 * across, `mean±std` over seeds of each seed's pooled accuracy, and the samples behind each
 * bucket; null when no row carries buckets.
 */
export function bucketTableOf(rows: readonly BucketedRow[], digits = 1): Table | null {
  const columns = [...new Map(rows.map((r) => [`${r.model}|${r.variant}`, { model: r.model, variant: r.variant }])).values()];
  const curves = columns.map((c) => [c, bucketCurve(rows, c)] as const).filter(([, k]) => k !== null);
  if (!curves.length) return null;
  const edges = curves[0][1]!.edges;
  const labels = bucketLabels(edges);
  const centres = Object.keys(labels).map(Number).sort((a, b) => a - b);
  return {
    head: ['model', ...centres.map((x) => `q ${labels[x]}`)],
    rows: curves.map(([c, k]) => [
      columnLabel(c.model, c.variant),
      ...centres.map((x, b) => {
        const p = k!.points.find((q) => Math.abs(q.x - x) < 1e-9);
        return p ? `${formatMeanStd(p.mean * 100, p.std * 100, digits)} (${k!.samples[b]})` : '-';
      }),
    ]),
  };
}

/**
 * One CSV line per summary cell and metric: model, variant, protocol, rate, metric, mean, std, n, seeds.
 *
 * @example
 * ```ts
 * writeFileSync('runs/sweep/results.csv', summaryCsv(rows));
 * ```
 */
export function summaryCsv(rows: readonly ResultRow[]): string {
  const lines = ['model,variant,protocol,rate,metric,mean,std,n,seeds'];
  for (const e of summarizeRows(rows)) {
    for (const [m, s] of Object.entries(e.metrics)) {
      lines.push([e.model, e.variant, e.protocol, e.rate ?? '', m, s.mean ?? '', s.std ?? '', s.n, `"${s.seeds.join(' ')}"`].join(','));
    }
  }
  return lines.join('\n') + '\n';
}
