/**
 * Bounds-checked little-endian reading of untrusted bytes, shared by the format parsers.
 * Every read checks the offset against the buffer first and throws a `DataFormatError`
 * naming the file, the offset and what was being read.
 */
import { DataFormatError } from '@umq/core';

/**
 * A cursor over untrusted bytes: every read is bounds-checked and advances.
 *
 * @example
 * ```ts
 * const r = new ByteReader(bytes, 'x.npy');
 * const magic = r.bytes(6, 'magic');
 * const len = r.u16('header length');
 * ```
 */
export class ByteReader {
  /** Current offset in bytes. */
  pos = 0;
  readonly view: DataView;
  constructor(
    readonly buf: Uint8Array,
    readonly file?: string,
    /** Added to `pos` in messages (for buffers that were cut out of a larger file). */
    readonly baseOffset = 0,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes left after `pos`. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** A `DataFormatError` naming the file and the current offset. */
  error(message: string, at = this.pos): DataFormatError {
    return new DataFormatError(`${message} (at byte ${at + this.baseOffset})`, this.file);
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.remaining) {
      throw this.error(
        `truncated: reading ${what} needs ${n} bytes but only ${this.remaining} remain; the file is cut short or a length field is corrupt`,
      );
    }
  }

  /** A view (no copy) of the next `n` bytes. */
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /** An unsigned 64-bit length; throws when it exceeds `Number.MAX_SAFE_INTEGER`. */
  u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(`${what} ${v} is larger than any real file`);
    this.pos += 8;
    return Number(v);
  }
  f64(what: string, littleEndian = true): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, littleEndian);
    this.pos += 8;
    return v;
  }
}

/** Decodes bytes as Latin-1 (one char per byte; never throws). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)));
  }
  return s;
}

/** Decodes UTF-8 strictly; invalid sequences are a `DataFormatError`. */
export function utf8(bytes: Uint8Array, file: string | undefined, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataFormatError(`${what} is not valid UTF-8`, file);
  }
}

/** The product of `dims`, checked to be a safe non-negative integer. */
export function checkedProduct(dims: readonly number[], file: string | undefined, what: string): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new DataFormatError(`${what} has an invalid dimension ${d} in [${dims.join(', ')}]: dimensions must be non-negative integers`, file);
    }
    n *= d;
    if (!Number.isSafeInteger(n)) throw new DataFormatError(`${what} has too many elements ([${dims.join(', ')}])`, file);
  }
  return n;
}

/** Most nested containers (cells, structs, lists, dicts) a parser accepts. */
export const MAX_NESTING = 100;

/** A fresh, aligned copy of `b` (Node's `Buffer#slice` returns a view, so never rely on it). */
export function copyBytes(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}
