// Starts the encoder worker from the TypeScript sources (inside the monorepo: vitest, and
// `node --conditions=@umq/source --import tsx`). Node does not apply the parent's `--import`
// hooks to a worker's entry file, so the worker registers tsx itself. The built package runs
// dist/encoder-worker.js (or .cjs) instead; see entry.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
