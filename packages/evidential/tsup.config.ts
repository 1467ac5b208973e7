import { packageBuild } from '../../tools/build/tsup';

export default packageBuild();
