/**
 * `umq queue status|retry|clean`: look into a job queue, put its failed runs back, clear it.
 */
import { OptionError } from '@umq/core';
import { list, str, type CommandSpec, type Values } from '../args';

export const QUEUE: CommandSpec = {
  name: 'queue',
  summary: 'a job queue\'s runs per state and failed runs (status), retry failed runs (retry), remove finished runs (clean)',
  usage: 'umq queue status|retry|clean --queue redis://HOST:PORT/NAME [--run ID,...] [--state completed,failed|all] [--json]',
  options: {
    queue: { type: 'string', help: 'the queue: redis://[user:password@]host:port/name, rediss:// for TLS' },
    run: { type: 'string', help: 'retry: only these run ids (comma-separated)' },
    state: { type: 'string', help: 'clean: completed, failed, or all (every run, also waiting and running ones)', default: 'completed,failed' },
    json: { type: 'boolean', help: 'status: print JSON' },
  },
  positionals: 1,
};

export async function runQueueCommand(values: Values, positionals: string[]): Promise<void> {
  const action = positionals[0];
  const url = str(values, 'queue', true)!;
  const admin = await import('../../queue/queue-admin');
  switch (action) {
    case 'status': {
      const s = await admin.queueStatus(url);
      if (values.json) {
        console.log(JSON.stringify(s, null, 1));
        return;
      }
      console.log(`queue ${s.queue}`);
      console.log(Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', '));
      console.log(`workers connected: ${s.workers.length}${s.workers.length ? ` (${s.workers.join(', ')})` : ''}`);
      for (const a of s.active) console.log(`running  ${a.id.slice(0, 16)}  on ${a.worker}  ${JSON.stringify(a.progress)}`);
      for (const f of s.failed) console.log(`failed   ${f.id}  ${f.label}  after ${f.attempts} attempt(s): ${f.error}`);
      if (s.failed.length) console.log(`\nqueue them again: umq queue retry --queue ${s.queue}`);
      return;
    }
    case 'retry': {
      const n = await admin.retryFailed(url, list(values, 'run'));
      console.log(`${n} failed run(s) queued again; run the study's command (umq sweep|search|ablate ... --queue) again to collect them`);
      return;
    }
    case 'clean': {
      const states = list(values, 'state', ['completed', 'failed', 'all'] as const) ?? ['completed', 'failed'];
      const n = await admin.cleanQueue(url, states);
      console.log(`${n} run(s) removed`);
      return;
    }
    default:
      throw new OptionError(`umq queue needs an action: status, retry or clean, got ${action === undefined ? 'none' : JSON.stringify(action)}; e.g. umq queue status --queue redis://127.0.0.1:6379/umq`);
  }
}
