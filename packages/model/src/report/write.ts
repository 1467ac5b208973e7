/**
 * Writes a sweep's report: `results.json` (rows + summary), `results.md` (the paper's table
 * layout, paired differences, AUILC, quality diagnostics), `results.csv`, SVG plots (metric vs
 * rate per model and protocol; expert choice by quality configuration, the paper's Figure 4;
 * estimated quality vs noise rate) and `index.html` showing them.
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, DataFormatError } from '@umq/core';
import type { ResultRow } from '../eval/run-experiment';
import { summarizeRows, columnLabel } from './summarize';
import { auilcTable, markdownTable, metricScale, pairedTable, qualityTable, summaryCsv } from './tables';
import { barChart, linePlot } from './svg';

/** The content of `results.json`. */
export interface ResultsFile {
  /** What was run (dataset, options, command). */
  meta: Record<string, unknown>;
  /** One row per model, variant, protocol, rate and seed. */
  rows: ResultRow[];
  /** Mean, std, n per metric per cell. */
  summary?: ReturnType<typeof summarizeRows>;
}

/**
 * Reads and checks a `results.json`.
 *
 * @example
 * ```ts
 * const { rows } = readResults('runs/sweep/results.json');
 * writeReport('runs/sweep', { meta: {}, rows });
 * ```
 */
export function readResults(file: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DataFormatError(`not a readable JSON results file (${(e as Error).message}): point \`umq report\` at a sweep's output folder`, file);
  }
  const rows = (data as ResultsFile)?.rows;
  if (!Array.isArray(rows) || rows.some((r) => typeof r?.model !== 'string' || typeof r?.protocol !== 'string' || typeof r?.metrics !== 'object')) {
    throw new DataFormatError('`rows` must be an array of result rows with model, protocol and metrics', file);
  }
  return data as ResultsFile;
}

function primary(rows: ResultRow[]): string[] {
  const m = rows[0]?.metrics ?? {};
  if ('acc2Non0' in m) return ['acc2Non0', 'f1Non0', 'acc7', 'mae', 'corr'];
  if ('macroF1' in m) return ['accuracy', 'macroF1'];
  return ['accuracy', 'weightedF1'];
}

/**
 * Writes every report file into `dir` and returns the Markdown.
 *
 * @example
 * ```ts
 * const md = writeReport('runs/sweep', { meta: {}, rows });
 * ```
 */
export function writeReport(dir: string, results: ResultsFile): string {
  mkdirSync(join(dir, 'plots'), { recursive: true });
  const rows = results.rows;
  const summary = summarizeRows(rows);
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify({ ...results, summary }, null, 1));
  const metrics = primary(rows);
  const parts: string[] = [`# Results${results.meta.dataset ? `: ${String(results.meta.dataset)}` : ''}`, ''];
  parts.push(`Mean ± std over seeds ${[...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b).join(', ')}; accuracies and F1 in %.`, '');
  for (const m of metrics) parts.push(`## ${m}`, '', markdownTable(rows, m), '');
  const cols = [...new Map(rows.map((r) => [`${r.model}|${r.variant}`, { model: r.model, variant: r.variant }])).values()];
  const umq = cols.find((c) => c.model === 'umq');
  if (umq) {
    for (const b of cols.filter((c) => c.model !== 'umq' && c.model !== 'umq-oracle')) {
      parts.push(`### ${columnLabel(umq.model, umq.variant)} − ${columnLabel(b.model, b.variant)} (${metrics[0]}, seed-paired, points)`, '', pairedTable(rows, metrics[0], umq, b), '');
    }
  }
  const au = auilcTable(rows, metrics[0]);
  if (au) parts.push(`## AUILC of ${metrics[0]} (CIDer Eq 31; clean as rate 0)`, '', au, '');
  const qt = qualityTable(rows);
  if (qt) parts.push('## Quality diagnostics (test split)', '', qt, '');
  const md = parts.join('\n');
  writeFileAtomic(join(dir, 'results.md'), md);
  writeFileAtomic(join(dir, 'results.csv'), summaryCsv(rows));

  const plots: string[] = [];
  const k = metricScale(metrics[0]);
  for (const protocol of [...new Set(summary.filter((e) => e.rate !== null).map((e) => e.protocol))]) {
    const series = cols.map((c) => ({
      label: columnLabel(c.model, c.variant),
      points: summary.filter((e) => e.model === c.model && e.variant === c.variant && e.protocol === protocol && e.rate !== null && e.metrics[metrics[0]]?.mean != null)
        .map((e) => ({ x: e.rate as number, y: (e.metrics[metrics[0]].mean as number) * k, std: (e.metrics[metrics[0]].std ?? 0) * k })),
    })).filter((s) => s.points.length);
    const name = `${metrics[0]}-vs-${protocol}.svg`;
    writeFileAtomic(join(dir, 'plots', name), linePlot(series, { title: `${metrics[0]} under ${protocol}`, xLabel: 'rate', yLabel: metrics[0] }));
    plots.push(name);
  }
  const routed = rows.filter((r) => r.routing && r.model === 'umq' && (r.variant === 'full' || r.variant === 'default'));
  if (routed.length) {
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
    writeFileAtomic(join(dir, 'plots', 'routing-by-configuration.svg'), barChart(groups, bars, { title: 'UMQ expert choice by quality configuration κ (Fig. 4)', xLabel: 'κ (1 = modality above τ)', yLabel: 'share of selections' }));
    plots.push('routing-by-configuration.svg');
  }
  const qRows = rows.filter((r) => r.meanQuality && r.model === 'umq' && (r.protocol === 'noise' || r.protocol === 'clean'));
  if (qRows.length) {
    const M = qRows[0].meanQuality!.length;
    const series = Array.from({ length: M }, (_, m) => {
      const byRate = new Map<number, number[]>();
      for (const r of qRows) if (r.variant === 'full' || r.variant === 'default') {
        const x = r.rate ?? 0;
        byRate.set(x, [...(byRate.get(x) ?? []), r.meanQuality![m]]);
      }
      return { label: `modality ${m}`, points: [...byRate].map(([x, v]) => ({ x, y: v.reduce((a, b) => a + b, 0) / v.length, std: 0 })) };
    });
    writeFileAtomic(join(dir, 'plots', 'quality-vs-noise.svg'), linePlot(series, { title: 'UMQ estimated quality vs Gaussian noise rate', xLabel: 'noise rate', yLabel: 'mean q (test)' }));
    plots.push('quality-vs-noise.svg');
  }
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>UMQ results</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}pre{background:#f6f6f6;padding:1em;overflow:auto}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}</style></head><body><h1>UMQ results</h1>${plots.map((p) => `<h3>${p}</h3><img src="plots/${p}" alt="${p}">`).join('\n')}<h2>Tables</h2><pre>${md.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre></body></html>`;
  writeFileAtomic(join(dir, 'index.html'), html);
  return md;
}

/** Whether a folder already holds a results file. */
export function hasResults(dir: string): boolean {
  return existsSync(join(dir, 'results.json'));
}
