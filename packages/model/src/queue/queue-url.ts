/**
 * The address of a job queue, written as one URL: `redis://[user:password@]host[:port][/name][?db=N]`,
 * or `rediss://...` for Redis over TLS. The path is the queue's name (default `umq`), so one
 * Redis can hold several studies' queues; the Redis database index goes in `?db=`.
 */
import { OptionError } from '@umq/core';

/** Where a queue lives: its name and how to connect to its Redis. */
export interface QueueAddress {
  /** The queue's name (the URL's path). Default 'umq'. */
  name: string;
  /** Connection options of the Redis client (ioredis). */
  connection: {
    /** Host name or address. */
    host: string;
    /** TCP port. Default 6379. */
    port: number;
    /** ACL user name (Redis 6+), when given. */
    username?: string;
    /** Password (`requirepass` or the ACL user's). */
    password?: string;
    /** Database index (`?db=N`). Default 0. */
    db?: number;
    /** TLS options (`rediss://`): the server certificate is checked against the system's CAs and `NODE_EXTRA_CA_CERTS`. */
    tls?: {
      /** Server name for SNI and the certificate check. */
      servername: string;
    };
  };
  /** The URL with the password masked, for messages and logs. */
  display: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Parses a queue URL.
 *
 * @param text `redis://host:port/name`, `rediss://user:password@host:port/name?db=2`, ...
 * @throws OptionError naming what is wrong and an example of a good URL.
 * @example
 * ```ts
 * const q = parseQueueUrl('redis://127.0.0.1:6379/mosi-search');
 * console.log(q.name, q.connection.port); // 'mosi-search' 6379
 * ```
 */
export function parseQueueUrl(text: string): QueueAddress {
  const example = 'e.g. redis://127.0.0.1:6379/umq, or rediss://:PASSWORD@redis.example.org:6380/mosi for TLS with a password';
  const fail = (what: string): never => {
    throw new OptionError(`--queue ${JSON.stringify(mask(text))}: ${what}; ${example}`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') fail(`the scheme must be redis:// or rediss:// (TLS), got ${url.protocol}//`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) fail('the host is missing');
  const port = url.port ? Number(url.port) : 6379;
  const path = decodeURIComponent(url.pathname).replace(/^\//, '');
  const name = path === '' ? 'umq' : path;
  if (!NAME.test(name)) fail(`the queue name ${JSON.stringify(name)} must be 1-100 letters, digits, '.', '_' or '-' (no '/' or ':')`);
  const connection: QueueAddress['connection'] = { host, port };
  if (url.username) connection.username = decodeURIComponent(url.username);
  if (url.password) connection.password = decodeURIComponent(url.password);
  for (const [key, value] of url.searchParams) {
    if (key !== 'db') fail(`unknown parameter ?${key}= (only ?db=N is read)`);
    const db = Number(value);
    if (!Number.isInteger(db) || db < 0 || value.trim() === '') fail(`?db= must be a database index 0, 1, 2, ..., got ${JSON.stringify(value)}`);
    connection.db = db;
  }
  if (url.hash) fail('a #fragment means nothing here');
  if (url.protocol === 'rediss:') connection.tls = { servername: host };
  return { name, connection, display: mask(text) };
}

/** The URL with its password replaced by `***`. */
function mask(text: string): string {
  return text.replace(/^(rediss?:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
