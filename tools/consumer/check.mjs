#!/usr/bin/env node
/**
 * Outside-the-monorepo consumer check of the nine `@umq/*` packages (issue 8).
 *
 * 1. builds every package (`nx run-many -t build`, cached; skip with --no-build),
 * 2. `npm pack`s the nine packages into a fresh temporary project and installs ONLY those
 *    tarballs (no workspace links) with `npm install --offline`, falling back to
 *    `--prefer-offline` (tfjs, fflate, h5wasm come from the npm cache),
 * 3. takes the first ```ts / ```js example of the READMEs of @umq/moe, @umq/evidential,
 *    @umq/corruptions, @umq/metrics and @umq/model, type-checks it against the installed packages' `.d.ts`
 *    (tsc, module node16), strips the types and runs it as ESM (`.mjs`) and as CJS (`.cjs`,
 *    imports turned into `require`, body in an async IIFE),
 * 4. checks each run's output (the MoE loss decreases, the model learns) and that ESM and CJS
 *    print the same thing,
 * 5. does the same with the guide example tools/docs/examples/encoder-workers.ts: a tiny sequence
 *    UMQ trained serially and with the encoder-worker runner (2 workers), so the packed worker entry
 *    (dist/encoder-worker.js, .cjs) starts from an installed package; both runs must print the
 *    same validation losses,
 * 6. bundles the main entry of each browser package (tools/browser/bundle.mjs: esbuild,
 *    platform 'browser', from the installed dist) and fails on any error or Node built-in in the
 *    output; prints each bundle's size, minified and gzip (issue 19),
 * 7. checks the Node-only subpaths from the installed packages, ESM and CJS: `@umq/core/node`,
 *    `@umq/datasets/node` and `@umq/model/node` load, are the same functions their main entries
 *    export in Node (one copy of the shared chunks), their errors are instances of `@umq/core`'s
 *    error classes, and `train` there takes a `checkpointDir` (the Node entry registered it),
 * 8. runs `npx umq info` in the fresh project: the installed bin (bin/umq.mjs) starts the built CLI.
 *
 * Exits non-zero on any failure. Usage: node tools/consumer/check.mjs [--keep] [--no-build] [--only moe,metrics,encoder-workers]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { BROWSER_PACKAGES, bundleForBrowser, ownDisabled } from '../browser/bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ts = createRequire(join(root, 'package.json'))('typescript');
const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const build = !argv.includes('--no-build');
const onlyArg = argv.indexOf('--only');
const PACKAGES = ['core', 'corruptions', 'datasets', 'enhancer', 'evidential', 'metrics', 'model', 'moe', 'quality'];

/** The README examples to run, with a check of their output (returns an error message or null). */
const lossDecreases = (out) => {
  const r = out.match(/loss ([\d.]+) -> ([\d.]+)/);
  if (!r) return 'printed no "loss a -> b" line';
  return Number(r[2]) < Number(r[1]) ? null : `loss did not decrease (${r[1]} -> ${r[2]})`;
};
const EXAMPLES = {
  moe: lossDecreases,
  evidential: lossDecreases,
  corruptions: (out) => (/missing 0\.3 0\.3125/.test(out) ? null : 'expected "missing 0.3 0.3125" (the realised rate)'),
  metrics: (out) => (/^0\.5 0\.75 1 1 0\.55/m.test(out) ? null : 'expected the regression metrics line to start "0.5 0.75 1 1 0.55"'),
  model: (out) => {
    const r = out.match(/test accuracy ([\d.]+)/);
    if (!r) return 'printed no "test accuracy" line';
    return Number(r[1]) > 0.6 ? null : `test accuracy ${r[1]} is not above 0.6: the model did not learn`;
  },
  'encoder-workers': (out) => {
    const serial = out.match(/serial *: validation loss per epoch ([\d. ]+)/);
    const workers = out.match(/encoder-workers *: validation loss per epoch ([\d. ]+)/);
    if (!serial || !workers) return 'printed no "serial: ..." and "encoder-workers: ..." lines';
    return serial[1].trim() === workers[1].trim() ? null : `training with encoder workers gave other validation losses (${workers[1].trim()}) than serial training (${serial[1].trim()})`;
  },
};
/** Examples that are not the first block of a README: guide examples under tools/docs/examples. */
const GUIDE_EXAMPLES = { 'encoder-workers': 'tools/docs/examples/encoder-workers.ts' };
const selected = onlyArg >= 0 ? argv[onlyArg + 1].split(',') : Object.keys(EXAMPLES);

