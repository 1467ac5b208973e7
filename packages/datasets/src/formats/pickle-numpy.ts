/**
 * The numpy side of the safe unpickler: rebuilding `ndarray`s, `dtype`s and numpy scalars
 * from the exact global/REDUCE/BUILD sequences numpy's `__reduce__` produces, and nothing else.
 */
import { DataFormatError } from '@umq/core';
import { checkedProduct } from './bytes';
import { ndarrayFromBytes, parseDType, type NdArray, type NdScalar } from './ndarray';

/** A numpy `dtype` under construction (`numpy.dtype(descr, align, copy)` + BUILD state). */
export class PendingDType {
  order = '|';
  constructor(readonly descr: string) {}
  /** The dtype string with its byte order, e.g. `'<f4'`. */
  get str(): string {
    return /^[a-zA-Z]/.test(this.descr) ? `${this.order}${this.descr}` : this.descr;
  }
}

/** An `ndarray` created by `_reconstruct` and waiting for its BUILD state. */
export class PendingArray {}

/** Bytes from a `bytes` value or a Python 2 `str` (Latin-1 chars); other values throw. */
export function asBytes(v: unknown, file: string | undefined, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') {
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c > 255) throw new DataFormatError(`${what}: a Latin-1 byte string holds character ${c} > 255`, file);
      out[i] = c;
    }
    return out;
  }
  throw new DataFormatError(`${what}: expected bytes, got ${describe(v)}`, file);
}

/** A short description of a value's type for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof PendingDType) return 'numpy.dtype';
  if (v instanceof PendingArray) return 'numpy.ndarray (unbuilt)';
  if (typeof v === 'object' && 'kind' in (v as object)) return String((v as { kind: string }).kind);
  return typeof v;
}

const OBJECT_OK = (v: unknown): v is NdScalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

/** BUILD state of a dtype: `(version, order, subarray, names, fields, elsize, align, flags)`. */
export function buildDType(dt: PendingDType, state: unknown, file?: string): void {
  const items = tupleItems(state);
  if (!items || items.length < 2 || typeof items[1] !== 'string') throw new DataFormatError(`numpy.dtype state must be a tuple (version, byteorder, ...), got ${describe(state)}`, file);
  if (items[2] != null || items[3] != null || items[4] != null) {
    throw new DataFormatError(`numpy dtype '${dt.descr}' is structured or a sub-array dtype: only plain numeric, bool, unicode and object dtypes are allowed`, file);
  }
  dt.order = items[1] as string;
}

/** BUILD state of an ndarray: `(version, shape, dtype, is_fortran, rawdata | list)`. */
export function buildArray(target: PendingArray, state: unknown, file?: string): NdArray {
  const items = tupleItems(state);
  if (!items || (items.length !== 5 && items.length !== 4)) throw new DataFormatError(`numpy.ndarray state must be a 5-tuple (version, shape, dtype, fortran, data), got ${describe(state)}`, file);
  const [shapeV, dtV, fortranV, raw] = items.length === 5 ? items.slice(1) : items;
  const shape = intTuple(shapeV, file, 'ndarray shape');
  if (!(dtV instanceof PendingDType)) throw new DataFormatError(`numpy.ndarray state holds ${describe(dtV)} where a numpy.dtype was expected`, file);
  const fortranOrder = fortranV === true || fortranV === 1;
  const info = parseDType(dtV.str, file);
  let arr: NdArray;
  if (info.kind === 'object') {
    const count = checkedProduct(shape, file, 'object array shape');
    if (!Array.isArray(raw) || raw.length !== count) {
      throw new DataFormatError(`object ndarray of shape [${shape.join(', ')}] needs a list of ${count} elements, got ${Array.isArray(raw) ? `${raw.length} elements` : describe(raw)}`, file);
    }
    raw.forEach((el, i) => {
      if (!OBJECT_OK(el)) throw new DataFormatError(`object ndarray element ${i} is a ${describe(el)}: object arrays may only hold str, int, float, bool or None`, file);
    });
    arr = { dtype: '|O', shape, fortranOrder, data: raw as NdScalar[] };
  } else {
    arr = ndarrayFromBytes(asBytes(raw, file, 'ndarray data'), info, shape, fortranOrder, file);
  }
  return Object.assign(target, arr) as unknown as NdArray;
}

/** `numpy.core.numeric._frombuffer(buf, dtype, shape, order)` (protocol 5, in-band buffers). */
export function fromBuffer(args: unknown[], file?: string): NdArray {
  if (args.length !== 4) throw new DataFormatError(`numpy _frombuffer expects 4 arguments, got ${args.length}`, file);
  const [buf, dtV, shapeV, order] = args;
  if (!(dtV instanceof PendingDType)) throw new DataFormatError(`numpy _frombuffer got ${describe(dtV)} where a numpy.dtype was expected`, file);
  if (order !== 'C' && order !== 'F') throw new DataFormatError(`numpy _frombuffer order must be 'C' or 'F', got ${String(order)}`, file);
  const info = parseDType(dtV.str, file);
  return ndarrayFromBytes(asBytes(buf, file, '_frombuffer data'), info, intTuple(shapeV, file, '_frombuffer shape'), order === 'F', file);
}

/** `numpy.core.multiarray.scalar(dtype, bytes)` -> number, bigint (outside ±2^53) or boolean. */
export function numpyScalar(args: unknown[], file?: string): number | bigint | boolean | string {
  const [dtV, raw] = args;
  if (args.length !== 2 || !(dtV instanceof PendingDType)) throw new DataFormatError(`numpy scalar expects (dtype, bytes), got ${args.length} arguments`, file);
  const info = parseDType(dtV.str, file);
  if (info.kind === 'object') throw new DataFormatError(`numpy object scalars are not supported`, file);
  const a = ndarrayFromBytes(asBytes(raw, file, 'numpy scalar data'), info, [], false, file);
  const v = a.data[0];
  if (a.dtype === '|b1') return v === 1;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  return v as number | string;
}

function tupleItems(v: unknown): unknown[] | null {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'tuple' ? (v as { items: unknown[] }).items : null;
}

function intTuple(v: unknown, file: string | undefined, what: string): number[] {
  const items = tupleItems(v) ?? (Array.isArray(v) ? v : null);
  if (!items) throw new DataFormatError(`${what} must be a tuple of ints, got ${describe(v)}`, file);
  return items.map((d) => {
    const n = typeof d === 'bigint' ? Number(d) : d;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new DataFormatError(`${what} holds an invalid dimension ${String(d)}`, file);
    return n;
  });
}
