/**
 * Where the encoder worker's entry file is, from the sources or from the built package.
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
}

/**
 * The entry of the encoder worker for the code that is running: from the sources (this file
 * is `.ts`: tests and `node --import tsx`), a bootstrap that registers tsx and resolves
 * `@umq/*` to their sources; from the built package (`dist/index.js`, `dist/cli/main.cjs`, ...:
 * bundles, so the path is found from the package root, not from this file's own folder)
 * `dist/encoder-worker.js`, or `.cjs` under CommonJS.
 *
 * @param here the URL of the running module (default: this one; tsup shims it under CommonJS).
 */
export function encoderWorkerEntry(here: string = import.meta.url): WorkerEntry {
  const file = fileURLToPath(here);
  if (file.endsWith('.ts')) return { url: new URL('./worker.source.mjs', here), execArgv: ['--conditions=@umq/source'] };
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new WorkerError(`no package.json above ${file}: cannot locate the encoder worker of @umq/model; reinstall @umq/model`, 'encoder worker');
    dir = up;
  }
  const entry = join(dir, 'dist', file.endsWith('.cjs') ? 'encoder-worker.cjs' : 'encoder-worker.js');
  if (!existsSync(entry)) throw new WorkerError(`the encoder worker ${entry} is missing: rebuild @umq/model (npm run build) or reinstall it`, 'encoder worker');
  return { url: pathToFileURL(entry) };
}
