#!/usr/bin/env node
/**
 * The demo page in headless Chromium (issue 19): builds docs/demo with Vite into a temporary
 * folder (or takes a built one: `--site DIR`, e.g. docs/api/demo), serves it as static files from
 * 127.0.0.1, and checks that
 * - the page loads the three models on the wasm backend and shows test sample 0;
 * - the logits and the per-modality quality it shows for that sample equal what Node's
 *   `umq predict --model docs/demo/public/models/<name> --split test` prints for it, within 1e-4
 *   (UMQ, early fusion, late fusion);
 * - moving modality a's noise slider to 0.9 lowers UMQ's shown quality of a, and updates the
 *   prediction; marking modality b missing lowers its quality too;
 * - no page error and no console error.
 * Screenshots: docs/screenshots/demo.png (clean), demo-noisy.png (a at r 0.9), demo-missing.png
 * (b missing as well). Prints the median batch-1 latency of each model in the page (wasm), for the
 * record only (timings are never checked).
 *
 * Chromium: Debian's `chromium`, or set CHROMIUM=/path.
 * Usage: node tools/demo/check-demo.mjs [--site DIR]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, requireChromium, serveFolder } from '../browser/static-site.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'docs/screenshots');
const MODELS = ['umq', 'early-fusion', 'late-fusion'];
const problems = [];
const log = (msg) => console.log(`demo-check: ${msg}`);
const t0 = Date.now();

requireChromium('demo-check');

/** `umq predict` of a saved demo model (Node, the sources), as records by sample id. */
function umqPredict(name) {
  return new Promise((ok, fail) => {
    const args = ['--conditions=@umq/source', '--import', 'tsx', join(root, 'packages/model/src/cli/main.ts'), 'predict', '--model', join(root, 'docs/demo/public/models', name), '--split', 'test'];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(new Map(out.trim().split('\n').map((l) => JSON.parse(l)).map((r) => [r.id, r]))) : fail(new Error(`umq predict --model ${name} exited with ${code}`))));
  });
}
const predicted = Promise.all(MODELS.map(umqPredict)); // runs while the page is built and loaded

