import { packageBuild } from '../../tools/build/tsup';

// Three entries sharing chunks (one copy of the engine state and error classes): the browser-safe
// main entry, `@umq/core/node` (file IO), and the main entry as Node resolves it (both together).
export default packageBuild({ entry: { index: 'src/index.ts', node: 'src/node.ts', 'index-node': 'src/index-node.ts' }, splitting: true });
