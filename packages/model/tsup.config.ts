import { packageBuild } from '../../tools/build/tsup';

// Entries sharing chunks (one copy of the trainer's platform registry, which the Node entry fills):
// the browser-safe main entry, `@umq/model/node`, the main entry as Node resolves it (both
// together), the CLI, and the encoder worker of `train({ runner: { kind: 'encoder-workers' } })`,
// an entry of its own because a worker thread starts from a file (dist/encoder-worker.js or .cjs,
// located by src/train/encoder-workers/entry.ts).
export default packageBuild({
  entry: { index: 'src/index.ts', node: 'src/node.ts', 'index-node': 'src/index-node.ts', 'cli/main': 'src/cli/main.ts', 'encoder-worker': 'src/train/encoder-workers/worker.ts' },
  splitting: true,
});
