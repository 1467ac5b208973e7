import { packageBuild } from '../../tools/build/tsup';

export default packageBuild({ entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' } });
