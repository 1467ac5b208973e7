#!/usr/bin/env node
/**
 * Screenshots a sweep report's index.html in headless Chromium, light and dark
 * (`prefers-color-scheme` emulated), into docs/screenshots/report-light.png and report-dark.png,
 * and checks what a reader sees: HTML tables (no Markdown in a <pre>), every plot inline, and
 * page and plot backgrounds that follow the colour scheme.
 *
 * Usage: node tools/docs/report-screenshots.mjs [report folder, default runs/report-sample]
 * (make one with tools/docs/report-sample.ts). Chromium: Debian's `chromium`, or set CHROMIUM.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = resolve(process.argv[2] ?? join(root, 'runs/report-sample'));
const shots = join(root, 'docs/screenshots');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`report-screenshots: ${join(dir, 'index.html')} is missing: run tools/docs/report-sample.ts first`);
  process.exit(1);
}
mkdirSync(shots, { recursive: true });
const problems = [];
const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1500 }, colorScheme: scheme });
    page.on('pageerror', (e) => problems.push(`${scheme}: script error ${e.message}`));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    const seen = await page.evaluate(() => ({
      tables: document.querySelectorAll('table').length,
      pre: document.querySelectorAll('pre').length,
      svgs: document.querySelectorAll('figure svg').length,
      body: getComputedStyle(document.body).backgroundColor,
      plot: getComputedStyle(document.querySelector('figure svg .umq-bg') ?? document.body).fill,
    }));
    const dark = (c) => c.match(/\d+/g).slice(0, 3).reduce((s, v) => s + Number(v), 0) < 200;
    if (!seen.tables || seen.pre) problems.push(`${scheme}: ${seen.tables} tables and ${seen.pre} <pre> blocks`);
    if (dark(seen.body) !== (scheme === 'dark') || dark(seen.plot) !== (scheme === 'dark')) problems.push(`${scheme}: page background ${seen.body}, plot background ${seen.plot}`);
    await page.screenshot({ path: join(shots, `report-${scheme}.png`) }); // the first screen: headline table, rate curves, quality buckets
    console.log(`report-screenshots: ${scheme}: ${seen.tables} tables, ${seen.svgs} plots, page ${seen.body}, plots ${seen.plot} -> docs/screenshots/report-${scheme}.png`);
    await page.close();
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`report-screenshots: ${problems.join('; ')}`);
  process.exit(1);
}
