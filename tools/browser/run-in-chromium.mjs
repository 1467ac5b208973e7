#!/usr/bin/env node
/**
 * Runs @umq/core and @umq/moe in headless Chromium (issue 19): tools/browser/app.js is bundled
 * with esbuild for the browser (from the sources, `@umq/source` condition), served from
 * 127.0.0.1 with the wasm backend's `.wasm` files under /wasm/, and run on a page and in a web
 * worker. Checks that
 * - `initEngine()` ('auto') picks webgpu, webgl or wasm, says which, and lists what it passed over;
 * - `engine: 'wasm'` starts with `wasmPaths: '/wasm/'`, and without it fails with an EngineError
 *   whose message names `wasmPaths`;
 * - `engine: 'tensorflow'` is refused with an EngineError (no tfjs-node in a browser), whose
 *   `name` is 'EngineError' in the minified bundle too;
 * - the MoE README example trains on every engine that started (its loss falls), with the same
 *   first loss on each (same seed, same data) to 1e-3 relative;
 * - no page or worker throws a script error.
 * Prints one line per run (engine, skipped engines, losses, whether the SIMD kernels compiled).
 *
 * Chromium: Debian's `chromium` (`apt-get install -y chromium`), or set CHROMIUM=/path.
 * Usage: node tools/browser/run-in-chromium.mjs
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { launchChromium, requireChromium } from './static-site.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const problems = [];
const log = (msg) => console.log(`browser-run: ${msg}`);

requireChromium('browser-run');

const built = await esbuild.build({
  entryPoints: [join(root, 'tools/browser/app.js')],
  bundle: true, platform: 'browser', format: 'esm', target: 'es2022', minify: true, write: false,
  conditions: ['@umq/source'], outfile: 'app.js', logLevel: 'silent',
});
const app = built.outputFiles.find((f) => f.path.endsWith('.js')).contents;
const page = '<!doctype html><meta charset="utf-8"><title>umq browser run</title><script type="module" src="/app.js"></script>';
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    if (path === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
    if (path.startsWith('/wasm/')) return res.writeHead(200, { 'content-type': 'application/wasm' }).end(await readFile(join(wasmDir, basename(path))));
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  } catch {
    /* fall through to 404 */
  }
  res.writeHead(404).end('not found');
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium(['--enable-unsafe-swiftshader']);

/** Runs app.js with `query` on a page (or, with `worker`, in a module worker started by the page). */
async function run(query, worker = false) {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  await tab.goto(`${base}/${query}`, { waitUntil: 'load' });
  const result = worker
    ? await tab.evaluate((q) => new Promise((ok, fail) => {
        const w = new Worker('/app.js', { type: 'module' });
        w.onmessage = (e) => ok(e.data);
        w.onerror = (e) => fail(new Error(e.message));
        w.postMessage(q);
      }), query)
    : await tab.evaluate(() => globalThis.__umq);
  await tab.close();
  if (errors.length) problems.push(`${query}${worker ? ' (worker)' : ''}: script error: ${errors.join('; ')}`);
  return result;
}

function describe(label, r) {
  if (r.error) return `${label}: ${r.error.name} (${r.error.code}): ${r.error.message.slice(0, 160)}`;
  const skipped = r.engine.skipped.map((s) => `${s.engine} (${s.reason.slice(0, 70)})`).join('; ') || 'none';
  return `${label}: engine ${r.engine.name} (platform ${r.engine.platform}, simd ${r.engine.simd}, threads ${r.engine.threads}); skipped: ${skipped}; loss ${r.first.toFixed(4)} -> ${r.last.toFixed(4)}; SIMD kernels ${r.simdKernels ? 'on' : 'off'}`;
}

try {
  const trained = [];
  const check = (label, r) => {
    log(describe(label, r));
    if (r.error) return problems.push(`${label}: ${r.error.message}`);
    if (r.engine.platform !== 'browser') problems.push(`${label}: platform ${r.engine.platform}, expected the browser build`);
    if (!(r.last < r.first)) problems.push(`${label}: the loss did not fall (${r.first} -> ${r.last})`);
    trained.push([label, r]);
  };
  const auto = await run('?engine=auto');
  check('auto', auto);
  if (!auto.error && !['webgpu', 'webgl', 'wasm'].includes(auto.engine.name)) problems.push(`auto picked ${auto.engine.name}, expected webgpu, webgl or wasm`);
  check('wasm', await run('?engine=wasm'));
  check('wasm in a worker', await run('?engine=wasm', true));
  check('auto in a worker', await run('?engine=auto', true));
  if (!auto.error && auto.engine.name !== 'wasm') check(auto.engine.name, await run(`?engine=${auto.engine.name}`));

  const noPaths = await run('?engine=wasm&nopaths');
  log(describe('wasm without wasmPaths', noPaths));
  if (!noPaths.error || noPaths.error.code !== 'E_ENGINE' || !/wasmPaths/.test(noPaths.error.message)) problems.push(`wasm without wasmPaths: expected an EngineError naming wasmPaths, got ${JSON.stringify(noPaths.error ?? noPaths.engine)}`);
  const node = await run('?engine=tensorflow');
  log(describe('tensorflow', node));
  if (!node.error || node.error.code !== 'E_ENGINE' || node.error.name !== 'EngineError') problems.push(`engine 'tensorflow' in a browser: expected an EngineError, got ${JSON.stringify(node.error ?? node.engine)}`);

  const ref = trained[0]?.[1].first;
  for (const [label, r] of trained) {
    if (Math.abs(r.first - ref) > 1e-3 * Math.abs(ref)) problems.push(`${label}: first loss ${r.first} differs from ${trained[0][0]}'s ${ref} by more than 1e-3 relative`);
  }
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.error(`browser-run: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
log('PASS');
