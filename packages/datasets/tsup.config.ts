import { packageBuild } from '../../tools/build/tsup';

// Three entries sharing chunks (one MultimodalDataset class): the browser-safe main entry,
// `@umq/datasets/node` (the file loaders), and the main entry as Node resolves it (both).
export default packageBuild({ entry: { index: 'src/index.ts', node: 'src/node.ts', 'index-node': 'src/index-node.ts' }, splitting: true });
