#!/usr/bin/env node
/**
 * Release check of the nine `@umq/*` packages (issue 8), without publishing anything:
 *
 * 1. builds every package (`nx run-many -t build`, cached; skip with --no-build);
 * 2. `npm pack --dry-run` of each: the tarball has dist/index.{js,cjs,d.ts,d.cts}, every dist
 *    file its `exports` map names (e.g. the `node` condition's dist/index-node.* and the
 *    `./node` subpath's dist/node.*), README.md, and no test files;
 * 3. `publint --strict` (warnings fail too) and `attw --pack --profile node16` (ESM and CJS
 *    consumers under node16 and bundler resolution; node10 is skipped: every package needs
 *    Node >= 20.19 and uses `exports` subpaths);
 * 4. `changeset version` in a temporary clone (never in the working tree: it rewrites
 *    package.json versions), with this tree's .changeset/ copied in: every package gets one
 *    shared new version, a CHANGELOG.md, and internal dependencies pinned to that version.
 *
 * Usage: node tools/consumer/release-check.mjs [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, cpSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES = ['core', 'corruptions', 'datasets', 'enhancer', 'evidential', 'metrics', 'model', 'moe', 'quality'];
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
const problems = [];
const log = (msg) => console.log(`release-check: ${msg}`);

function attempt(label, fn) {
  try {
    const note = fn();
    log(`${label}: ok${note ? ` (${note})` : ''}`);
  } catch (e) {
    const detail = [e.stdout, e.stderr, e.stdout || e.stderr ? '' : e.message].filter(Boolean).join('\n')
      .split('\n').filter((l) => l.trim() && !/Unknown (user|env) config/.test(l)).join('\n');
    problems.push(`${label}:\n${detail}`);
    log(`${label}: FAIL`);
  }
}

if (!process.argv.includes('--no-build')) {
  log('building all packages (nx run-many -t build)');
  run('npx', ['nx', 'run-many', '-t', 'build', '--parallel=1', '--outputStyle=static'], root);
}

for (const pkg of PACKAGES) {
  const dir = join(root, 'packages', pkg);
  attempt(`@umq/${pkg} npm pack`, () => {
    const [info] = JSON.parse(run('npm', ['pack', '--dry-run', '--json'], dir));
    const files = info.files.map((f) => f.path);
    const exported = [];
    const walk = (v) => (typeof v === 'string' ? v.startsWith('./dist/') && exported.push(v.slice(2)) : v && Object.values(v).forEach(walk));
    walk(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports);
    const need = new Set(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'README.md', 'package.json', ...exported]);
    const missing = [...need].filter((f) => !files.includes(f));
    if (missing.length) throw new Error(`the tarball lacks ${missing.join(', ')} (build first?)`);
    const tests = files.filter((f) => /\.test\.ts$/.test(f));
    if (tests.length) throw new Error(`the tarball ships test files: ${tests.join(', ')}`);
    return `${info.filename}, ${files.length} files, ${(info.size / 1024).toFixed(0)} kB`;
  });
  attempt(`@umq/${pkg} publint --strict`, () => {
    const out = run(bin('publint'), ['--strict', dir], root);
    if (!/All good/.test(out)) throw Object.assign(new Error('publint reported suggestions'), { stdout: out });
  });
  attempt(`@umq/${pkg} attw --pack --profile node16`, () => {
    run(bin('attw'), ['--pack', dir, '--profile', 'node16', '--format', 'table-flipped'], root);
  });
}

attempt('changeset version (temporary clone)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'umq-release-'));
  try {
    run('git', ['clone', '--quiet', '--no-hardlinks', root, join(tmp, 'repo')], tmp);
    const clone = join(tmp, 'repo');
    rmSync(join(clone, '.changeset'), { recursive: true, force: true });
    cpSync(join(root, '.changeset'), join(clone, '.changeset'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
    run(bin('changeset'), ['version'], clone);
    const versions = new Set();
    for (const pkg of PACKAGES) {
      const json = JSON.parse(readFileSync(join(clone, 'packages', pkg, 'package.json'), 'utf8'));
      versions.add(json.version);
      if (!existsSync(join(clone, 'packages', pkg, 'CHANGELOG.md'))) throw new Error(`@umq/${pkg} got no CHANGELOG.md`);
      for (const [dep, range] of Object.entries(json.dependencies ?? {})) {
        if (dep.startsWith('@umq/') && range !== json.version) throw new Error(`@umq/${pkg} depends on ${dep}@${range}, not on the released ${json.version}`);
      }
    }
    if (versions.size !== 1) throw new Error(`the packages got different versions: ${[...versions].join(', ')}`);
    return `all nine packages -> ${[...versions][0]}, CHANGELOG.md written`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

if (problems.length) {
  console.error(`\nrelease-check: ${problems.length} problem(s)\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
log('PASS');
