// Starts a step-runner worker from the TypeScript sources (inside the monorepo: vitest, and
// `node --conditions=@umq/source --import tsx`). Node does not apply the parent's `--import`
// hooks to a worker's entry file, so the worker registers tsx itself, then imports the worker
// module named in `workerData.source`. The built package runs dist/<worker>.js (or .cjs)
// instead; see entry.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.source);
