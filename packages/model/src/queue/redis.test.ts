import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../test/helpers';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import { loadBullmq } from './redis';

/** A module-resolution hook that makes `bullmq` and `ioredis` missing, as for a user who never installed them. */
const HIDE = `export async function resolve(s, c, next) { if (s === 'bullmq' || s === 'ioredis') { const e = new Error("Cannot find package '" + s + "'"); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; } return next(s, c); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HIDE)}`)});`;

describe('loadBullmq', () => {
  it('loads BullMQ when it is installed (a devDependency of the workspace)', async () => {
    const bull = await loadBullmq();
    expect(typeof bull.Queue).toBe('function');
    expect(typeof bull.Worker).toBe('function');
  });

  it('without bullmq and ioredis (optional peer dependencies), `umq queue` says what to install; the rest of the CLI works', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(REGISTER)}`, '--conditions=@umq/source', '--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    const r = run(['queue', 'status', '--queue', 'redis://127.0.0.1:1/x']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim()).toBe('umq queue: bullmq or ioredis is not installed: install them next to @umq/model to use the job queue (--queue, umq worker, umq queue): npm install bullmq@^6 ioredis@^6');
    expect(run(['info', '--json']).status).toBe(0);
  }, 180_000);
});
