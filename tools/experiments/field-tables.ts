// The tables of docs/results.md for studies of UMQ against the field's methods: a headline table
// (UMQ against every baseline, each data set and setting: mean ± std over seeds, and UMQ minus
// the best baseline, paired by seed, with its wins) and one full table per data set.
//
//   node --conditions=@umq/source --import tsx tools/experiments/field-tables.ts \
//     [--umq umq] [--metric accuracy] runs/field-handwritten=Handwritten runs/field-cub+runs/field-cub-45=CUB ...
//
// `--umq model[variant]` names the UMQ column (default `umq`, the default model); every other
// column is a baseline. `--against PREFIX` adds a table of every other column minus the best
// column whose name starts with PREFIX (e.g. `unimodal`: each fused model against the best
// single modality), paired by seed. `--drop a,b` leaves those columns out (exact labels, e.g. `umq`
// when the UMQ column is a variant run later), `--name` sets the UMQ column's header. `--paired`
// adds a table of UMQ minus every baseline, paired by seed: mean ± standard error (points) and
// wins / ties / losses (for studies of many seeds, where the std of the headline hides the
// resolution). Prints Markdown.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pairedDifference, summarizeMetrics, type PairedDifference } from '@umq/metrics';
import { columnLabel, readRows, settingLabel, type ResultRow } from '@umq/model';

