#!/usr/bin/env node
/**
 * Trains the three models of the demo page (docs/demo/) and commits-ready copies of their files:
 * UMQ, early fusion and late fusion on tools/demo/structured-synthetic.json, each trained under
 * hetero-mixed (every sample-modality clean, noisy or missing, re-drawn every epoch), seed 1, with
 * `umq train` itself, so `umq predict --model docs/demo/public/models/<name>` gives exactly what
 * the page shows. Only `config.json` and `model.safetensors` of each are kept
 * (docs/demo/public/models/<name>/); the page regenerates the data set from the config.
 *
 * Run by hand (about 2 minutes): node tools/demo/train-models.mjs
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'packages/model/src/cli/main.ts');
const data = join(root, 'tools/demo/structured-synthetic.json');
const target = join(root, 'docs/demo/public/models');
const MODELS = ['umq', 'early-fusion', 'late-fusion'];
const work = mkdtempSync(join(tmpdir(), 'umq-demo-'));

try {
  for (const model of MODELS) {
    const out = join(work, model);
    const args = ['--conditions=@umq/source', '--import', 'tsx', cli, 'train', '--dataset', 'synthetic', '--synthetic', data, '--model', model,
      '--setting', 'hetero-mixed', '--seed', '1', '--epochs', '40', '--patience', '8', '--d', '32', '--out', out];
    const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
    if (r.status !== 0) throw new Error(`umq train --model ${model} exited with ${r.status}`);
    mkdirSync(join(target, model), { recursive: true });
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(out, 'model', f), join(target, model, f));
    const kB = (f) => (statSync(join(target, model, f)).size / 1024).toFixed(1);
    console.log(`demo: ${model}: config.json ${kB('config.json')} kB, model.safetensors ${kB('model.safetensors')} kB -> ${join(target, model)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
