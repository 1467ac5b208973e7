/**
 * Bundles a package's main entry for the browser with esbuild, as a web app would
 * (`platform: 'browser'`, everything bundled, nothing external), and reports what a browser
 * would get: errors, Node built-ins left in the output, modules that a dependency's `browser`
 * field disabled (and who imported them), and the size (minified, gzip).
 *
 * Used by tools/browser/bundle.test.ts (from the sources, through the `@umq/source` condition)
 * and tools/consumer/check.mjs (from the packed tarballs installed in a fresh project).
 */
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/**
 * The packages whose main entry must bundle for the browser (@umq/model: the model, training
 * with the serial runner and inference; its Node part is `@umq/model/node`).
 */
export const BROWSER_PACKAGES = ['core', 'corruptions', 'metrics', 'quality', 'enhancer', 'moe', 'datasets', 'model'];

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Whether an import path names a Node built-in (`fs`, `node:fs`, `fs/promises`, ...). */
export function isNodeBuiltin(path) {
  return BUILTINS.has(path) || BUILTINS.has(path.split('/')[0]) || path.startsWith('node:');
}

/**
 * @param {object} o
 * @param {string} o.specifier what the app imports, e.g. '@umq/moe'
 * @param {string} o.resolveDir the folder the import is resolved from (its node_modules)
 * @param {boolean} [o.source] resolve `@umq/*` packages to their TypeScript sources (`@umq/source` condition)
 * @param {string} [o.code] the app's code; default `export * from '<specifier>'` (keeps every export)
 * @returns {Promise<{ errors: string[], warnings: string[], builtins: string[], disabled: { module: string, importer: string }[], bytes: number, gzipBytes: number, text: string }>}
 */
export async function bundleForBrowser({ specifier, resolveDir, source = false, code }) {
  let result;
  try {
    result = await esbuild.build({
      stdin: { contents: code ?? `export * from '${specifier}';`, resolveDir, loader: 'js', sourcefile: 'app.js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      write: false,
      metafile: true,
      outfile: 'app.bundle.js',
      conditions: source ? ['@umq/source'] : [],
      logLevel: 'silent',
    });
  } catch (e) {
    if (!e.errors) throw e;
    const where = (m) => (m.location ? ` (${m.location.file}:${m.location.line})` : '');
    return { errors: e.errors.map((m) => `${m.text}${where(m)}`), warnings: (e.warnings ?? []).map((m) => m.text), builtins: [], disabled: [], bytes: 0, gzipBytes: 0, text: '' };
  }
  const out = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const meta = result.metafile;
  const builtins = Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.path)).filter(isNodeBuiltin);
  const disabled = Object.entries(meta.inputs).flatMap(([importer, input]) =>
    input.imports.filter((i) => i.path.startsWith('(disabled):')).map((i) => ({ module: i.original ?? i.path.slice('(disabled):'.length), importer })),
  );
  return {
    errors: [],
    warnings: result.warnings.map((m) => m.text),
    builtins: [...new Set(builtins)],
    disabled,
    bytes: out.contents.length,
    gzipBytes: gzipSync(out.contents, { level: 9 }).length,
    text: out.text,
  };
}

/** Disabled modules imported by a @umq package itself (from its sources or its installed dist): must be none. */
export function ownDisabled(report) {
  return report.disabled.filter((d) => /(^|\/)packages\/|node_modules\/@umq\//.test(d.importer));
}
