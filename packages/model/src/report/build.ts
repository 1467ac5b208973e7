/**
 * A sweep's report, built in memory from its rows (no file system: write.ts writes it):
 * `results.md` (the paper's table layout, paired differences, AUILC, quality diagnostics,
 * accuracy by true-quality bucket), `results.csv`, SVG plots (metric vs rate per protocol with
 * the clean point and mean ± std bands; accuracy by true-quality bucket; expert choice by quality
 * configuration, the paper's Figure 4; estimated quality vs noise rate) and `index.html` with
 * every table as HTML and every plot inline.
 */
import { summarizeMetrics } from '@umq/metrics';
import type { ResultRow } from '../eval/run-experiment';
import { summarizeRows, columnLabel } from './summarize';
import { auilcTableOf, bucketTableOf, metricScale, metricTableOf, pairedTableOf, qualityTableOf, summaryCsv, toMarkdown, type Table } from './tables';
import { bucketCurve, bucketLabels, curvePoints, type BucketedRow, type Column } from './curves';
import { barChart, linePlot } from './svg';
import { reportHtml, type ReportSection } from './html';

/** What a report is made of (file name -> content). */
export interface ReportFiles {
  /** results.md */
  markdown: string;
  /** results.csv */
  csv: string;
  /** index.html */
  html: string;
  /** plots/<name>.svg */
  plots: { name: string; svg: string }[];
}

/** The metrics reported, headline first. */
export function reportMetrics(rows: readonly ResultRow[]): string[] {
  const m = rows[0]?.metrics ?? {};
  if ('acc2Non0' in m) return ['acc2Non0', 'f1Non0', 'acc7', 'mae', 'corr'];
  if ('macroF1' in m) return ['accuracy', 'macroF1'];
  return ['accuracy', 'weightedF1'];
}

const isDefault = (r: { variant: string }) => r.variant === 'full' || r.variant === 'default';

/** Line plots of `metric` against the rate, one per rated protocol, each curve from the clean point on. */
function ratePlots(rows: readonly ResultRow[], cols: Column[], metric: string): { name: string; svg: string }[] {
  const summary = summarizeRows(rows);
  const k = metricScale(metric);
  const seeds = new Set(rows.map((r) => r.seed)).size;
  return [...new Set(summary.filter((e) => e.rate !== null).map((e) => e.protocol))].map((protocol) => {
    const series = cols
      .map((c) => ({ label: columnLabel(c.model, c.variant), points: curvePoints(summary, c, protocol, metric).map((p) => ({ x: p.x, y: p.mean * k, std: p.std * k })) }))
      .filter((s) => s.points.length);
    const svg = linePlot(series, { title: `${metric} under ${protocol}`, xLabel: `${protocol} rate (0 = clean)`, yLabel: k === 100 ? `${metric} (%)` : metric, note: seeds > 1 ? `band: ± std over ${seeds} seeds` : undefined });
    return { name: `${metric}-vs-${protocol}.svg`, svg };
  });
}

/** Accuracy by true-quality bucket, one curve per model; null without bucket data. */
function bucketPlot(rows: readonly BucketedRow[], cols: Column[]): { name: string; svg: string } | null {
  const curves = cols.map((c) => [c, bucketCurve(rows, c)] as const).filter(([, k]) => k !== null);
  if (!curves.length) return null;
  const { metric, edges } = curves[0][1]!;
  const series = curves.map(([c, k]) => ({ label: columnLabel(c.model, c.variant), points: k!.points.map((p) => ({ x: p.x, y: p.mean * 100, std: p.std * 100 })) }));
  const seeds = new Set(rows.filter((r) => r.qualityBuckets).map((r) => r.seed)).size;
  const svg = linePlot(series, {
    title: `${metric} by true quality of the sample (all settings pooled)`,
    xLabel: 'mean true quality of the modalities (1 − rate; 0 = missing)',
    yLabel: `${metric} (%)`,
    xTickLabels: bucketLabels(edges),
    note: seeds > 1 ? `band: ± std over ${seeds} seeds` : undefined,
  });
  return { name: `${metric}-by-true-quality.svg`, svg };
}

