#!/usr/bin/env node
/**
 * Keeps the code of the guides honest (issue 8): every example lives as a file in
 * tools/docs/examples/*.ts, and a document includes it verbatim after a marker line
 *
 *     <!-- example: tools/docs/examples/NAME.ts -->
 *     ```ts
 *     ...the file's content...
 *     ```
 *
 * This script (1) checks that every marked block in docs/*.md and packages/model/README.md equals
 * its file (`--write` rewrites the blocks from the files instead), (2) type-checks the examples
 * (tsc -p tools/docs/tsconfig.json), and (3) runs each one with
 * `node --conditions=@umq/source --import tsx FILE` (workspace sources, no build needed),
 * failing on a non-zero exit. Usage: node tools/docs/run-examples.mjs [--write] [--no-run] [NAME...]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const write = args.includes('--write');
const names = args.filter((a) => !a.startsWith('--'));
const examplesDir = join(root, 'tools/docs/examples');
const documents = [
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f)),
  join(root, 'packages/model/README.md'),
];
const MARKER = /<!-- example: (tools\/docs\/examples\/[\w.-]+\.ts) -->\n```ts\n([\s\S]*?)```/g;
const problems = [];
const log = (msg) => console.log(`docs-examples: ${msg}`);

// 1. Included blocks match their files.
const included = new Set();
for (const doc of documents) {
  const text = readFileSync(doc, 'utf8');
  const next = text.replace(MARKER, (whole, path, code) => {
    included.add(path);
    const file = join(root, path);
    if (!existsSync(file)) {
      problems.push(`${relative(root, doc)} includes ${path}, which does not exist`);
      return whole;
    }
    const source = readFileSync(file, 'utf8');
    if (code !== source && !write) problems.push(`${relative(root, doc)}: the block of ${path} differs from the file (run \`node tools/docs/run-examples.mjs --write --no-run\`)`);
    return `<!-- example: ${path} -->\n\`\`\`ts\n${source}\`\`\``;
  });
  if (write && next !== text) {
    writeFileSync(doc, next);
    log(`updated ${relative(root, doc)}`);
  }
}
const files = readdirSync(examplesDir).filter((f) => f.endsWith('.ts')).sort();
for (const f of files) if (!included.has(`tools/docs/examples/${f}`)) problems.push(`tools/docs/examples/${f} is not included in any guide`);
log(`${included.size} example(s) included in ${documents.length} document(s)`);

// 2. Type-check, 3. run.
if (!args.includes('--no-run')) {
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tools/docs/tsconfig.json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    log('tsc: the examples type-check');
  } catch (e) {
    problems.push(`the examples do not type-check:\n${e.stdout}`);
  }
  for (const f of files.filter((f) => names.length === 0 || names.some((n) => f.startsWith(n)))) {
    const t0 = Date.now();
    try {
      const out = execFileSync(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', join(examplesDir, f)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
      log(`${f} ok in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${out.trim().split('\n').slice(-1)[0]}`);
    } catch (e) {
      problems.push(`${f} failed:\n${e.stdout ?? ''}${e.stderr ?? e}`);
      log(`${f} FAILED`);
    }
  }
}

if (problems.length) {
  console.error(`\ndocs-examples: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
log('PASS');
