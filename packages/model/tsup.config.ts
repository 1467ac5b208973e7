import { packageBuild } from '../../tools/build/tsup';

// The encoder worker of `train({ encoderWorkers })` is an entry of its own: a worker thread starts
// from a file (dist/encoder-worker.js or .cjs, located by src/train/encoder-workers/entry.ts).
export default packageBuild({ entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts', 'encoder-worker': 'src/train/encoder-workers/worker.ts' } });
