// Getting started: train UMQ on your own arrays under 30% noise, then write and read the report.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initEngine, Rng, type ModalityArray } from '@umq/core';
import { MultimodalDataset } from '@umq/datasets';
import { runExperiment, parseSetting, writeReport, type ResultRow } from '@umq/model';

await initEngine();

// 1. Your data: N samples, two vector modalities (e.g. text 10-d, audio 6-d), binary labels.
const N = 300;
const rng = new Rng(7);
const labels = new Float32Array(N).map(() => rng.int(2));
const modality = (d: number, signal: number): ModalityArray => {
  const values = new Float32Array(N * d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) values[i * d + j] = rng.normal() + (j < 3 ? signal * (2 * labels[i] - 1) : 0);
  return { values, n: N, t: 1, d, mask: null };
};
const split = new Uint8Array(N).map((_, i) => (i < 210 ? 0 : i < 240 ? 1 : 2)); // 0 train, 1 valid, 2 test
const dataset = new MultimodalDataset({
  name: 'my-data',
  modalities: [{ name: 'text', kind: 'vector', dim: 10, maxLen: 1 }, { name: 'audio', kind: 'vector', dim: 6, maxLen: 1 }],
  task: { type: 'binary' },
  features: [modality(10, 1.0), modality(6, 0.5)],
  labels,
  split,
});
console.log(dataset.summary().splits.train.samples, 'training samples');

// 2. Train and test UMQ: features scaled on train, train/valid/test corrupted with noise 0.3.
const rows: ResultRow[] = [];
for (const seed of [1, 2]) {
  rows.push(await runExperiment(dataset, { model: 'umq', setting: parseSetting('noise:0.3'), seed }, {
    model: { d: 16, encoders: { heads: 2 }, moe: { numExperts: 4, topK: 2 } },
    train: { epochs: 20, batchSize: 32, learningRate: 3e-3, progress: false },
  }));
}

// 3. The report: results.md, results.csv, plots/ and index.html (what `umq sweep` writes).
const out = mkdtempSync(join(tmpdir(), 'umq-report-'));
writeReport(out, { meta: { dataset: 'my-data' }, rows });
console.log(readFileSync(join(out, 'results.md'), 'utf8').split('\n').slice(0, 12).join('\n'));
console.log('mean estimated quality per modality (seed 1):', rows[0].meanQuality?.map((q) => q.toFixed(2)));
