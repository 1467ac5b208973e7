#!/usr/bin/env node
/**
 * Prints the browser bundle size of each package's main entry (esbuild, platform 'browser',
 * minified; and gzip level 9), from the sources (`@umq/source`) and, where built, from dist/,
 * next to the size of tfjs alone (`@tensorflow/tfjs` + `@tensorflow/tfjs-backend-wasm`, which
 * every package but @umq/metrics bundles through @umq/core). The .wasm binaries are fetched at
 * run time and not counted.
 *
 * Usage: node tools/browser/sizes.mjs
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_PACKAGES, bundleForBrowser } from './bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const kB = (n) => (n / 1024).toFixed(0).padStart(6);
const rows = [];
const tfjs = await bundleForBrowser({ specifier: 'tfjs', code: "export * from '@tensorflow/tfjs'; export * from '@tensorflow/tfjs-backend-wasm';", resolveDir: join(root, 'packages/core') });
rows.push(['tfjs + wasm backend', tfjs, null]);
for (const pkg of BROWSER_PACKAGES) {
  const dir = join(root, 'packages', pkg);
  const source = await bundleForBrowser({ specifier: `@umq/${pkg}`, resolveDir: dir, source: true });
  const dist = existsSync(join(dir, 'dist/index.js')) ? await bundleForBrowser({ specifier: `@umq/${pkg}`, resolveDir: dir }) : null;
  rows.push([`@umq/${pkg}`, source, dist]);
}
console.log('entry                  source: min kB  gzip kB | dist: min kB  gzip kB');
for (const [name, s, d] of rows) {
  const bad = (r) => (r && (r.errors.length || r.builtins.length) ? ' (FAILS)' : '');
  console.log(`${name.padEnd(22)} ${kB(s.bytes)}   ${kB(s.gzipBytes)}${bad(s)}  | ${d ? `${kB(d.bytes)}   ${kB(d.gzipBytes)}${bad(d)}` : '     -        -'}`);
}
