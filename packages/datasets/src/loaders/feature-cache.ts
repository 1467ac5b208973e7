/**
 * An on-disk cache of variable-length feature frames (one file per key), written atomically
 * and checked on read: a missing, truncated, corrupted or foreign file is a miss (recomputed
 * and rewritten), never a crash. Node-only.
 *
 * File layout: `UMQFEAT1` (8 bytes), a u32 header length, a UTF-8 JSON header
 * `{ key, count, dim, frames, sha256 }` padded with spaces to a multiple of 4 bytes, then
 * `Int32 lengths[count]` and `Float32 values[frames * dim]` (little-endian), where `sha256` is
 * the hash of those two arrays' bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '@umq/core/node';

const MAGIC = 'UMQFEAT1';

/** Frames of many recordings: `lengths[i]` frames each, concatenated row-major `[sum(lengths), dim]`. */
export interface FrameSet {
  /** Frames per recording. */
  lengths: Int32Array;
  /** Values, `sum(lengths) * dim`. */
  values: Float32Array;
  /** Values per frame. */
  dim: number;
}

/** A sha256 hex digest of strings and byte arrays, in order. */
export function sha256(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/**
 * Reads a cache file.
 *
 * @param path - The cache file.
 * @param key - The key the file must have been written for.
 * @param count - Recordings expected.
 * @param dim - Values per frame expected.
 * @returns The frames, or `{ miss }` saying why the file was not used.
 * @example
 * ```ts
 * const hit = readFeatureCache('.umq-cache/av-digits/ab12.feat', 'ab12...', 3000, 20);
 * if ('miss' in hit) console.log(hit.miss);
 * ```
 */
export function readFeatureCache(path: string, key: string, count: number, dim: number): FrameSet | { miss: string } {
  let buf: Uint8Array;
  try {
    buf = new Uint8Array(readFileSync(path));
  } catch {
    return { miss: 'no cache file' };
  }
  const bad = (why: string): { miss: string } => ({ miss: `corrupt cache file (${why})` });
  if (buf.length < 12 || new TextDecoder().decode(buf.subarray(0, 8)) !== MAGIC) return bad('no UMQFEAT1 magic');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const hlen = view.getUint32(8, true);
  if (hlen % 4 !== 0 || 12 + hlen > buf.length) return bad('header length');
  let h: { key?: unknown; count?: unknown; dim?: unknown; frames?: unknown; sha256?: unknown };
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(12, 12 + hlen))) as typeof h;
  } catch {
    return bad('header is not JSON');
  }
  if (h.key !== key) return { miss: 'the file holds another key' };
  if (h.count !== count || h.dim !== dim || !Number.isSafeInteger(h.frames) || typeof h.sha256 !== 'string') return bad('header fields');
  const frames = h.frames as number;
  const start = 12 + hlen;
  const size = 4 * count + 4 * frames * dim;
  if (buf.length !== start + size) return bad(`${buf.length} bytes, expected ${start + size}`);
  const payload = buf.subarray(start);
  if (sha256(payload) !== h.sha256) return bad('checksum mismatch');
  // A fresh aligned copy (readFileSync's buffer may sit at any offset of Node's pool).
  const copy = payload.slice();
  const lengths = new Int32Array(copy.buffer, 0, count);
  let total = 0;
  for (const l of lengths) {
    if (l < 0) return bad('negative length');
    total += l;
  }
  if (total !== frames) return bad('lengths do not sum to the frame count');
  return { lengths, values: new Float32Array(copy.buffer, 4 * count, frames * dim), dim };
}

/**
 * Writes a cache file atomically (a temporary file renamed into place), creating its folder.
 *
 * @param path - The cache file.
 * @param key - Its key.
 * @param set - The frames.
 * @example
 * ```ts
 * writeFeatureCache('.umq-cache/av-digits/ab12.feat', key, { lengths, values, dim: 20 });
 * ```
 */
export function writeFeatureCache(path: string, key: string, set: FrameSet): void {
  const frames = set.values.length / set.dim;
  const payload = new Uint8Array(4 * set.lengths.length + 4 * set.values.length);
  payload.set(new Uint8Array(set.lengths.buffer, set.lengths.byteOffset, set.lengths.byteLength));
  payload.set(new Uint8Array(set.values.buffer, set.values.byteOffset, set.values.byteLength), 4 * set.lengths.length);
  let header = JSON.stringify({ key, count: set.lengths.length, dim: set.dim, frames, sha256: sha256(payload) });
  header += ' '.repeat((4 - (Buffer.byteLength(header) % 4)) % 4);
  const hb = new TextEncoder().encode(header);
  const out = new Uint8Array(12 + hb.length + payload.length);
  out.set(new TextEncoder().encode(MAGIC));
  new DataView(out.buffer).setUint32(8, hb.length, true);
  out.set(hb, 12);
  out.set(payload, 12 + hb.length);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, out);
}

/**
 * A frame set from the cache under `cacheDir/namespace/<key>.feat`, where the key is the sha256
 * of `identity` (JSON), or computed and written there on a miss (missing, foreign or corrupt
 * file). `cacheDir: false` always computes.
 *
 * @param cacheDir - Cache folder, or false.
 * @param namespace - Sub-folder (e.g. `'av-digits'`).
 * @param identity - Everything the result depends on (JSON-serialisable).
 * @param expect - Recordings and values per frame the result has (checked on read).
 * @param compute - Computes the frame set on a miss.
 * @param log - Receives one line (hit, or miss and why).
 * @example
 * ```ts
 * const set = cachedFrameSet('.umq-cache', 'av-digits', { files, options }, { count: 3000, dim: 20 }, computeAll);
 * ```
 */
export function cachedFrameSet(
  cacheDir: string | false,
  namespace: string,
  identity: unknown,
  expect: { count: number; dim: number },
  compute: () => FrameSet,
  log?: (message: string) => void,
): FrameSet {
  if (cacheDir === false) return compute();
  const key = sha256(JSON.stringify(identity));
  const path = resolve(cacheDir, namespace, `${key}.feat`);
  const hit = readFeatureCache(path, key, expect.count, expect.dim);
  if (!('miss' in hit)) {
    log?.(`${namespace}: read from the cache ${path}`);
    return hit;
  }
  const set = compute();
  writeFeatureCache(path, key, set);
  log?.(`${namespace}: computed (${hit.miss}) and cached at ${path}`);
  return set;
}
