#!/usr/bin/env node
// The README's main job: a small sweep of UMQ and the two baselines on the embedded synthetic
// data set (clean, noise, missing), printing the results table. Runs the TypeScript sources
// directly (tsx with the `@umq/source` condition), so no build step is needed. Extra arguments
// replace the default sweep arguments (e.g. `npm start -- info`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'model', 'src', 'cli', 'main.ts');
const out = join(root, 'runs', 'demo');
let args = process.argv.slice(2);
if (args.length === 0) {
  rmSync(out, { recursive: true, force: true });
  args = ['sweep', '--dataset', 'synthetic', '--samples', '1200', '--models', 'umq,early-fusion,late-fusion', '--protocols', 'clean,noise,missing',
    '--rates', '0.3,0.6', '--seeds', '1', '--epochs', '20', '--patience', '5', '--d', '32', '--workers', '2', '--out', out];
}
const node = [process.execPath, '--conditions=@umq/source', '--import', 'tsx', cli];
const info = spawnSync(node[0], [...node.slice(1), 'info'], { stdio: 'inherit', cwd: root });
if (info.status !== 0) process.exit(info.status ?? 1);
const r = spawnSync(node[0], [...node.slice(1), ...args], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
