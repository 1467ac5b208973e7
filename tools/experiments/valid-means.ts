// Mean VALIDATION metric per setting of each study folder (its rows*.jsonl), for screens that
// choose on validation only (issue 17's option screen); the test metric is not printed.
//
//   node --conditions=@umq/source --import tsx tools/experiments/valid-means.ts [--metric accuracy] [--seeds 1,2,3] runs/umqopt-cub-*
//
// One row per study folder and column (model[variant]); `--seeds` keeps those seeds only.
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { columnLabel, readRows, settingLabel } from '@umq/model';

const { values, positionals } = parseArgs({ options: { metric: { type: 'string', default: 'accuracy' }, seeds: { type: 'string' } }, allowPositionals: true });
const seeds = values.seeds ? new Set(values.seeds.split(',').map(Number)) : null;
const metric = values.metric!;
const settings = new Set<string>();
const table = positionals.flatMap((dir) => {
  const byColumn = new Map<string, Map<string, number[]>>();
  for (const r of readRows(dir)) {
    const v = r.validMetrics?.[metric];
    if (typeof v !== 'number' || (seeds && !seeds.has(r.seed))) continue;
    const s = settingLabel(r.protocol, r.rate);
    settings.add(s);
    const col = columnLabel(r.model, r.variant);
    const by = byColumn.get(col) ?? new Map<string, number[]>();
    by.set(s, [...(by.get(s) ?? []), v]);
    byColumn.set(col, by);
  }
  return [...byColumn].map(([col, by]) => ({ name: `${basename(dir)} ${col}`, by }));
});
const cols = [...settings];
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
console.log(`| study | ${cols.join(' | ')} | mean | runs |`);
console.log(`|---|${cols.map(() => '---').join('|')}|---|---|`);
for (const { name, by } of table) {
  const means = cols.map((c) => (by.has(c) ? 100 * mean(by.get(c)!) : NaN));
  const present = means.filter(Number.isFinite);
  console.log(`| ${name} | ${means.map((m) => (Number.isFinite(m) ? m.toFixed(1) : '-')).join(' | ')} | ${present.length ? mean(present).toFixed(1) : '-'} | ${[...by.values()].reduce((a, v) => a + v.length, 0)} |`);
}
