// Which test samples each run gets wrong, from `umq train` folders (metrics.json and
// predictions.jsonl): per setting, each model's errors by seed, and the samples that every run
// of that setting misses, with the accuracy a model would reach were those its only errors.
//
//   node --conditions=@umq/source --import tsx tools/experiments/shared-errors.ts [--mat FILE.mat] runs/errors-handwritten/*/
//
// With --mat (the data set the runs trained on, a MAT file with a fixed split), each sample every
// run misses is also shown with the labels of its 5 nearest training samples in each view
// (Euclidean, features standardised by the training split): is it its class's, or its neighbours'?
// Written for issue 17's Handwritten ceiling (tools/experiments/shared-errors.sh runs the models).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { multiviewFromMat, readMat, scaleFeatures } from '@umq/datasets';
import { settingLabel } from '@umq/model';

const { values: args, positionals } = parseArgs({ options: { mat: { type: 'string' } }, allowPositionals: true });
let cached: ReturnType<typeof multiviewFromMat> | null = null; // the --mat data set, read once and standardised

interface Run { model: string; setting: string; seed: number; n: number; wrong: { id: string; label: number; prediction: number }[] }

const runs: Run[] = [];
for (const dir of positionals) {
  const metricsFile = join(dir, 'metrics.json');
  const predictionsFile = join(dir, 'predictions.jsonl');
  if (!existsSync(metricsFile) || !existsSync(predictionsFile)) {
    console.error(`skipping ${dir}: no metrics.json and predictions.jsonl (a folder of umq train --out, finished)`);
    continue;
  }
  const m = JSON.parse(readFileSync(metricsFile, 'utf8')) as { model: string; protocol: string; rate: number | null; seed: number };
  const records = readFileSync(predictionsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; label: number; prediction: number });
  runs.push({ model: m.model, setting: settingLabel(m.protocol, m.rate), seed: m.seed, n: records.length, wrong: records.filter((r) => r.prediction !== r.label) });
}
if (runs.length === 0) {
  console.error('no finished run folders given: pass the folders umq train wrote (e.g. runs/errors-handwritten/*/)');
  process.exit(1);
}

for (const setting of [...new Set(runs.map((r) => r.setting))]) {
  const inSetting = runs.filter((r) => r.setting === setting);
  const n = inSetting[0]!.n;
  console.log(`\n## ${setting} (${inSetting.length} runs, ${n} test samples)\n`);
  console.log('| model | seed | errors | accuracy % | wrong samples (id: label -> prediction) |');
  console.log('|---|---|---|---|---|');
  for (const r of inSetting.sort((a, b) => a.model.localeCompare(b.model) || a.seed - b.seed)) {
    console.log(`| ${r.model} | ${r.seed} | ${r.wrong.length} | ${(100 * (1 - r.wrong.length / r.n)).toFixed(2)} | ${r.wrong.map((w) => `${w.id}: ${w.label} -> ${w.prediction}`).join(', ')} |`);
  }
  const missedByAll = [...new Set(inSetting[0]!.wrong.map((w) => w.id))].filter((id) => inSetting.every((r) => r.wrong.some((w) => w.id === id)));
  console.log(`\nmissed by every run: ${missedByAll.length ? missedByAll.join(', ') : 'none'}; a model erring on those alone: ${(100 * (1 - missedByAll.length / n)).toFixed(2)} %`);
  if (args.mat) for (const id of missedByAll) console.log(`- ${id}: ${neighbours(id)}`);
}

/** The labels of a sample's 5 nearest training samples in each view, e.g. "label 3; views: 00000 33494 ...". */
function neighbours(id: string): string {
  const ds = dataset();
  const row = ds.ids.indexOf(id);
  if (row < 0) return `not in ${args.mat}`;
  const train = ds.select('train');
  const views = ds.features.map((all, m) => {
    const tr = train.features[m]!;
    const d = tr.t * tr.d;
    const dist = Array.from({ length: tr.n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (tr.values[i * d + j]! - all.values[row * d + j]!) ** 2;
      return [s, i] as const;
    });
    return dist.sort((a, b) => a[0] - b[0]).slice(0, 5).map(([, i]) => train.labels[i]).join('');
  });
  return `label ${ds.labels[row]}; its 5 nearest training samples' labels, view by view: ${views.join(' ')}`;
}

/** The --mat data set, read once, its features standardised by the training split (as the harness scales them). */
function dataset() {
  cached ??= scaleFeatures(multiviewFromMat(readMat(new Uint8Array(readFileSync(args.mat!)), args.mat!), args.mat!)).dataset;
  return cached;
}