const siteArg = process.argv.indexOf('--site');
let site = siteArg > 0 ? resolve(process.argv[siteArg + 1]) : null;
let tmp = null;
if (!site) {
  tmp = mkdtempSync(join(tmpdir(), 'umq-demo-site-'));
  const { build } = await import('vite');
  await build({ configFile: join(root, 'docs/demo/vite.config.ts'), build: { outDir: tmp, emptyOutDir: true }, logLevel: 'error' });
  site = tmp;
  log(`built docs/demo with Vite in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
if (!existsSync(join(site, 'index.html'))) {
  console.error(`demo-check: ${site}/index.html is missing: build the demo first (npm run docs) or omit --site`);
  process.exit(1);
}

const server = await serveFolder(site);
const base = server.base;
const browser = await launchChromium();

const maxDiff = (a, b) => (a.length !== b.length ? Infinity : Math.max(...a.map((v, i) => Math.abs(v - b[i]))));

try {
  await mkdir(shots, { recursive: true });
  // served from a sub-folder, as from the typedoc site (docs/api/demo/): every URL of the page is relative
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  const res = await page.goto(`${base}/index.html`, { waitUntil: 'load' });
  if (res?.status() !== 200) problems.push(`index.html: HTTP ${res?.status()}`);
  await page.waitForSelector('#status[data-ready=true]', { timeout: 120_000 });
  log(`${await page.locator('#status').textContent()} (${((Date.now() - t0) / 1000).toFixed(1)} s since start)`);

  const shown = () => page.evaluate(() => ({
    id: document.getElementById('sample-id').textContent,
    updates: window.umqDemo.state.updates,
    logits: Object.fromEntries([...document.querySelectorAll('#prediction-rows tr')].map((r) => [r.dataset.model, JSON.parse(r.dataset.logits)])),
    q: [...document.querySelectorAll('.modality [data-role=q]')].map((e) => Number(e.dataset.value)),
    qText: [...document.querySelectorAll('.modality [data-role=q]')].map((e) => e.textContent),
    predicted: [...document.querySelectorAll('#prediction-rows [data-role=predicted]')].map((e) => e.textContent),
    engine: window.umqDemo.engine,
  }));
  const clean = await shown();
  if (clean.engine !== 'wasm') problems.push(`the page runs on ${clean.engine}, expected wasm`);
  await page.screenshot({ path: join(shots, 'demo.png'), fullPage: true });

  const node = await predicted;
  MODELS.forEach((name, k) => {
    const record = node[k].get(clean.id);
    if (!record) return problems.push(`umq predict --model ${name} printed no record for ${clean.id}`);
    const d = maxDiff(clean.logits[name], record.logits);
    log(`${clean.id} ${name}: page logits ${clean.logits[name].map((v) => v.toFixed(5)).join(' ')} | umq predict ${record.logits.join(' ')} | max |diff| ${d.toExponential(2)}`);
    if (!(d <= 1e-4)) problems.push(`${name}: the page's logits for ${clean.id} differ from umq predict's by ${d} (> 1e-4)`);
    if (name === 'umq') {
      const dq = maxDiff(clean.q, record.quality ?? []);
      log(`${clean.id} umq quality: page ${clean.q.map((v) => v.toFixed(5)).join(' ')} | umq predict ${(record.quality ?? []).join(' ')} | max |diff| ${dq.toExponential(2)}`);
      if (!(dq <= 1e-4)) problems.push(`umq: the page's quality for ${clean.id} differs from umq predict's by ${dq} (> 1e-4)`);
    }
  });

  // degrade modality a with its slider
  await page.locator('.modality[data-modality="0"] input[type=range]').fill('0.9');
  await page.waitForFunction((n) => window.umqDemo.state.updates > n, clean.updates);
  const noisy = await shown();
  log(`modality a at noise 0.9: q ${clean.qText[0]} -> ${noisy.qText[0]}; UMQ logits changed by ${maxDiff(clean.logits.umq, noisy.logits.umq).toFixed(4)}; predicted ${clean.predicted.join(' / ')} -> ${noisy.predicted.join(' / ')}`);
  if (!(noisy.q[0] < clean.q[0] - 0.1)) problems.push(`moving a's noise slider to 0.9 did not lower its shown quality by 0.1 (${clean.q[0]} -> ${noisy.q[0]})`);
  if (!(maxDiff(clean.logits.umq, noisy.logits.umq) > 1e-3)) problems.push("moving a's noise slider did not change UMQ's prediction");
  await page.screenshot({ path: join(shots, 'demo-noisy.png'), fullPage: true });

  // and mark modality b missing
  await page.locator('.modality[data-modality="1"] input[type=checkbox]').check();
  await page.waitForFunction((n) => window.umqDemo.state.updates > n, noisy.updates);
  const missing = await shown();
  log(`modality b missing: q ${noisy.qText[1]} -> ${missing.qText[1]}; predicted ${missing.predicted.join(' / ')}`);
  if (!(missing.q[1] < noisy.q[1] - 0.1)) problems.push(`marking b missing did not lower its shown quality by 0.1 (${noisy.q[1]} -> ${missing.q[1]})`);
  await page.screenshot({ path: join(shots, 'demo-missing.png'), fullPage: true });

  const runs = Number(process.env.DEMO_LATENCY_RUNS ?? 200);
  const latency = await page.evaluate((n) => window.umqDemo.benchmark(n), runs);
  log(`batch-1 latency in Chromium (wasm), ${runs} calls each, median / mean: ${Object.entries(latency).map(([k, v]) => `${k} ${v.median.toFixed(2)} / ${v.mean.toFixed(2)} ms`).join(', ')} (for the record, not checked; the mean includes the page's degradation step)`);
} finally {
  await browser.close();
  server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`demo-check: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
log(`PASS in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