const dir = mkdtempSync(join(tmpdir(), 'umq-consumer-'));
const run = (cmd, args, cwd, timeout = 600_000) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 << 20 });
const log = (msg) => console.log(`consumer: ${msg}`);

function fail(msg) {
  console.error(`consumer: FAIL: ${msg}`);
  console.error(`(temp project kept at ${dir})`);
  process.exit(1);
}

/** The first ```ts or ```js block of a README (or a guide example's file): `{ lang, code }`. */
function readmeExample(pkg) {
  if (GUIDE_EXAMPLES[pkg]) return { lang: 'ts', code: readFileSync(join(root, GUIDE_EXAMPLES[pkg]), 'utf8') };
  const readme = readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8');
  const m = readme.match(/```(ts|js)\n([\s\S]*?)```/);
  if (!m) fail(`no \`\`\`ts or \`\`\`js example block in packages/${pkg}/README.md`);
  return { lang: m[1], code: m[2] };
}

/** Strips TypeScript syntax, keeping ES modules and top-level await. */
function stripTypes(source, fileName) {
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false, isolatedModules: true },
  });
  if (out.diagnostics?.length) fail(`${fileName}: ${ts.flattenDiagnosticMessageText(out.diagnostics[0].messageText, '\n')}`);
  return out.outputText.replace(/^export \{\};\s*$/m, '');
}

/** ESM -> CJS: named imports become destructured requires, the rest runs in an async IIFE. */
function toCjs(esm) {
  const requires = [];
  const body = esm.replace(/^import \{([^}]*)\} from '([^']+)';\s*$/gm, (_s, names, mod) => {
    const list = names.split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.replace(/\s+as\s+/, ': '));
    requires.push(`const { ${list.join(', ')} } = require('${mod}');`);
    return '';
  });
  if (/^import\s/m.test(body)) fail(`an import form the CJS conversion does not handle:\n${body.match(/^import.*$/m)[0]}`);
  return `'use strict';\n${requires.join('\n')}\n(async () => {\n${body.trim()}\n})().catch((e) => { console.error(e); process.exit(1); });\n`;
}

