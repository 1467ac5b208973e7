import { packageBuild } from '../../tools/build/tsup';

export default packageBuild({ entry: ['src/index.ts', 'src/cli/main.ts'] });
