/**
 * Where tests and benchmarks find the real data of ../shared/data (never copied into the
 * repository). `UMQ_SHARED_DATA` overrides the location. In CI (`CI=true`) missing data is an
 * error, so a data test can never be skipped silently there.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared data folder, or null when it is not there (outside CI only). */
export function sharedDataDir(): string | null {
  const dir = process.env.UMQ_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data');
  if (existsSync(dir)) return dir;
  if (process.env.CI) throw new Error(`shared data not found at ${dir}: CI needs ../shared/data beside the clone (or UMQ_SHARED_DATA)`);
  return null;
}

/** A file under the shared data folder, or null when the folder is absent (outside CI). */
export function sharedDataFile(...parts: string[]): string | null {
  const dir = sharedDataDir();
  return dir ? join(dir, ...parts) : null;
}

/** The repository root. */
export const REPO_ROOT = repoRoot;
