/**
 * BullMQ and its Redis client, loaded only when a queue is used (`--queue`, `umq worker`,
 * `umq queue`): `@umq/model` declares them as optional peer dependencies, so a user who never
 * queues a run installs neither; one who does gets a clear error naming the install command.
 */
import { OptionError, StateError } from '@umq/core';
import type { QueueAddress } from './queue-url';

/** The BullMQ module. */
export type BullModule = typeof import('bullmq');

const INSTALL = 'install them next to @umq/model to use the job queue (--queue, umq worker, umq queue): npm install bullmq@^6 ioredis@^6';

function missing(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Loads BullMQ (and checks that ioredis, its Redis driver, is there too).
 *
 * @throws OptionError saying what to install when either is missing.
 * @example
 * ```ts
 * const { Queue } = await loadBullmq();
 * ```
 */
export async function loadBullmq(): Promise<BullModule> {
  try {
    await import('ioredis');
    return await import('bullmq');
  } catch (e) {
    if (missing(e)) throw new OptionError(`bullmq or ioredis is not installed: ${INSTALL}`, { cause: e });
    throw e;
  }
}

/**
 * BullMQ connection options of an address: commands wait through a Redis restart instead of
 * failing (`maxRetriesPerRequest: null`, which BullMQ's workers require anyway), reconnecting
 * every 0.2-2 s.
 *
 * @param address a parsed queue URL.
 * @example
 * ```ts
 * new Queue(address.name, { connection: connectionOptions(address) });
 * ```
 */
export function connectionOptions(address: QueueAddress): Record<string, unknown> {
  return { ...address.connection, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(200 * times, 2000) };
}

/**
 * Connects once, without retries, and fails with a clear message when Redis cannot be reached
 * or refuses the password; then warns (through `warn`) when its settings can lose a study:
 * `appendonly no` (a restart empties the queue) or an eviction policy other than `noeviction`.
 *
 * @param address a parsed queue URL.
 * @param warn where warnings go (default: stderr).
 * @throws StateError naming the address and the fix.
 * @example
 * ```ts
 * await probeRedis(parseQueueUrl('redis://127.0.0.1:6379/umq'));
 * ```
 */
export async function probeRedis(address: QueueAddress, warn: (line: string) => void = (l) => console.error(l)): Promise<void> {
  let Redis: typeof import('ioredis').Redis;
  try {
    const mod = await import('ioredis');
    Redis = mod.Redis ?? (mod as unknown as { default: typeof import('ioredis').Redis }).default;
  } catch (e) {
    if (missing(e)) throw new OptionError(`ioredis is not installed: ${INSTALL}`, { cause: e });
    throw e;
  }
  const client = new Redis({ ...address.connection, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 5000 });
  let lastError: Error | null = null;
  client.on('error', (e: Error) => (lastError = e)); // the cause; the rejected promise below often says only "Connection is closed"
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const msg = (lastError as Error | null)?.message ?? (e as Error).message;
    const fix = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(msg)
      ? 'put the right password in the URL (redis://:PASSWORD@host:port/name, or redis://USER:PASSWORD@... for an ACL user)'
      : /certificate|SSL|TLS|EPROTO/i.test(msg)
        ? 'for a server certificate of your own CA start with NODE_EXTRA_CA_CERTS=/path/ca.crt; use rediss:// for a TLS port and redis:// for a plain one'
        : `start Redis there (e.g. redis-server --port ${address.connection.port} --appendonly yes) or fix --queue (rediss:// for a TLS port)`;
    client.disconnect();
    throw new StateError(`cannot use Redis at ${address.display} (${msg}): ${fix}`, { cause: e });
  }
  try {
    const [, appendonly] = (await client.config('GET', 'appendonly')) as string[];
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as string[];
    if (appendonly === 'no') warn(`warning: Redis at ${address.display} runs with appendonly no: a restart of Redis loses the queued runs (the coordinator queues them again, but finished results not yet collected are lost); see docs/distributed-sweeps.md`);
    if (policy && policy !== 'noeviction') warn(`warning: Redis at ${address.display} has maxmemory-policy ${policy}: it may evict queued runs; set maxmemory-policy noeviction (docs/distributed-sweeps.md)`);
  } catch {
    // CONFIG is disabled on some managed Redis services: nothing to check then
  } finally {
    client.disconnect();
  }
}
