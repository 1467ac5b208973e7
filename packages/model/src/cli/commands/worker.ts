/**
 * `umq worker` (take runs from a job queue and train them) and the internal `umq _run` (one
 * run in a child process of a worker).
 */
import { int, str, type CommandSpec, type Values } from '../args';

export const WORKER: CommandSpec = {
  name: 'worker',
  summary: 'take runs from a job queue (Redis) and train each in a child process; see docs/distributed-sweeps.md',
  usage: 'umq worker --queue redis://HOST:PORT/NAME [--concurrency N] [--data-root DIR]',
  options: {
    queue: { type: 'string', help: 'the queue: redis://[user:password@]host:port/name, rediss:// for TLS' },
    concurrency: { type: 'string', help: 'runs trained at once, one child process each', default: '1' },
    'data-root': { type: 'string', help: 'folder the runs\' relative data paths are read from (default: the current folder)' },
    'max-failures': { type: 'string', help: 'stop after this many consecutive failed runs', default: '3' },
    name: { type: 'string', help: 'worker name in progress lines (default: HOST-PID)' },
    'lock-seconds': { type: 'string', help: 'lock of a run in Redis; a dead worker\'s runs go back to the queue after one to two of these', default: '30' },
    'grace-seconds': { type: 'string', help: 'on SIGTERM/SIGINT, finish running runs within this time, then hand them back', default: '60' },
    'runs-per-child': { type: 'string', help: 'runs a child process trains before a fresh one replaces it (1 = a new process per run); a child whose run failed is always replaced', default: '20' },
  },
  positionals: 0,
};

export async function runWorkerCommand(values: Values): Promise<void> {
  const { runWorker } = await import('../../queue/worker');
  await runWorker({
    url: str(values, 'queue', true)!,
    concurrency: int(values, 'concurrency', 1) ?? 1,
    dataRoot: str(values, 'data-root'),
    maxFailures: int(values, 'max-failures', 1) ?? 3,
    name: str(values, 'name'),
    lockSeconds: int(values, 'lock-seconds', 1) ?? 30,
    graceSeconds: int(values, 'grace-seconds', 0) ?? 60,
    runsPerChild: int(values, 'runs-per-child', 1) ?? 20,
  });
}

export const RUN_CHILD: CommandSpec = {
  name: '_run',
  summary: 'internal: the child process that trains a worker\'s runs, driven by `umq worker` over IPC',
  usage: 'umq _run (started by umq worker)',
  options: {},
  positionals: 0,
};

export async function runChildCommand(): Promise<void> {
  const { serveRuns } = await import('../../queue/run-child');
  process.exit(await serveRuns());
}
