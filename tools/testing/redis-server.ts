/**
 * A real `redis-server` for tests and benchmarks: Debian's binary (package `redis-server`),
 * started on a free loopback port with its own temporary folder, stopped (whole process group)
 * afterwards. Without the binary, tests fail with the install command; outside CI they may be
 * skipped instead, but only when `UMQ_SKIP_REDIS_TESTS=1` says so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL = 'install Redis (Debian/Ubuntu: apt-get install -y redis-server; .ci/run does this when it is absent)';

/** The redis-server binary, or null. */
export function redisServerBinary(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const found = r.stdout.trim();
  if (found) return found;
  for (const p of ['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
  return null;
}

/**
 * Whether the Redis tests run: `true`, or a reason to skip (only outside CI, only when
 * `UMQ_SKIP_REDIS_TESTS=1`); otherwise a missing binary is an error naming the install command.
 */
export function redisTestsEnabled(): true | string {
  if (redisServerBinary()) return true;
  if (!process.env.CI && process.env.UMQ_SKIP_REDIS_TESTS === '1') return `redis-server not found: skipped (UMQ_SKIP_REDIS_TESTS=1); ${INSTALL}`;
  throw new Error(`redis-server not found: the job-queue tests need a real Redis: ${INSTALL}, or (outside CI) set UMQ_SKIP_REDIS_TESTS=1 to skip them`);
}

/** A running test Redis. */
export interface TestRedis {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** Its folder (the append-only file lives here). */
  readonly dir: string;
  /** The queue URL of queue `name` on it. */
  url(name: string): string;
  /** Stops it (SIGTERM: it writes its append-only file) and starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function launch(binary: string, port: number, dir: string, appendonly: boolean): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', appendonly ? 'yes' : 'no', '--appendfsync', 'everysec',
      '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', ''];
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`redis-server on port ${port} did not get ready in 30 s: ${out.slice(-500)}`)), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(e);
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server on port ${port} exited with code ${code}: ${out.slice(-500)}`));
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * Starts a redis-server on a free loopback port, in a temporary folder.
 *
 * @param options `appendonly: true` keeps the data across a restart (the production setting).
 */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const binary = redisServerBinary();
  if (!binary) throw new Error(`redis-server not found: ${INSTALL}`);
  const dir = mkdtempSync(join(tmpdir(), 'umq-redis-'));
  const appendonly = options.appendonly ?? false;
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      child = await launch(binary, port, dir, appendonly);
      break;
    } catch (e) {
      if (attempt >= 3) throw e; // another process took the port between the probe and the start
    }
  }
  const stopNow = async () => {
    if (child) await stopProcess(child);
    child = null;
  };
  return {
    port,
    dir,
    url: (name) => `redis://127.0.0.1:${port}/${name}`,
    async restart() {
      await stopNow();
      child = await launch(binary, port, dir, appendonly);
    },
    async stop() {
      await stopNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