try {
  if (build) {
    log('building all packages (nx run-many -t build)');
    run('npx', ['nx', 'run-many', '-t', 'build', '--parallel=1', '--outputStyle=static'], root, 1_800_000);
  }
  const deps = {};
  for (const pkg of PACKAGES) {
    const p = join(root, 'packages', pkg);
    if (!existsSync(join(p, 'dist', 'index.js'))) fail(`packages/${pkg}/dist is missing: run \`npm run build\` first`);
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], p));
    deps[`@umq/${pkg}`] = `file:./${out[0].filename}`;
  }
  log(`packed ${Object.keys(deps).length} packages into ${dir}`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'umq-consumer', private: true, version: '0.0.0', type: 'module', dependencies: deps }, null, 2));
  try {
    run('npm', ['install', '--offline', '--no-audit', '--no-fund'], dir);
    log('npm install --offline ok');
  } catch (e) {
    const why = String(e.stderr ?? e).split('\n').filter((l) => l && !l.includes('Unknown user config') && !l.includes('Unknown env config')).slice(0, 3).join(' / ');
    log(`--offline failed (${why}), retrying with --prefer-offline`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  }
  const linked = run('npm', ['ls', '--json', '--depth=0'], dir);
  for (const [name, info] of Object.entries(JSON.parse(linked).dependencies ?? {})) {
    if (!String(info.resolved ?? '').startsWith('file:')) fail(`${name} was not installed from its tarball (${info.resolved})`);
  }

  // Type-check the README examples against the shipped .d.ts files (ESM consumer, node16).
  // (```js examples are plain JavaScript and are only run.)
  const typed = selected.filter((pkg) => readmeExample(pkg).lang === 'ts');
  for (const pkg of typed) writeFileSync(join(dir, `${pkg}.ts`), readmeExample(pkg).code);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: true,
      types: ['node'], typeRoots: [join(root, 'node_modules/@types')],
    },
    files: typed.map((p) => `${p}.ts`),
  }, null, 2));
  try {
    run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);
    log(`tsc (node16, ESM) type-checks the TypeScript README examples (${typed.join(', ')}) against the packed .d.ts`);
  } catch (e) {
    fail(`the README examples do not type-check against the packed packages:\n${e.stdout}`);
  }

  for (const pkg of selected) {
    const esm = stripTypes(readmeExample(pkg).code, `${pkg}.ts`);
    writeFileSync(join(dir, `${pkg}.mjs`), esm);
    writeFileSync(join(dir, `${pkg}.cjs`), toCjs(esm));
    const outputs = [];
    for (const file of [`${pkg}.mjs`, `${pkg}.cjs`]) {
      let out;
      try {
        out = run('node', [file], dir);
      } catch (e) {
        fail(`${file} (${GUIDE_EXAMPLES[pkg] ?? `README example of @umq/${pkg}`}) exited with an error:\n${e.stdout ?? ''}${e.stderr ?? e}`);
      }
      const problem = EXAMPLES[pkg](out);
      if (problem) fail(`${file} (${GUIDE_EXAMPLES[pkg] ?? `README example of @umq/${pkg}`}): ${problem}\n${out}`);
      log(`${file} ok: ${out.trim().split('\n')[GUIDE_EXAMPLES[pkg] ? 1 : 0]}`);
      outputs.push(out);
    }
    if (outputs[0] !== outputs[1]) fail(`@umq/${pkg}: ESM and CJS printed different output:\n${outputs[0]}\n---\n${outputs[1]}`);
  }
  // 6. The browser bundles of the installed main entries.
  for (const pkg of BROWSER_PACKAGES) {
    const r = await bundleForBrowser({ specifier: `@umq/${pkg}`, resolveDir: dir });
    if (r.errors.length) fail(`@umq/${pkg} does not bundle for the browser:\n${r.errors.join('\n')}`);
    if (r.builtins.length) fail(`the browser bundle of @umq/${pkg} imports Node built-ins: ${r.builtins.join(', ')}`);
    const own = ownDisabled(r);
    if (own.length) fail(`@umq/${pkg} imports modules its dependencies disable in browsers: ${own.map((d) => `${d.module} (from ${d.importer})`).join(', ')}`);
    log(`browser bundle of @umq/${pkg}: ${(r.bytes / 1024).toFixed(0)} kB minified, ${(r.gzipBytes / 1024).toFixed(0)} kB gzip, no Node built-in`);
  }

  // 7. The Node-only subpaths, ESM and CJS.
  const nodeCheck = (req) => `
const core = ${req('@umq/core')};
const coreNode = ${req('@umq/core/node')};
const datasets = ${req('@umq/datasets')};
const datasetsNode = ${req('@umq/datasets/node')};
const model = ${req('@umq/model')};
const modelNode = ${req('@umq/model/node')};
const same = coreNode.saveModuleState === core.saveModuleState && datasetsNode.loadDataset === datasets.loadDataset && modelNode.loadModel === model.loadModel && modelNode.directoryCheckpoints === model.directoryCheckpoints;
// the Node entry registered checkpoint folders with the one train() there is: a checkpointDir is not refused
await core.initEngine({ warn: () => {} });
const ds = datasets.makeSynthetic({ samples: 60, seed: 1 });
const arrays = (n) => { const a = datasets.splitArrays(ds, n); return { features: a.features, labels: a.labels }; };
const m = model.buildModel('early-fusion', model.datasetShape(ds), { seed: 1 });
const ckpt = require('node:path').join(require('node:os').tmpdir(), 'umq-consumer-ckpt-' + process.pid);
await model.train(m, { train: () => arrays('train') }, { epochs: 1, batchSize: 16, checkpointDir: ckpt, progress: false });
require('node:fs').rmSync(ckpt, { recursive: true, force: true });
let typed = false;
try { coreNode.loadSafetensors('no-such-file.safetensors'); } catch (e) { typed = e instanceof core.DataFormatError; }
console.log(\`node subpaths: same functions \${same}, error classes shared \${typed}\`);`;
  writeFileSync(join(dir, 'node-subpaths.mjs'), `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${nodeCheck((m) => `await import('${m}')`)}`);
  writeFileSync(join(dir, 'node-subpaths.cjs'), `(async () => {${nodeCheck((m) => `require('${m}')`)}\n})();`);
  for (const file of ['node-subpaths.mjs', 'node-subpaths.cjs']) {
    const out = run('node', [file], dir).trim();
    if (out !== 'node subpaths: same functions true, error classes shared true') fail(`${file}: ${out}`);
    log(`${file} ok: ${out}`);
  }
  // 8. The installed `umq` command.
  const info = run('npx', ['--no-install', 'umq', 'info'], dir);
  if (!/^engine: \S+ \(backend/m.test(info) || !/^@umq\/model \d/m.test(info)) fail(`npx umq info printed:\n${info}`);
  log(`npx umq info ok: ${info.split('\n')[0]}`);
  log('PASS');
  if (!keep) rmSync(dir, { recursive: true, force: true });
} catch (e) {
  fail(`${e.message}${e.stdout ? `\n${e.stdout}` : ''}${e.stderr ? `\n${e.stderr}` : ''}`);
}
