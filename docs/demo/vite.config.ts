/**
 * The demo page's build: a static site with relative URLs (it runs from any folder, e.g.
 * docs/api/demo/ of the typedoc site, from `file`-free static hosting), the `@umq/*` packages
 * bundled from their TypeScript sources (the `@umq/source` condition, browser entries), and the
 * wasm backend's three .wasm files copied to `wasm/` (the page passes that folder as `wasmPaths`).
 *
 * Build: npx vite build docs/demo (to docs/demo/dist; `npm run docs` builds it into docs/api/demo).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const wasmDir = join(root, '../../node_modules/@tensorflow/tfjs-backend-wasm/dist');

/** Emits tfjs-backend-wasm's .wasm files as wasm/<name> (bundlers do not copy them). */
function wasmFiles(): Plugin {
  return {
    name: 'umq-wasm-files',
    apply: 'build',
    generateBundle() {
      for (const f of readdirSync(wasmDir).filter((x) => x.endsWith('.wasm'))) this.emitFile({ type: 'asset', fileName: `wasm/${f}`, source: readFileSync(join(wasmDir, f)) });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [wasmFiles()],
  resolve: { conditions: ['@umq/source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  logLevel: 'warn',
});
