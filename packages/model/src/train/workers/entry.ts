/**
 * Where a step-runner worker's entry file is, from the sources or from the built package.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WorkerError } from '@umq/core';

/** A worker entry file and the Node options to start it with. */
export interface WorkerEntry {
  /** The entry file. */
  url: URL;
  /** `execArgv` of the worker; undefined = inherit the main thread's. */
  execArgv?: string[];
  /** From the sources: the worker module the bootstrap imports (goes into `workerData.source`). */
  source?: string;
}

/** The workers the package builds, by the name of their entry in dist/. */
export type WorkerName = 'encoder-worker' | 'replica-worker';

/**
 * The entry of a step-runner worker for the code that is running: from the sources (this file
 * is `.ts`: tests and `node --import tsx`), a bootstrap that registers tsx, resolves `@umq/*` to
 * their sources and imports `source`; from the built package (`dist/index.js`,
 * `dist/cli/main.cjs`, ...: bundles, so the path is found from the package root, not from this
 * file's own folder) `dist/<name>.js`, or `.cjs` under CommonJS.
 *
 * @example
 * ```ts
 * const entry = workerEntry('replica-worker', new URL('../replicas/worker.ts', import.meta.url));
 * new Worker(entry.url, { workerData: { ...init, source: entry.source }, execArgv: entry.execArgv });
 * ```
 * @param name - the worker's entry in dist/
 * @param source - its TypeScript module, used when running from the sources
 * @param here - the URL of the running module (default: this one; tsup shims it under CommonJS).
 */
export function workerEntry(name: WorkerName, source: URL, here: string = import.meta.url): WorkerEntry {
  const file = fileURLToPath(here);
  if (file.endsWith('.ts')) return { url: new URL('./source.mjs', here), execArgv: ['--conditions=@umq/source'], source: source.href };
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new WorkerError(`no package.json above ${file}: cannot locate the ${name} of @umq/model; reinstall @umq/model`, name);
    dir = up;
  }
  const entry = join(dir, 'dist', file.endsWith('.cjs') ? `${name}.cjs` : `${name}.js`);
  if (!existsSync(entry)) throw new WorkerError(`the ${name} ${entry} is missing: rebuild @umq/model (npm run build) or reinstall it`, name);
  return { url: pathToFileURL(entry) };
}
