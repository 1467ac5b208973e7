// Worker bootstrap: Node 20 does not apply the parent's `--import tsx` hooks to a worker's
// entry file, so register tsx here and load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./encoder-worker.ts');
