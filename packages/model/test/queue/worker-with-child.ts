/**
 * A worker whose runs start `faulty-child.ts` instead of `umq _run` (the fault tests):
 * `worker-with-child.ts URL NAME MAX_FAILURES`.
 */
import { fileURLToPath } from 'node:url';
import { runWorker } from '../../src/queue/worker';

const [url, name, maxFailures] = process.argv.slice(2);
const file = fileURLToPath(new URL('./faulty-child.ts', import.meta.url));
try {
  await runWorker({ url, name, maxFailures: Number(maxFailures), lockSeconds: 5, child: { file, args: [] } });
} catch (e) {
  console.error(`worker error: ${(e as Error).message}`);
  process.exitCode = 2;
}
