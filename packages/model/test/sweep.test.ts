/**
 * A tiny synthetic sweep through the CLI: report files, resume (finished rows are skipped), a
 * different plan in the same folder, `umq report` re-rendering, table values = means over seeds,
 * and `workers: 2` giving the same rows as one process.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, StateError } from '@umq/core';
import { runSweep, readRows, type SweepPlan } from '../src/eval/sweep';
import type { ResultRow } from '../src/eval/run-experiment';
import { lines, runCli } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'umq-sweep-'));
const dir = join(tmp, 'sweep');
const ARGS = ['sweep', '--samples', '120', '--models', 'umq,late-fusion', '--protocols', 'clean,noise', '--rates', '0.3', '--seeds', '1,2', '--epochs', '2', '--d', '8', '--batch-size', '32'];

/** A row without its wall-clock time. */
const timeless = ({ seconds: _s, ...r }: ResultRow) => r;

describe('sweep and report', () => {
  let rows: ResultRow[] = [];
  beforeAll(async () => {
    await initEngine();
    const r = runCli([...ARGS, '--out', dir], 240_000);
    if (r.status !== 0) throw new Error(`umq sweep failed (${r.status}): ${r.stderr}`);
    rows = readRows(dir);
  }, 240_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes results.json/md/csv, plots/*.svg and index.html', () => {
    expect(rows).toHaveLength(2 * 2 * 2); // 2 settings × 2 models × 2 seeds
    for (const f of ['plan.json', 'rows.jsonl', 'results.json', 'results.md', 'results.csv', 'index.html']) expect(existsSync(join(dir, f)), f).toBe(true);
    const plots = readdirSync(join(dir, 'plots')).sort();
    expect(plots).toEqual(['accuracy-by-true-quality.svg', 'accuracy-vs-noise.svg', 'quality-vs-noise.svg', 'routing-by-configuration.svg']);
    for (const p of plots) expect(readFileSync(join(dir, 'plots', p), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const p of plots) expect(html).toContain(`href="plots/${p}"`); // each plot inline, linked to its file
    expect(html.match(/<svg /g)).toHaveLength(plots.length);
    expect(html).toMatch(/<table>[\s\S]*<th scope="col">umq<\/th>/); // tables as HTML, not Markdown in a <pre>
    expect(html).not.toContain('<pre>');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.rows).toHaveLength(8);
    expect(results.summary).toHaveLength(4);
    expect(lines(readFileSync(join(dir, 'results.csv'), 'utf8')).length).toBeGreaterThan(4);
    for (const r of rows) {
      expect(r.epochs).toBe(2);
      expect(r.metrics.accuracy).toBeGreaterThanOrEqual(0);
    }
  });

  it('markdown table values are the means over seeds of the rows', () => {
    const md = readFileSync(join(dir, 'results.md'), 'utf8');
    const section = md.split('## accuracy')[1].split('\n## ')[0].split('\n#')[0];
    const table = lines(section).filter((l) => l.startsWith('|'));
    const head = table[0].split('|').map((s) => s.trim()).filter(Boolean);
    expect(head).toEqual(['setting', 'umq', 'late-fusion']);
    const body = table.slice(2);
    expect(body.map((l) => l.split('|')[1].trim())).toEqual(['clean', 'noise 0.3']);
    let checked = 0;
    for (const l of body) {
      const cells = l.split('|').map((s) => s.trim()).filter(Boolean);
      const [protocol, rateText] = cells[0].split(' ');
      const rate = rateText === undefined ? null : Number(rateText);
      head.slice(1).forEach((model, j) => {
        const mine = rows.filter((r) => r.model === model && r.protocol === protocol && r.rate === rate);
        expect(mine).toHaveLength(2);
        const mean = (100 * mine.reduce((s, r) => s + (r.metrics.accuracy as number), 0)) / mine.length;
        const shown = Number.parseFloat(cells[j + 1]);
        expect(Math.abs(shown - mean), `${model} ${cells[0]}: ${cells[j + 1]} vs ${mean}`).toBeLessThanOrEqual(0.05 + 1e-9);
        checked++;
      });
    }
    expect(checked).toBe(4);
  });

  it('a re-run skips the finished rows; a different plan in the folder is an error', async () => {
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as SweepPlan;
    const before = readFileSync(join(dir, 'rows.jsonl'), 'utf8');
    let ran = 0;
    const t0 = Date.now();
    const again = await runSweep(plan, { out: dir, onRow: () => ran++ });
    const seconds = (Date.now() - t0) / 1000;
    expect(ran).toBe(0);
    expect(readFileSync(join(dir, 'rows.jsonl'), 'utf8')).toBe(before);
    expect(again.map(timeless)).toEqual(rows.map(timeless)); // a single-process rows.jsonl is in plan order
    console.log(`re-run of a finished ${again.length}-row sweep: ${seconds.toFixed(2)} s, ${ran} experiments run`);
    await expect(runSweep({ ...plan, seeds: [1, 2, 3] }, { out: dir })).rejects.toThrow(StateError);
    await expect(runSweep({ ...plan, seeds: [1, 2, 3] }, { out: dir })).rejects.toThrow(/holds a different sweep/);
  });

  it('a torn last line of rows.jsonl is run again, not a crash', () => {
    const copy = join(tmp, 'torn');
    mkdirSync(copy);
    writeFileSync(join(copy, 'rows.jsonl'), readFileSync(join(dir, 'rows.jsonl'), 'utf8'));
    appendFileSync(join(copy, 'rows.jsonl'), '{"model":"umq","vari');
    expect(readRows(copy)).toHaveLength(8);
  });

  it('umq report DIR re-renders the report files', () => {
    const files = ['results.md', 'results.csv', 'index.html', 'plots/accuracy-vs-noise.svg'];
    const old = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    for (const f of files) rmSync(join(dir, f));
    const r = runCli(['report', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('## accuracy');
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(old[f]);
  }, 60_000);

  it('workers: 2 produces the same rows as workers: 1', async () => {
    // through the CLI: the workers are `umq _shard` processes started with the parent's node flags
    const dir2 = join(tmp, 'sweep-2');
    const r = runCli([...ARGS, '--workers', '2', '--out', dir2], 240_000);
    expect(r.stderr).not.toMatch(/Error|exited with code/);
    expect(r.status).toBe(0);
    expect(readdirSync(dir2).filter((f) => f.startsWith('rows')).sort()).toEqual(['rows.0.jsonl', 'rows.1.jsonl']);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as SweepPlan;
    const one = await runSweep(plan, { out: dir }); // plan order, from the finished single-process sweep
    const two = await runSweep(plan, { out: dir2 });
    expect(two).toHaveLength(8);
    expect(two.map(timeless)).toEqual(one.map(timeless));
  }, 240_000);
});
