import { packageBuild } from '../../tools/build/tsup';

// The step runners' workers (encoder workers, data-parallel replicas) are entries of their own: a
// worker thread starts from a file (dist/<name>.js or .cjs, located by src/train/workers/entry.ts).
export default packageBuild({
  entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts', 'encoder-worker': 'src/train/encoder-workers/worker.ts', 'replica-worker': 'src/train/replicas/worker.ts' },
});
