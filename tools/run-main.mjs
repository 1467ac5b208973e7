#!/usr/bin/env node
// The README's main job. Runs the TypeScript sources directly (tsx, `@umq/source` condition),
// so it needs no build step. Extra arguments are passed on.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'tools', 'demo', 'main.ts');
const r = spawnSync(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', entry, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
