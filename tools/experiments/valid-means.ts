// Mean VALIDATION metric per setting of each study folder (its rows*.jsonl), for screens that
// choose on validation only (issue 17's option screen); the test metric is not printed.
//
//   node --conditions=@umq/source --import tsx tools/experiments/valid-means.ts [--metric accuracy] runs/umqopt-cub-*
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { readRows, settingLabel } from '@umq/model';

const { values, positionals } = parseArgs({ options: { metric: { type: 'string', default: 'accuracy' } }, allowPositionals: true });
const metric = values.metric!;
const settings = new Set<string>();
const table = positionals.map((dir) => {
  const by = new Map<string, number[]>();
  for (const r of readRows(dir)) {
    const v = r.validMetrics?.[metric];
    if (typeof v !== 'number') continue;
    const s = settingLabel(r.protocol, r.rate);
    settings.add(s);
    by.set(s, [...(by.get(s) ?? []), v]);
  }
  return { name: basename(dir), by };
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
