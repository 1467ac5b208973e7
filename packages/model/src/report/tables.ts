/**
 * Results as tables in the paper's layout: one row per setting, one column per model (variant),
 * cells `mean±std` over seeds (in %, for rate-like metrics); plus seed-paired differences and
 * AUILC over rates; as Markdown and CSV.
 */
import { formatMeanStd, auilc } from '@umq/metrics';
import type { ResultRow } from '../eval/run-experiment';
import { cellKey, columnLabel, pairedCell, settingLabel, summarizeRows, type SummaryEntry } from './summarize';

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

/**
 * A Markdown table of `metric` (mean±std over seeds): settings down, models across.
 *
 * @example
 * ```ts
 * console.log(markdownTable(rows, 'accuracy'));
 * ```
 */
export function markdownTable(rows: readonly ResultRow[], metric: string, digits = 1): string {
  const { columns, settings, byKey } = layout(summarizeRows(rows));
  const head = `| setting | ${columns.map((c) => c.label).join(' | ')} |`;
  const sep = `|---|${columns.map(() => '---').join('|')}|`;
  const body = settings.map((s) => `| ${s.label} | ${columns.map((c) => cell(byKey.get(cellKey({ ...c, ...s })), metric, digits)).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
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
  const { settings } = layout(summarizeRows(rows));
  const k = metricScale(metric);
  const lines = [`| setting | ${columnLabel(a.model, a.variant)} − ${columnLabel(b.model, b.variant)} | wins |`, '|---|---|---|'];
  for (const s of settings) {
    const d = pairedCell(rows, a, b, s.protocol, s.rate, metric);
    if (d) lines.push(`| ${s.label} | ${formatMeanStd(d.mean * k, d.std * k, digits)} | ${d.wins}/${d.n} |`);
  }
  return lines.join('\n');
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
  const summary = summarizeRows(rows);
  const { columns, byKey } = layout(summary);
  const protocols = [...new Set(summary.filter((e) => e.rate !== null).map((e) => e.protocol))];
  if (!protocols.length) return '';
  const lines = [`| protocol | ${columns.map((c) => c.label).join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`];
  for (const p of protocols) {
    const cells = columns.map((c) => {
      const pts = summary.filter((e) => e.model === c.model && e.variant === c.variant && e.protocol === p && e.rate !== null && e.metrics[metric]?.mean !== null).map((e) => [e.rate as number, e.metrics[metric].mean as number] as [number, number]);
      const clean = byKey.get(cellKey({ ...c, protocol: 'clean', rate: null }))?.metrics[metric]?.mean;
      if (typeof clean === 'number' && !pts.some(([r]) => r === 0)) pts.push([0, clean]);
      pts.sort((x, y) => x[0] - y[0]);
      return pts.length >= 2 ? auilc(pts.map((x) => x[0]), pts.map((x) => x[1])).toFixed(digits) : '-';
    });
    lines.push(`| ${p} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
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
  const summary = summarizeRows(rows).filter((e) => e.quality);
  if (!summary.length) return '';
  const f = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(2) : '-');
  const lines = ['| model | setting | Spearman(q, 1−r) | AUC present/missing | AUC clean/noisy | mean q clean | noisy | missing |', '|---|---|---|---|---|---|---|---|'];
  for (const e of summary) {
    const q = e.quality!;
    lines.push(`| ${columnLabel(e.model, e.variant)} | ${settingLabel(e.protocol, e.rate)} | ${f(q.spearman)} | ${f(q.aucPresentVsMissing)} | ${f(q.aucCleanVsNoisy)} | ${f(q.meanQClean)} | ${f(q.meanQNoisy)} | ${f(q.meanQMissing)} |`);
  }
  return lines.join('\n');
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
