#!/usr/bin/env node
/**
 * Renders the typedoc site (docs/api, built by `npm run docs`) in headless Chromium and checks
 * it (issue 8): the index shows the project title and links every package; the `@umq/moe` page
 * shows its title and the README's MixtureOfExperts example; the MixtureOfExperts class page
 * and the getting-started guide render; every page's sidebar links the live demo (demo/, issue
 * 19), which is served; no page throws a script error. Screenshots go to
 * docs/screenshots/ (index.png, moe.png, moe-example.png, getting-started.png).
 *
 * Chromium: Debian's `chromium` (`apt-get install -y chromium`), or set CHROMIUM=/path.
 * Usage: node tools/docs/screenshot-test.mjs
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, requireChromium, serveFolder } from '../browser/static-site.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'docs/api');
const shots = join(root, 'docs/screenshots');
const PACKAGES = ['core', 'corruptions', 'datasets', 'enhancer', 'evidential', 'metrics', 'model', 'moe', 'quality'];
const problems = [];
const log = (msg) => console.log(`docs-check: ${msg}`);

if (!existsSync(join(site, 'index.html'))) {
  console.error('docs-check: docs/api/index.html is missing: run `npm run docs` first');
  process.exit(1);
}
requireChromium('docs-check');

const server = await serveFolder(site);
const base = server.base;
const browser = await launchChromium();
try {
  await mkdir(shots, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
  page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));

  async function visit(path) {
    const res = await page.goto(`${base}/${path}`, { waitUntil: 'load' });
    if (!res || res.status() !== 200) problems.push(`${path}: HTTP ${res?.status()}`);
    await page.waitForTimeout(300); // typedoc's script builds the navigation after load
  }

  // 1. The index: project title, every package linked.
  await visit('index.html');
  const title = await page.title();
  if (!/UMQ-TS/.test(title)) problems.push(`index: the title is ${JSON.stringify(title)}, expected it to name UMQ-TS`);
  const h1 = await page.locator('h1').first().textContent();
  if (!/UMQ-TS/.test(h1 ?? '')) problems.push(`index: the first heading is ${JSON.stringify(h1)}, expected the project name UMQ-TS`);
  const links = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const p of PACKAGES) if (!links.some((h) => h.includes(`_umq_${p}`))) problems.push(`index: no link to @umq/${p}`);
  await page.screenshot({ path: join(shots, 'index.png') });
  log(`index.html: title ${JSON.stringify(title)}, ${links.length} links`);

  // 2. The @umq/moe page: its title and the README's MixtureOfExperts example.
  await visit('modules/_umq_moe.html');
  const moeTitle = await page.title();
  if (!moeTitle.includes('@umq/moe')) problems.push(`moe page: the title is ${JSON.stringify(moeTitle)}, expected @umq/moe`);
  const example = page.locator('pre', { hasText: 'new MixtureOfExperts(' }).first();
  if ((await example.count()) === 0) {
    problems.push('moe page: no code block with `new MixtureOfExperts(` (the README example)');
  } else {
    const code = await example.textContent();
    for (const needle of ["import { MixtureOfExperts } from '@umq/moe'", 'moe.call(', 'initEngine']) {
      if (!code.includes(needle)) problems.push(`moe page: the example lacks ${JSON.stringify(needle)}`);
    }
    if (!(await example.isVisible())) problems.push('moe page: the example code block is not visible');
  }
  await page.screenshot({ path: join(shots, 'moe.png') });
  if ((await example.count()) > 0) {
    await example.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'moe-example.png') });
  }
  log(`modules/_umq_moe.html: title ${JSON.stringify(moeTitle)}`);

  // 3. The class page and a guide render.
  await visit('classes/_umq_moe.MixtureOfExperts.html');
  const cls = (await page.locator('h1').first().textContent()) ?? '';
  if (!cls.includes('MixtureOfExperts')) problems.push(`MixtureOfExperts page: heading ${JSON.stringify(cls)}`);
  if ((await page.locator('pre').count()) === 0) problems.push('MixtureOfExperts page: no code example');
  const guide = links.find((h) => /getting.started/i.test(h));
  if (!guide) {
    problems.push('index: no link to the getting-started guide');
  } else {
    await visit(guide.replace(/^\.?\//, ''));
    const text = (await page.locator('body').textContent()) ?? '';
    if (!text.includes('runExperiment(dataset')) problems.push(`${guide}: the getting-started example is not on the page`);
    await page.screenshot({ path: join(shots, 'getting-started.png') });
    log(`${guide}: rendered`);
  }

  // 4. Every page's sidebar links the live demo (built by `npm run docs` into demo/), relative to the page.
  for (const from of ['index.html', 'modules/_umq_moe.html']) {
    await visit(from);
    const href = await page.locator('#umq-demo-link').first().getAttribute('href').catch(() => null);
    if (!href) {
      problems.push(`${from}: no "Live demo" link in the sidebar`);
      continue;
    }
    const target = new URL(href, `${base}/${from}`).pathname;
    const res = await page.request.get(`${base}${target}`);
    if (target !== '/demo/index.html' || res.status() !== 200) problems.push(`${from}: the demo link ${href} leads to ${target} (HTTP ${res.status()}), expected /demo/index.html (HTTP 200)`);
    else log(`${from}: demo link ${href} -> ${target} (HTTP 200)`);
  }
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.error(`docs-check: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
log(`PASS (screenshots in docs/screenshots/)`);
