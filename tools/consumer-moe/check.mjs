#!/usr/bin/env node
/**
 * Outside-the-monorepo consumer check of @umq/moe: packs @umq/core and @umq/moe (build them
 * first: `npx nx run @umq/moe:build`), installs both tarballs in a fresh temp project with
 * `npm install --offline` (tfjs from the npm cache; falls back to --prefer-offline), writes the
 * README example as index.mjs (ESM) and index.cjs (CJS), runs both and checks that the loss
 * decreased. Exits non-zero on any failure. Usage: node tools/consumer-moe/check.mjs [--keep]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const keep = process.argv.includes('--keep');
const dir = mkdtempSync(join(tmpdir(), 'umq-consumer-moe-'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function fail(msg) {
  console.error(`consumer-moe: FAIL: ${msg}`);
  console.error(`(temp project kept at ${dir})`);
  process.exit(1);
}

try {
  const tarballs = {};
  for (const pkg of ['core', 'moe']) {
    const p = join(root, 'packages', pkg);
    if (!existsSync(join(p, 'dist', 'index.js'))) fail(`packages/${pkg}/dist is missing: run \`npx nx run @umq/moe:build\` first`);
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], p));
    tarballs[`@umq/${pkg}`] = `file:./${out[0].filename}`;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'umq-consumer-moe', private: true, version: '0.0.0', dependencies: tarballs }, null, 2));
  try {
    run('npm', ['install', '--offline', '--no-audit', '--no-fund'], dir);
    console.log('consumer-moe: npm install --offline ok');
  } catch (e) {
    console.warn(`consumer-moe: --offline failed (${String(e.stderr ?? e).split('\n').filter((l) => l && !l.includes('Unknown user config')).slice(0, 3).join(' / ')}), retrying with --prefer-offline`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  }

  const readme = readFileSync(join(root, 'packages/moe/README.md'), 'utf8');
  const m = readme.match(/```js\n([\s\S]*?)```/);
  if (!m) fail('no ```js example block in packages/moe/README.md');
  const esm = m[1];
  const cjsBody = esm
    .replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_s, names, mod) => `const {${names}} = require('${mod}');`)
    .split('\n');
  const requires = cjsBody.filter((l) => l.startsWith('const {') && l.includes('require('));
  const rest = cjsBody.filter((l) => !requires.includes(l));
  const cjs = `${requires.join('\n')}\n(async () => {\n${rest.join('\n')}\n})().catch((e) => { console.error(e); process.exit(1); });\n`;
  writeFileSync(join(dir, 'index.mjs'), esm);
  writeFileSync(join(dir, 'index.cjs'), cjs);

  for (const file of ['index.mjs', 'index.cjs']) {
    const out = run('node', [file], dir);
    const r = out.match(/loss ([\d.]+) -> ([\d.]+)/);
    if (!r) fail(`${file} printed no "loss a -> b" line:\n${out}`);
    const [a, b] = [Number(r[1]), Number(r[2])];
    if (!(b < a)) fail(`${file}: loss did not decrease (${a} -> ${b})`);
    console.log(`consumer-moe: ${file} ok (loss ${a} -> ${b})`);
  }
  console.log('consumer-moe: PASS');
  if (!keep) rmSync(dir, { recursive: true, force: true });
} catch (e) {
  fail(`${e.message}${e.stderr ? `\n${e.stderr}` : ''}`);
}
