import { packageTest } from '../../tools/build/vitest';

export default packageTest();
