/**
 * Issue 19: every package's main entry bundles for the browser (esbuild, platform 'browser',
 * nothing external) with zero errors and zero Node built-ins in the output. Bundled from the
 * TypeScript sources (the `@umq/source` condition), so no build is needed; the packed tarballs
 * get the same check in tools/consumer/check.mjs.
 */
import { describe, it, expect } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_PACKAGES, bundleForBrowser, ownDisabled } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('browser bundles of the main entries (from sources)', () => {
  it.each(BROWSER_PACKAGES)('@umq/%s bundles with no errors and no Node built-in', async (pkg) => {
    const r = await bundleForBrowser({ specifier: `@umq/${pkg}`, resolveDir: join(root, 'packages', pkg), source: true });
    expect(r.errors).toEqual([]);
    expect(r.builtins).toEqual([]);
    expect(ownDisabled(r)).toEqual([]);
    expect(r.bytes).toBeGreaterThan(1000);
  });

  it('fails where Node-only code is bundled: the ./node subpaths and a bare node:fs import', async () => {
    const core = await bundleForBrowser({ specifier: '@umq/core/node', resolveDir: join(root, 'packages/core'), source: true });
    expect(core.errors.join('\n')).toMatch(/Could not resolve "node:fs"/);
    const datasets = await bundleForBrowser({ specifier: '@umq/datasets/node', resolveDir: join(root, 'packages/datasets'), source: true });
    expect(datasets.errors.join('\n')).toMatch(/Could not resolve "node:fs\/promises"/);
    const model = await bundleForBrowser({ specifier: '@umq/model/node', resolveDir: join(root, 'packages/model'), source: true });
    expect(model.errors.join('\n')).toMatch(/Could not resolve "node:worker_threads"/);
    const app = await bundleForBrowser({ specifier: 'x', code: "import { readFileSync } from 'node:fs'; console.log(readFileSync);", resolveDir: root });
    expect(app.errors).toEqual([expect.stringMatching(/Could not resolve "node:fs"/)]);
  });
});