/** UMQ's share of selections per expert by quality configuration κ (Fig. 4); null without routing data. */
function routingPlot(rows: readonly ResultRow[]): { name: string; svg: string } | null {
  const routed = rows.filter((r) => r.routing && r.model === 'umq' && isDefault(r));
  if (!routed.length) return null;
  const agg: Record<string, number[]> = {};
  const n: Record<string, number> = {};
  for (const r of routed) for (const [cfg, v] of Object.entries(r.routing!)) {
    agg[cfg] ??= new Array(v.length).fill(0);
    v.forEach((x, j) => (agg[cfg][j] = (agg[cfg][j] ?? 0) + x));
    n[cfg] = (n[cfg] ?? 0) + 1;
  }
  // the configurations seen in most runs (at most 12, so the chart stays readable), in κ order
  const groups = Object.keys(agg).sort((a, b) => n[b] - n[a] || a.localeCompare(b)).slice(0, 12).sort();
  const E = Math.max(...groups.map((g) => agg[g].length));
  const bars = Array.from({ length: E }, (_, j) => ({ label: `expert ${j}`, values: groups.map((g) => (agg[g][j] ?? 0) / n[g]) }));
  return { name: 'routing-by-configuration.svg', svg: barChart(groups, bars, { title: 'UMQ expert choice by quality configuration κ (Fig. 4)', xLabel: 'κ (1 = modality above τ)', yLabel: 'share of selections' }) };
}

/** UMQ's mean estimated quality per modality against the noise rate (clean at 0), mean ± std over seeds. */
function qualityPlot(rows: readonly ResultRow[]): { name: string; svg: string } | null {
  const qRows = rows.filter((r) => r.meanQuality && r.model === 'umq' && isDefault(r) && (r.protocol === 'noise' || r.protocol === 'clean'));
  if (!qRows.length) return null;
  const rates = [...new Set(qRows.map((r) => r.rate ?? 0))].sort((a, b) => a - b);
  const M = qRows[0].meanQuality!.length;
  const series = Array.from({ length: M }, (_, m) => ({
    label: `modality ${m}`,
    points: rates.flatMap((x) => {
      const bySeed = new Map<number, number[]>(); // a noise run at rate 0 and a clean run of one seed are averaged
      for (const r of qRows) if ((r.rate ?? 0) === x && typeof r.meanQuality![m] === 'number') bySeed.set(r.seed, [...(bySeed.get(r.seed) ?? []), r.meanQuality![m]]);
      if (!bySeed.size) return [];
      const s = summarizeMetrics([...bySeed].map(([seed, v]) => ({ seed, metrics: { q: v.reduce((a, b) => a + b, 0) / v.length } }))).q;
      return [{ x, y: s.mean as number, std: s.std ?? 0 }];
    }),
  }));
  return { name: 'quality-vs-noise.svg', svg: linePlot(series, { title: 'UMQ estimated quality vs Gaussian noise rate', xLabel: 'noise rate (0 = clean)', yLabel: 'mean q (test)' }) };
}

/**
 * Builds every report file from `results` (rows and meta), in memory.
 *
 * @param results the rows and what was run.
 * @returns the Markdown, CSV, HTML and SVG plots.
 */
