/**
 * Crash-safe file writes: the data goes to a temporary file in the same folder, is flushed to
 * disk (fsync), then renamed over the target, so readers see the old file or the new one,
 * never a torn one. Synchronous on purpose: checkpoints are written between steps, and a
 * caller that writes a pointer file after the data (`latest.json`) needs the order kept.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes `data` to `path` atomically (temp file in the same folder + fsync + rename, then an
 * fsync of the folder where the platform allows it). The temp file is removed on failure.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@umq/core/node';
 * writeFileAtomic('runs/a/config.json', JSON.stringify(config));
 * ```
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    // directories cannot be opened or synced on some platforms (Windows); the rename stands
  }
}
