/**
 * Issue 19: `npx umq ...` works inside the repository after `npm install` (the README's set-up),
 * with no build: npm links the committed launcher packages/model/bin/umq.mjs into
 * node_modules/.bin, and in a checkout it runs the CLI's TypeScript sources. (The installed
 * tarball's `npx umq` is checked by tools/consumer/check.mjs.)
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { realpathSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const npx = (cwd: string, args: string[]): string => execFileSync('npx', ['--no-install', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

describe('npx umq in the repository', () => {
  it('npm install linked node_modules/.bin/umq to the committed launcher', () => {
    const link = join(root, 'node_modules/.bin/umq');
    expect(existsSync(link)).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(join(root, 'packages/model/bin/umq.mjs')));
  });

  it('`npx umq info` runs from the root and from a package folder (from the sources: no build needed)', () => {
    for (const cwd of [root, join(root, 'packages/core')]) {
      const out = npx(cwd, ['umq', 'info']);
      expect(out).toMatch(/^engine: (wasm|tensorflow|tensorflow-gpu) \(backend/m);
      expect(out).toMatch(/^@umq\/model \d+\.\d+\.\d+/m);
    }
  });

  it('passes arguments and the exit code through', () => {
    let status: number | undefined;
    let stderr = '';
    try {
      npx(root, ['umq', 'no-such-command']);
    } catch (e) {
      status = (e as { status?: number }).status;
      stderr = String((e as { stderr?: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/umq: unknown command "no-such-command"/);
  });
});
