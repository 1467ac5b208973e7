/**
 * A sample sweep report for the docs' screenshots (issue 19), from real runs: UMQ and late
 * fusion on the synthetic data set, clean / noise 0.3, 0.6 / missing 0.3, 0.6, seeds 1-3, each
 * row also carrying its accuracy by true-quality bucket (computed here from the run's test
 * predictions, as run-experiment.ts will once it calls qualityBuckets). Writes the report to
 * runs/report-sample (or the folder given) and prints the Markdown.
 *
 * Usage: node --conditions=@umq/source --import tsx tools/docs/report-sample.ts [out]
 * (about 5-10 minutes on 2 cores); then node tools/docs/report-screenshots.mjs [out].
 */
import { initEngine } from '@umq/core';
import { makeSynthetic } from '@umq/datasets';
import { trainExperiment, writeReport, type ResultRow } from '@umq/model';
import { qualityBuckets } from '../../packages/model/src/eval/quality-buckets';

const out = process.argv[2] ?? 'runs/report-sample';
await initEngine();
const ds = makeSynthetic({ samples: 900, seed: 7 });
const settings = [{ kind: 'clean' }, { kind: 'noise', rate: 0.3 }, { kind: 'noise', rate: 0.6 }, { kind: 'missing', rate: 0.3 }, { kind: 'missing', rate: 0.6 }] as const;
const rows: ResultRow[] = [];
const t0 = Date.now();
for (const seed of [1, 2, 3]) {
  for (const model of ['umq', 'late-fusion'] as const) {
    for (const setting of settings) {
      const done = await trainExperiment(ds, { model, setting, seed }, { model: { d: 16 }, train: { epochs: 12, batchSize: 64, learningRate: 3e-3, patience: 4, restoreBest: true, progress: false } });
      const { predictions: p, test } = done;
      const row = test.quality ? { ...done.row, qualityBuckets: qualityBuckets(done.model.task, p.logits, p.outDim, test.labels, test.quality) } : done.row;
      done.model.dispose();
      rows.push(row);
      console.error(`${model} ${setting.kind}${'rate' in setting ? ` ${setting.rate}` : ''} seed ${seed}: accuracy ${row.metrics.accuracy?.toFixed(3)} (${row.seconds.toFixed(1)} s)`);
    }
  }
}
const md = writeReport(out, { meta: { dataset: 'synthetic (900 samples)', seconds: (Date.now() - t0) / 1000, command: 'node --conditions=@umq/source --import tsx tools/docs/report-sample.ts' }, rows });
console.log(md);
