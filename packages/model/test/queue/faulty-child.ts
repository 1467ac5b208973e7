/**
 * The child of a queued run with a fault: `UMQ_TEST_FAULT=first-attempt` exits with code 3
 * after its first epoch on attempt 1 (a crash mid-run), `always` does so on every attempt.
 * Otherwise it is the real child (`serveRuns`).
 */
import { serveRuns } from '../../src/queue/run-child';
import type { ToChild } from '../../src/queue/run-child';

const fault = process.env.UMQ_TEST_FAULT;
let attempt = 0;
process.on('message', (m) => {
  if ((m as ToChild).type === 'run') attempt = (m as Extract<ToChild, { type: 'run' }>).attempt;
});
const send = process.send!.bind(process) as (m: unknown, ...rest: unknown[]) => boolean;
process.send = ((m: { type?: string }, ...rest: unknown[]) => {
  if (m?.type === 'progress' && (fault === 'always' || (fault === 'first-attempt' && attempt === 1))) process.exit(3);
  return send(m, ...rest);
}) as typeof process.send;
process.exit(await serveRuns());
