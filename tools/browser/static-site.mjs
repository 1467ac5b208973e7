/**
 * What the browser checks share: a static file server on 127.0.0.1 for a built site (the
 * typedoc site, the demo page), and headless Debian Chromium started with the flags this
 * machine needs (no background networking, which its closed network refuses).
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.md': 'text/markdown', '.wasm': 'application/wasm' };

/** Chromium's path: CHROMIUM, or Debian's /usr/bin/chromium. */
export const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Exits with a message saying how to install Chromium when it is missing. */
export function requireChromium(prefix) {
  if (!existsSync(executablePath)) {
    console.error(`${prefix}: no Chromium at ${executablePath}: \`apt-get install -y chromium\` or set CHROMIUM`);
    process.exit(1);
  }
}

/** Headless Chromium with this machine's flags (plus `extra`). */
export function launchChromium(extra = ['--disable-gpu']) {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
  });
}

/** Serves the files of `dir` (a folder's index.html for the folder) on 127.0.0.1; resolves to its base URL and a close function. */
export async function serveFolder(dir) {
  const server = createServer(async (req, res) => {
    try {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(dir, path);
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
