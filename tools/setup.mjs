#!/usr/bin/env node
// First-run set-up for a fresh clone: install the workspace from package-lock.json when
// node_modules is missing or older than the lock file. Nothing else is fetched.
// `npm install` (which installs the locked versions) is used rather than `npm ci`: npm 11 writes
// lock files without other platforms' optional packages (e.g. @rollup/rollup-darwin-x64) and then
// its own `npm ci` refuses them as out of sync.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('[setup] installing dependencies from package-lock.json ...');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
