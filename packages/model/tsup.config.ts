import { packageBuild } from '../../tools/build/tsup';

// Entries sharing chunks (one copy of the trainer's platform registry, which the Node entry fills):
// the browser-safe main entry, `@umq/model/node`, the main entry as Node resolves it (both
// together), the CLI, and the step runners' workers (encoder workers, data-parallel replicas),
// entries of their own because a worker thread starts from a file (dist/<name>.js or .cjs,
// located by src/train/workers/entry.ts).
export default packageBuild({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    'index-node': 'src/index-node.ts',
    'cli/main': 'src/cli/main.ts',
    'encoder-worker': 'src/train/encoder-workers/worker.ts',
    'replica-worker': 'src/train/replicas/worker.ts',
  },
  splitting: true,
});
