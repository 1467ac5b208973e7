/**
 * A small, defensive ZIP reader for `.npz` archives: central directory (with zip64), stored
 * and deflated members, CRC-32 checked. Declared sizes are checked against a cap BEFORE any
 * allocation, and inflation stops as soon as output exceeds the declared size (zip bombs).
 */
import { Inflate, Unzlib } from 'fflate';
import { DataFormatError } from '@umq/core';
import { ByteReader, utf8 } from './bytes';

/** Caps of {@link readZip}. */
export interface ZipOptions {
  /** Largest uncompressed member, in bytes. Default 2 GiB (2^31). */
  maxEntryBytes?: number;
  /** Most members. Default 65,536. */
  maxEntries?: number;
}

let crcTable: Uint32Array | null = null;
/** CRC-32 (IEEE) of `bytes`, as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Inflates raw deflate data, refusing to produce more than `limit` bytes.
 *
 * @example
 * ```ts
 * const out = inflateCapped(deflated, 1 << 20, 'x.npz', 'member a.npy');
 * ```
 */
export function inflateCapped(input: Uint8Array, limit: number, file: string | undefined, what: string, zlib = false): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const over = new DataFormatError(`${what} inflates to more than ${limit} bytes (its declared size or the cap): refusing a possible zip bomb`, file);
  const onData = (chunk: Uint8Array, final: boolean): void => {
    total += chunk.length;
    if (total > limit) throw over;
    chunks.push(chunk);
    if (final) done = true;
  };
  const inf = zlib ? new Unzlib(onData) : new Inflate(onData);
  try {
    const step = 1 << 16;
    for (let i = 0; i < input.length && !done; i += step) inf.push(input.subarray(i, Math.min(input.length, i + step)), i + step >= input.length);
    if (input.length === 0) inf.push(input, true);
  } catch (e) {
    if (e === over) throw e;
    throw new DataFormatError(`${what} is not valid ${zlib ? 'zlib' : 'deflate'} data (${(e as Error).message})`, file);
  }
  if (!done) throw new DataFormatError(`${what}: compressed stream ends early (truncated)`, file);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Reads every member of a ZIP archive into memory.
 *
 * @param bytes - the whole archive
 * @param file - file name for error messages
 * @returns member name -> uncompressed bytes
 * @example
 * ```ts
 * const members = readZip(readFileSync('a.npz'), 'a.npz');
 * ```
 */
export function readZip(bytes: Uint8Array, file?: string, options: ZipOptions = {}): Map<string, Uint8Array> {
  const maxEntry = options.maxEntryBytes ?? 2 ** 31;
  const maxEntries = options.maxEntries ?? 65536;
  const r = new ByteReader(bytes, file);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DataFormatError(`not a ZIP archive (no end-of-central-directory record): an .npz file must be written by np.savez or np.savez_compressed`, file);
  r.pos = eocd + 10;
  let count = r.u16('entry count');
  let cdSize = r.u32('central directory size');
  let cdOffset = r.u32('central directory offset');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    r.pos = eocd - 20;
    if (r.u32('zip64 locator signature') !== 0x07064b50) throw r.error('zip64 archive without a zip64 end-of-central-directory locator', eocd - 20);
    r.pos += 4;
    r.pos = r.u64('zip64 record offset');
    if (r.u32('zip64 record signature') !== 0x06064b50) throw r.error('bad zip64 end-of-central-directory record');
    r.pos += 8 + 2 + 2 + 4 + 4 + 8;
    count = r.u64('zip64 entry count');
    cdSize = r.u64('zip64 central directory size');
    cdOffset = r.u64('zip64 central directory offset');
  }
  if (count > maxEntries) throw new DataFormatError(`ZIP archive declares ${count} members, more than the cap of ${maxEntries}`, file);
  if (cdOffset + cdSize > bytes.length) throw new DataFormatError(`ZIP central directory (offset ${cdOffset}, ${cdSize} bytes) lies beyond the end of the ${bytes.length}-byte file: truncated`, file);
  const out = new Map<string, Uint8Array>();
  r.pos = cdOffset;
  for (let e = 0; e < count; e++) {
    const at = r.pos;
    if (r.u32('central header signature') !== 0x02014b50) throw r.error(`bad ZIP central directory entry ${e}`, at);
    r.pos = at + 8;
    const flags = r.u16('flags');
    const method = r.u16('compression method');
    r.pos = at + 16;
    const crc = r.u32('crc');
    let compSize = r.u32('compressed size');
    let size = r.u32('uncompressed size');
    const nameLen = r.u16('name length');
    const extraLen = r.u16('extra length');
    const commentLen = r.u16('comment length');
    r.pos = at + 42;
    let localOffset = r.u32('local header offset');
    const name = utf8(r.bytes(nameLen, 'member name'), file, 'ZIP member name');
    const extra = new ByteReader(r.bytes(extraLen, 'extra field'), file, r.pos - extraLen);
    r.bytes(commentLen, 'comment');
    while (extra.remaining >= 4) {
      const id = extra.u16('extra id');
      const len = extra.u16('extra length');
      const body = new ByteReader(extra.bytes(len, 'extra body'), file);
      if (id === 1) {
        if (size === 0xffffffff) size = body.u64('zip64 size');
        if (compSize === 0xffffffff) compSize = body.u64('zip64 compressed size');
        if (localOffset === 0xffffffff) localOffset = body.u64('zip64 offset');
      }
    }
    const what = `ZIP member '${name}'`;
    if (flags & 1) throw new DataFormatError(`${what} is encrypted`, file);
    if (size > maxEntry) throw new DataFormatError(`${what} declares ${size} uncompressed bytes, more than the cap of ${maxEntry}: refusing a possible zip bomb`, file);
    const lr = new ByteReader(bytes, file);
    lr.pos = localOffset;
    if (lr.u32('local header signature') !== 0x04034b50) throw lr.error(`${what}: bad local header`, localOffset);
    lr.pos = localOffset + 26;
    const lName = lr.u16('local name length');
    const lExtra = lr.u16('local extra length');
    lr.bytes(lName + lExtra, 'local name and extra');
    const comp = lr.bytes(compSize, `${what} data`);
    let data: Uint8Array;
    if (method === 0) {
      if (compSize !== size) throw new DataFormatError(`${what} is stored with ${compSize} bytes but declares ${size}`, file);
      data = comp;
    } else if (method === 8) {
      data = inflateCapped(comp, size, file, what);
      if (data.length !== size) throw new DataFormatError(`${what} inflates to ${data.length} bytes but declares ${size}`, file);
    } else {
      throw new DataFormatError(`${what} uses compression method ${method}; only stored (0) and deflate (8) are supported`, file);
    }
    if (crc32(data) !== crc) throw new DataFormatError(`${what} fails its CRC-32 check: the archive is corrupt`, file);
    out.set(name, data);
  }
  return out;
}