export function buildReport(results: { meta: Record<string, unknown>; rows: ResultRow[] }): ReportFiles {
  const rows = results.rows as BucketedRow[];
  const metrics = reportMetrics(rows);
  const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
  const cols: Column[] = [...new Map(rows.map((r) => [`${r.model}|${r.variant}`, { model: r.model, variant: r.variant }])).values()];
  const title = `UMQ results${results.meta.dataset ? `: ${String(results.meta.dataset)}` : ''}`;
  const intro = `Mean ± std over seeds ${seeds.join(', ')}; accuracies and F1 in %.`;

  const metricTables = metrics.map((m) => ({ metric: m, table: metricTableOf(rows, m) }));
  const umq = cols.find((c) => c.model === 'umq');
  const paired = umq ? cols.filter((c) => c.model !== 'umq' && c.model !== 'umq-oracle').map((b) => ({ caption: `${columnLabel(umq.model, umq.variant)} − ${columnLabel(b.model, b.variant)} (${metrics[0]}, seed-paired, points)`, table: pairedTableOf(rows, metrics[0], umq, b) })) : [];
  const au = auilcTableOf(rows, metrics[0]);
  const qt = qualityTableOf(rows);
  const bt = bucketTableOf(rows);

  const md: string[] = [`# ${title.replace(/^UMQ results/, 'Results')}`, '', intro, ''];
  for (const { metric, table } of metricTables) md.push(`## ${metric}`, '', toMarkdown(table), '');
  for (const p of paired) md.push(`### ${p.caption}`, '', toMarkdown(p.table), '');
  if (au) md.push(`## AUILC of ${metrics[0]} (CIDer Eq 31; clean as rate 0)`, '', toMarkdown(au), '');
  if (qt) md.push('## Quality diagnostics (test split)', '', toMarkdown(qt), '');
  if (bt) md.push(`## ${metrics[0]} by true quality of the sample (%, all settings pooled; samples in parentheses)`, '', toMarkdown(bt), '');
  const markdown = md.join('\n');

  const rate = ratePlots(rows, cols, metrics[0]);
  const bucket = bucketPlot(rows, cols);
  const routing = routingPlot(rows);
  const quality = qualityPlot(rows);
  const plots = [...rate, bucket, routing, quality].filter((p): p is { name: string; svg: string } => p !== null);

  const table = (t: Table, caption?: string) => ({ table: t, caption });
  const sections: ReportSection[] = [
    { title: metrics[0], note: intro, items: [table(metricTables[0].table)] },
    ...(rate.length ? [{ title: `${metrics[0]} against the corruption rate`, note: 'Each curve starts at the clean result (rate 0); the band is ± one std over seeds.', items: rate }] : []),
    ...(bucket || bt ? [{ title: `${metrics[0]} by true quality`, note: 'Each test sample placed by the mean true quality of its modalities (1 − noise rate, 0 when missing); each seed pooled over its settings, then mean ± std over seeds; samples in parentheses.', items: [...(bucket ? [bucket] : []), ...(bt ? [table(bt)] : [])] }] : []),
    ...(metricTables.length > 1 ? [{ title: 'Other metrics', items: metricTables.slice(1).map((t) => table(t.table, t.metric)) }] : []),
    ...(paired.length ? [{ title: 'Seed-paired differences', items: paired.map((p) => table(p.table, p.caption)) }] : []),
    ...(au ? [{ title: 'AUILC', note: `Area under ${metrics[0]} against the rate (CIDer Eq 31), clean as rate 0.`, items: [table(au)] }] : []),
    ...(qt || quality ? [{ title: 'Quality estimation', items: [...(qt ? [table(qt, 'Quality diagnostics (test split)')] : []), ...(quality ? [quality] : [])] }] : []),
    ...(routing ? [{ title: 'Routing', items: [routing] }] : []),
  ];
  const secs = typeof results.meta.seconds === 'number' ? `, ${(results.meta.seconds / 60).toFixed(1)} min` : '';
  const html = reportHtml(title, `${rows.length} runs: ${cols.length} model(s) × ${new Set(rows.map((r) => `${r.protocol}|${r.rate}`)).size} setting(s) × ${seeds.length} seed(s)${secs}.`, sections);
  return { markdown, csv: summaryCsv(rows), html, plots };
}
