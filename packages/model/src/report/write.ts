/**
 * Writes a sweep's report (built by `buildReport`, build.ts) into its folder: `results.json` (rows +
 * summary), `results.md`, `results.csv`, `plots/*.svg` and `index.html`; and reads a
 * `results.json` back. Node only (file IO).
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '@umq/core';
import { writeFileAtomic } from '@umq/core/node';
import type { ResultRow } from '../eval/run-experiment';
import { summarizeRows } from './summarize';
import { buildReport } from './build';

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
  const report = buildReport(results);
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify({ ...results, summary: summarizeRows(results.rows) }, null, 1));
  writeFileAtomic(join(dir, 'results.md'), report.markdown);
  writeFileAtomic(join(dir, 'results.csv'), report.csv);
  for (const p of report.plots) writeFileAtomic(join(dir, 'plots', p.name), p.svg);
  writeFileAtomic(join(dir, 'index.html'), report.html);
  return report.markdown;
}

/** Whether a folder already holds a results file. */
export function hasResults(dir: string): boolean {
  return existsSync(join(dir, 'results.json'));
}
