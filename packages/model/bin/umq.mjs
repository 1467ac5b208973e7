#!/usr/bin/env node
// The `umq` command. Installed from npm, it runs the built CLI (dist/cli/main.js). In a checkout
// of the UMQ repository (the package is not inside a node_modules folder and has its sources),
// it runs the TypeScript sources with tsx and the `@umq/source` condition instead, so `npx umq`
// works right after `npm install`, with no build, and never runs a stale dist/. This file is
// committed (not built), so npm links it into node_modules/.bin at install time.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = dirname(dirname(realpathSync(fileURLToPath(import.meta.url))));
const source = join(pkg, 'src', 'cli', 'main.ts');
const built = join(pkg, 'dist', 'cli', 'main.js');
const checkout = !pkg.split(sep).includes('node_modules') && existsSync(source);

let args;
if (checkout) {
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    console.error('umq: this is a source checkout but tsx is not installed: run `npm install` at the repository root');
    process.exit(2);
  }
  args = ['--conditions=@umq/source', '--import', tsx, source];
} else if (existsSync(built)) {
  args = [built];
} else {
  console.error(`umq: ${built} is missing: reinstall @umq/model (or run \`npm run build\` in its repository)`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
if (r.error) {
  console.error(`umq: cannot start node (${r.error.message})`);
  process.exit(2);
}
process.exit(r.status ?? 1);