const USAGE = 'usage: field-tables.ts [--umq umq] [--metric accuracy] [--exclude a,b] [--against PREFIX] [--drop a,b] [--name NAME] [--paired] DIR[+DIR]=Name ...';
function parseArguments() {
  try {
    return parseArgs({ options: { umq: { type: 'string', default: 'umq' }, metric: { type: 'string', default: 'accuracy' }, exclude: { type: 'string', default: 'umq-oracle,late-fusion-oracle' }, against: { type: 'string' }, drop: { type: 'string', default: '' }, name: { type: 'string' }, paired: { type: 'boolean', default: false } }, allowPositionals: true });
  } catch (e) {
    console.error(`field-tables: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const { values, positionals } = parseArguments();
if (!positionals.length) {
  console.error(`field-tables: give at least one study folder\n${USAGE}`);
  process.exit(2);
}
const metric = values.metric!;
const umqLabel = values.umq!;
const excluded = new Set(values.exclude!.split(',').filter(Boolean));
const dropped = new Set(values.drop!.split(',').filter(Boolean));
const umqName = values.name ?? umqLabel;
const pct = (v: number) => (100 * v).toFixed(1);

interface Study {
  name: string;
  rows: ResultRow[];
}
const studies: Study[] = positionals.map((p) => {
  const [dirs, name] = p.split('=');
  // `a+b=Name`: one study from several folders (e.g. more seeds run later into another folder)
  const rows = dirs.split('+').flatMap((dir) => {
    const f = join(dir, 'results.json');
    // A finished study has results.json; one still running has only its workers' rows files.
    const r = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')).rows as ResultRow[]) : readRows(dir);
    if (!r.length) {
      console.error(`field-tables: ${dir} has no result rows: run the study first`);
      process.exit(2);
    }
    return r;
  });
  return { name: name ?? dirs, rows };
});

const label = (r: ResultRow) => columnLabel(r.model, r.variant);
const settingsOf = (rows: ResultRow[]) => [...new Map(rows.map((r) => [settingLabel(r.protocol, r.rate), [r.protocol, r.rate] as const])).entries()];
/** Values by seed of a column in a setting. */
function bySeed(rows: ResultRow[], col: string, setting: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of rows) if (label(r) === col && settingLabel(r.protocol, r.rate) === setting && typeof r.metrics[metric] === 'number') out.set(r.seed, r.metrics[metric] as number);
  return out;
}
function meanStd(m: Map<number, number>): string {
  const v = [...m.values()];
  if (!v.length) return '-';
  const s = summarizeMetrics([...m.entries()].map(([seed, x]) => ({ seed, metrics: { x } }))).x;
  return `${pct(s.mean!)}±${pct(s.std ?? 0)}`;
}
function mean(m: Map<number, number>): number {
  const v = [...m.values()];
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : -Infinity;
}
/** `a − b` over the seeds both hold (pairedDifference of @umq/metrics), or null when they share none. */
function pairOn(a: Map<number, number>, b: Map<number, number>): PairedDifference | null {
  const seeds = [...a.keys()].filter((s) => b.has(s));
  if (!seeds.length) return null;
  const values = (m: Map<number, number>) => seeds.map((seed) => ({ seed, value: m.get(seed)! }));
  return pairedDifference(values(a), values(b));
}
const signed = (v: number, digits: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
/** `a − b` paired by seed: mean ± std (points) and wins. */
function paired(a: Map<number, number>, b: Map<number, number>): string {
  const p = pairOn(a, b);
  return p ? `${signed(100 * p.mean, 1)}±${(100 * p.std).toFixed(1)} (${p.wins}/${p.n})` : '-';
}
/** `a − b` paired by seed: mean ± standard error (points) and wins / ties / losses. */
function pairedSE(a: Map<number, number>, b: Map<number, number>): string {
  const p = pairOn(a, b);
  if (!p || p.n < 2) return '-';
  return `${signed(100 * p.mean, 2)}±${((100 * p.std) / Math.sqrt(p.n)).toFixed(2)} (${p.wins}/${p.ties}/${p.losses})`;
}

const out: string[] = [];
// the headline: one row per data set and setting
const allBaselines = [...new Set(studies.flatMap((s) => s.rows.map(label)))].filter((c) => c !== umqLabel && !excluded.has(c.split('[')[0]) && !dropped.has(c));
out.push(`| data set | setting | ${umqName} | ${allBaselines.join(' | ')} | best baseline | ${umqName} − best (wins) |`);
out.push(`|---|---|---|${allBaselines.map(() => '---').join('|')}|---|---|`);
for (const s of studies) {
  for (const [setting] of settingsOf(s.rows)) {
    const u = bySeed(s.rows, umqLabel, setting);
    const cols = allBaselines.map((c) => bySeed(s.rows, c, setting));
    const present = allBaselines.map((c, i) => [c, cols[i]] as const).filter(([, m]) => m.size > 0);
    const best = present.reduce<readonly [string, Map<number, number>] | null>((a, b) => (a === null || mean(b[1]) > mean(a[1]) ? b : a), null);
    const cells = cols.map((m, i) => (best && allBaselines[i] === best[0] ? `**${meanStd(m)}**` : meanStd(m)));
    out.push(`| ${s.name} | ${setting} | ${meanStd(u)} | ${cells.join(' | ')} | ${best ? best[0] : '-'} | ${best ? paired(u, best[1]) : '-'} |`);
  }
}
if (values.paired) {
  out.push('', `${umqName} minus each baseline, paired by seed: mean ± standard error (points), and ${umqName}'s wins / ties / losses`, '');
  out.push(`| data set | setting | seeds | ${allBaselines.join(' | ')} |`, `|---|---|---|${allBaselines.map(() => '---').join('|')}|`);
  for (const s of studies) {
    for (const [setting] of settingsOf(s.rows)) {
      const u = bySeed(s.rows, umqLabel, setting);
      out.push(`| ${s.name} | ${setting} | ${u.size} | ${allBaselines.map((c) => pairedSE(u, bySeed(s.rows, c, setting))).join(' | ')} |`);
    }
  }
}
const against = values.against;
if (against) {
  for (const s of studies) {
    const cols = [...new Set(s.rows.map(label))].filter((c) => !excluded.has(c.split('[')[0]));
    const refs = cols.filter((c) => c.startsWith(against));
    const others = cols.filter((c) => !c.startsWith(against));
    out.push('', `${s.name}: each model minus the best ${against} column (by its mean), paired by seed (points, wins)`, '', `| setting | best ${against} | ${others.join(' | ')} |`, `|---|---|${others.map(() => '---').join('|')}|`);
    for (const [setting] of settingsOf(s.rows)) {
      const best = refs.map((c) => [c, bySeed(s.rows, c, setting)] as const).reduce<readonly [string, Map<number, number>] | null>((a, b) => (a === null || mean(b[1]) > mean(a[1]) ? b : a), null);
      if (!best) continue;
      out.push(`| ${setting} | ${best[0]} ${meanStd(best[1])} | ${others.map((c) => paired(bySeed(s.rows, c, setting), best[1])).join(' | ')} |`);
    }
  }
}
console.log(out.join('\n'));
