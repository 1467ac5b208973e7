/**
 * A safe reader of MATLAB Level 5 MAT-files (v5, v6, v7: with or without zlib-compressed
 * elements). v7.3 files are HDF5 and are detected and refused with a hint; big-endian ('MI')
 * files, complex arrays, objects and function handles are refused clearly.
 *
 * Caps: each compressed element inflates to at most `maxElementBytes` (default 2 GiB) and
 * never more than the size its inner tag declares; element counts are checked against the
 * bytes present before allocating; cells/structs nest at most 100 deep.
 */
import { DataFormatError } from '@umq/core';
import { ByteReader, MAX_NESTING, checkedProduct, copyBytes, latin1 } from './bytes';
import { inflateCapped } from './zip';

/** MATLAB numeric classes (`logical` is stored as uint8 0/1). */
export type MatNumericClass = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'logical';

/** Typed arrays a numeric MAT value can hold (the class's own type, column-major). */
export type MatData = Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/**
 * A MATLAB value. `dims` are MATLAB's (at least 2); `data`/`cells` are column-major as stored.
 * A char array's `text` is its characters for one row, or its rows joined by `'\n'`.
 * A sparse matrix is in compressed-column form (`rowIndices`, `colStarts`, `values`).
 */
export type MatValue =
  | {
      /** The MATLAB class of the value. */
      kind: 'numeric';
      /** The numeric class (`'double'`, `'single'`, `'int32'`, ..., `'logical'`). */
      className: MatNumericClass;
      /** MATLAB dimensions (column-major, at least 2). */
      dims: number[];
      /** The elements, column-major, in `className`'s typed array. */
      data: MatData;
      /** Always absent or false: complex arrays are refused. */
      complex?: false;
      /** The MAT element type the data was stored in (MATLAB stores e.g. integer-valued doubles as 'uint8'); `data` is already converted to `className`. */
      storedAs?: string;
    }
  | {
      /** The MATLAB class of the value. */
      kind: 'cell';
      /** MATLAB dimensions (column-major, at least 2). */
      dims: number[];
      /** The cells, column-major. */
      cells: MatValue[];
    }
  | {
      /** The MATLAB class of the value. */
      kind: 'char';
      /** MATLAB dimensions (column-major, at least 2). */
      dims: number[];
      /** The characters as one string. */
      text: string;
    }
  | {
      /** The MATLAB class of the value. */
      kind: 'struct';
      /** MATLAB dimensions (column-major, at least 2). */
      dims: number[];
      /** Each field's values, one per struct element (column-major). */
      fields: Record<string, MatValue[]>;
    }
  | {
      /** The MATLAB class of the value. */
      kind: 'sparse';
      /** MATLAB dimensions (column-major, at least 2). */
      dims: number[];
      /** True for a logical sparse matrix. */
      logical: boolean;
      /** Row index of each stored value (compressed sparse column). */
      rowIndices: Int32Array;
      /** Start of each column in `rowIndices`/`values` (length cols + 1). */
      colStarts: Int32Array;
      /** The stored values. */
      values: Float64Array;
    };

/** Options of {@link readMat}. */
export interface ReadMatOptions {
  /** Largest inflated size of one compressed element, in bytes. Default 2^31. */
  maxElementBytes?: number;
}

const MI: Record<number, { name: string; size: number }> = {
  1: { name: 'int8', size: 1 }, 2: { name: 'uint8', size: 1 }, 3: { name: 'int16', size: 2 }, 4: { name: 'uint16', size: 2 },
  5: { name: 'int32', size: 4 }, 6: { name: 'uint32', size: 4 }, 7: { name: 'single', size: 4 }, 9: { name: 'double', size: 8 },
  12: { name: 'int64', size: 8 }, 13: { name: 'uint64', size: 8 }, 16: { name: 'utf8', size: 1 }, 17: { name: 'utf16', size: 2 }, 18: { name: 'utf32', size: 4 },
};
const MX_NUMERIC: Record<number, Exclude<MatNumericClass, 'logical'>> = {
  6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64',
};
const CTOR: Record<MatNumericClass, { new (n: number): MatData }> = {
  double: Float64Array, single: Float32Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, logical: Uint8Array,
};

interface Element {
  type: number;
  body: ByteReader;
}

class MatParser {
  constructor(readonly file: string | undefined, readonly opts: ReadMatOptions) {}

  /** Reads one tag + body (small-element format aware), padding to 8 bytes. */
  element(r: ByteReader, what: string): Element {
    const at = r.pos;
    const first = r.u32(`${what} tag`);
    if (first >>> 16 !== 0) {
      const n = first >>> 16;
      if (n > 4) throw r.error(`${what}: small data element declares ${n} bytes (at most 4)`, at);
      const body = new ByteReader(r.bytes(4, what).subarray(0, n), this.file, at + 4);
      return { type: first & 0xffff, body };
    }
    const n = r.u32(`${what} size`);
    const body = new ByteReader(r.bytes(n, what), this.file, r.pos - n + r.baseOffset);
    if (first !== 15) r.pos = Math.min(r.buf.length, r.pos + ((8 - (n % 8)) % 8));
    return { type: first, body };
  }

  /** The numbers of a numeric element, converted to `cls`'s typed array. */
  numbers(el: Element, cls: MatNumericClass, count: number, what: string): MatData {
    const t = MI[el.type];
    if (!t || t.size === 0 || el.type >= 16) throw el.body.error(`${what}: data element type ${el.type} is not numeric`, 0);
    const have = el.body.buf.length / t.size;
    if (have !== count) throw el.body.error(`${what}: ${count} elements expected from its dimensions, but the data holds ${el.body.buf.length} bytes of ${t.name} (${have} elements)`, 0);
    const src = typed(el.type, copyBytes(el.body.buf));
    const out = new CTOR[cls](count);
    if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
      for (let i = 0; i < count; i++) out[i] = typeof src[i] === 'bigint' ? (src[i] as bigint) : BigInt(src[i] as number);
    } else if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
      for (let i = 0; i < count; i++) out[i] = Number(src[i]);
    } else {
      (out as Float64Array).set(src as Float64Array);
    }
    return out;
  }

  /** Parses an miMATRIX body. */
  matrix(r: ByteReader, depth: number): { name: string; value: MatValue | null } {
    if (depth > MAX_NESTING) throw r.error(`cells/structs nest more than ${MAX_NESTING} deep (the cap)`);
    if (r.remaining === 0) return { name: '', value: { kind: 'numeric', className: 'double', dims: [0, 0], data: new Float64Array(0) } };
    const flags = this.element(r, 'array flags').body;
    const f0 = flags.u32('array flags');
    const nzmax = flags.remaining >= 4 ? flags.u32('nzmax') : 0;
    const mx = f0 & 0xff;
    const complex = (f0 & 0x800) !== 0;
    const logical = (f0 & 0x200) !== 0;
    const dimEl = this.element(r, 'dimensions');
    if (dimEl.type !== 5 || dimEl.body.buf.length % 4) throw dimEl.body.error('dimensions must be an int32 element', 0);
    const dims: number[] = [];
    while (dimEl.body.remaining) dims.push(dimEl.body.i32('dimension'));
    if (dims.length < 2) throw dimEl.body.error(`an array needs at least 2 dimensions, got [${dims.join(', ')}]`, 0);
    const count = checkedProduct(dims, this.file, 'MAT array');
    const nameEl = this.element(r, 'array name');
    const name = latin1(nameEl.body.buf);
    const label = name ? `variable '${name}'` : 'nested array';
    if (complex) throw r.error(`${label} is complex: complex arrays are not supported (save real(x) and imag(x) separately)`);
    if (count > r.buf.length * 8 + 8) throw r.error(`${label} declares ${count} elements ([${dims.join(', ')}]) but the element holds only ${r.buf.length} bytes`);
    if (mx in MX_NUMERIC) {
      const cls: MatNumericClass = logical ? 'logical' : MX_NUMERIC[mx];
      const el = this.element(r, `${label} data`);
      const data = this.numbers(el, cls, count, label);
      return { name, value: { kind: 'numeric', className: cls, dims, data, storedAs: MI[el.type]?.name } };
    }
    switch (mx) {
      case 4: {
        const el = this.element(r, `${label} chars`);
        const codes = this.chars(el, count, label);
        const [m] = dims;
        const n = m > 0 ? count / m : 0;
        const rows: string[] = [];
        for (let i = 0; i < m; i++) {
          let s = '';
          for (let j = 0; j < n; j++) s += String.fromCodePoint(codes[i + j * m]);
          rows.push(s);
        }
        return { name, value: { kind: 'char', dims, text: rows.join('\n') } };
      }
      case 1: {
        const cells: MatValue[] = [];
        for (let i = 0; i < count; i++) cells.push(this.nested(r, depth, `${label} cell ${i}`));
        return { name, value: { kind: 'cell', dims, cells } };
      }
      case 2: {
        const lenEl = this.element(r, `${label} field name length`);
        const fieldLen = lenEl.body.i32('field name length');
        const namesEl = this.element(r, `${label} field names`);
        if (fieldLen <= 0 || namesEl.body.buf.length % fieldLen) throw r.error(`${label}: field names (${namesEl.body.buf.length} bytes) are not a multiple of the field name length ${fieldLen}`);
        const names: string[] = [];
        for (let i = 0; i < namesEl.body.buf.length; i += fieldLen) {
          const raw = namesEl.body.buf.subarray(i, i + fieldLen);
          const z = raw.indexOf(0);
          names.push(latin1(z < 0 ? raw : raw.subarray(0, z)));
        }
        const fields: Record<string, MatValue[]> = Object.create(null);
        for (const fname of names) fields[fname] = [];
        for (let i = 0; i < count; i++) for (const fname of names) fields[fname].push(this.nested(r, depth, `${label}.${fname}(${i + 1})`));
        return { name, value: { kind: 'struct', dims, fields } };
      }
      case 5: {
        const ir = this.element(r, `${label} row indices`);
        const jc = this.element(r, `${label} column starts`);
        const pr = this.element(r, `${label} values`);
        if (ir.type !== 5 || jc.type !== 5) throw r.error(`${label}: sparse indices must be int32 elements`);
        const rowIndices = new Int32Array(copyBytes(ir.body.buf).buffer);
        const colStarts = new Int32Array(copyBytes(jc.body.buf).buffer);
        const nnz = colStarts.length ? colStarts[colStarts.length - 1] : 0;
        if (dims.length !== 2 || colStarts.length !== dims[1] + 1 || nnz < 0 || nnz > rowIndices.length || nnz > nzmax) throw r.error(`${label}: inconsistent sparse structure (${colStarts.length} column starts for ${dims[1]} columns, ${nnz} non-zeros)`);
        for (let j = 0; j < dims[1]; j++) if (colStarts[j] > colStarts[j + 1] || colStarts[j] < 0) throw r.error(`${label}: sparse column starts are not non-decreasing`);
        for (let k = 0; k < nnz; k++) if (rowIndices[k] < 0 || rowIndices[k] >= dims[0]) throw r.error(`${label}: sparse row index ${rowIndices[k]} outside 0..${dims[0] - 1}`);
        const t = MI[pr.type];
        const nvals = t ? pr.body.buf.length / t.size : -1;
        const values = this.numbers(pr, 'double', nvals, `${label} values`) as Float64Array;
        return { name, value: { kind: 'sparse', dims, logical, rowIndices: rowIndices.slice(0, nnz), colStarts, values: values.slice(0, nnz) } };
      }
      case 3:
        throw r.error(`${label} is a MATLAB object (class instance), which is not supported: save its fields as a struct`);
      case 16:
        throw r.error(`${label} is a function handle, which is not supported`);
      case 17:
        throw r.error(`${label} is an opaque MATLAB object (e.g. string, table, datetime), which is not supported: convert to char/cell/numeric before saving`);
      default:
        throw r.error(`${label} has unknown MATLAB array class ${mx}`);
    }
  }

  nested(r: ByteReader, depth: number, what: string): MatValue {
    const el = this.element(r, what);
    if (el.type !== 14) throw el.body.error(`${what} must be an miMATRIX element, got type ${el.type}`, 0);
    const { value } = this.matrix(el.body, depth + 1);
    return value as MatValue;
  }

  chars(el: Element, count: number, what: string): number[] {
    const b = el.body.buf;
    let codes: number[];
    if (el.type === 16) codes = Array.from(new TextDecoder('utf-8').decode(b), (c) => c.codePointAt(0) as number);
    else if (el.type === 1 || el.type === 2) codes = Array.from(b);
    else if (el.type === 4 || el.type === 17) {
      if (b.length % 2) throw el.body.error(`${what}: odd UTF-16 byte count ${b.length}`, 0);
      codes = Array.from(new Uint16Array(copyBytes(b).buffer));
    } else if (el.type === 18 || el.type === 6) {
      if (b.length % 4) throw el.body.error(`${what}: UTF-32 byte count ${b.length} is not a multiple of 4`, 0);
      codes = Array.from(new Uint32Array(copyBytes(b).buffer), (c) => (c > 0x10ffff ? 0xfffd : c));
    } else throw el.body.error(`${what}: char data has unsupported element type ${el.type}`, 0);
    if (codes.length !== count) throw el.body.error(`${what}: ${count} characters expected from its dimensions, got ${codes.length}`, 0);
    return codes;
  }
}

function typed(type: number, b: Uint8Array): MatData {
  const buf = b.buffer as ArrayBuffer;
  switch (type) {
    case 1: return new Int8Array(buf);
    case 2: return new Uint8Array(buf);
    case 3: return new Int16Array(buf);
    case 4: return new Uint16Array(buf);
    case 5: return new Int32Array(buf);
    case 6: return new Uint32Array(buf);
    case 7: return new Float32Array(buf);
    case 9: return new Float64Array(buf);
    case 12: return new BigInt64Array(buf);
    default: return new BigUint64Array(buf);
  }
}

/**
 * Reads every variable of a MATLAB Level 5 MAT-file (v5/v6/v7, compressed or not).
 *
 * @param bytes - the whole file
 * @param file - file name for error messages
 * @param options - decompression cap
 * @returns variable name -> value (column-major data, MATLAB dims)
 * @example
 * ```ts
 * const vars = readMat(readFileSync('handwritten_6views.mat'), 'handwritten_6views.mat');
 * const { rows, cols, data } = matToRowMajor(vars.x1_train); // 1600 x 240, float32
 * ```
 */
export function readMat(bytes: Uint8Array, file?: string, options: ReadMatOptions = {}): Record<string, MatValue> {
  const r = new ByteReader(bytes, file);
  if (bytes.length >= 8 && bytes[0] === 0x89 && latin1(bytes.subarray(1, 4)) === 'HDF') {
    throw new DataFormatError('this is an HDF5 file, not a Level 5 MAT-file: MAT v7.3 is not supported (re-save with save(..., "-v7") or read it as HDF5)', file);
  }
  const header = r.bytes(Math.min(128, bytes.length), 'header');
  if (header.length < 128) throw new DataFormatError(`too short for a MAT-file: ${bytes.length} bytes, a Level 5 MAT-file starts with a 128-byte header`, file);
  const text = latin1(header.subarray(0, 116));
  if (/MATLAB 7\.3/.test(text) || (bytes.length >= 520 && bytes[512] === 0x89 && latin1(bytes.subarray(513, 516)) === 'HDF')) {
    throw new DataFormatError('this is a MAT v7.3 file (HDF5), which is not supported: re-save with save(..., "-v7") or read it as HDF5', file);
  }
  const endian = latin1(header.subarray(126, 128));
  if (endian === 'MI') throw new DataFormatError('big-endian MAT-file (endian indicator "MI") is not supported: re-save it on a little-endian machine', file);
  if (endian !== 'IM') throw new DataFormatError(`not a Level 5 MAT-file: endian indicator is ${JSON.stringify(endian)}, expected "IM" (MAT v4 files are not supported)`, file);
  const version = header[124] | (header[125] << 8);
  if (version !== 0x0100) throw new DataFormatError(`unsupported MAT-file version 0x${version.toString(16)} (expected 0x0100)`, file);
  const subsys = new DataView(header.buffer, header.byteOffset + 116, 8).getBigUint64(0, true);
  const p = new MatParser(file, options);
  const out: Record<string, MatValue> = Object.create(null);
  while (r.remaining >= 8) {
    const at = r.pos;
    let el = p.element(r, 'top-level element');
    if (at === Number(subsys) && subsys !== 0n && subsys !== 0x2020202020202020n) continue; // opaque subsystem data
    if (el.type === 15) {
      const limit = options.maxElementBytes ?? 2 ** 31;
      const raw = inflateCapped(el.body.buf, limit, file, `compressed element at byte ${at}`, true);
      const inner = new ByteReader(raw, file);
      if (raw.length >= 8) {
        const declared = inner.view.getUint32(4, true);
        if (declared + 8 > raw.length) throw new DataFormatError(`compressed element at byte ${at} declares ${declared} bytes but inflates to only ${raw.length - 8}: truncated or corrupt`, file);
      }
      el = p.element(inner, `compressed element at byte ${at}`);
    }
    if (el.type !== 14) continue; // MATLAB ignores other top-level elements
    const { name, value } = p.matrix(el.body, 0);
    if (value && name) out[name] = value;
  }
  if (r.remaining > 0) throw r.error(`truncated: ${r.remaining} stray bytes after the last element (a data element needs an 8-byte tag)`);
  return out;
}

/**
 * A 2-D numeric (or logical) MAT array as row-major float32.
 *
 * @param v - a value from {@link readMat}
 * @param file - file name for error messages
 * @example
 * ```ts
 * const { rows, cols, data } = matToRowMajor(readMat(bytes, 'a.mat').x1_train, 'a.mat');
 * ```
 */
export function matToRowMajor(v: MatValue, file?: string): {
  /** Rows (MATLAB's first dimension). */
  rows: number;
  /** Columns. */
  cols: number;
  /** The values, row-major `[rows, cols]`. */
  data: Float32Array;
} {
  if (v.kind !== 'numeric') throw new DataFormatError(`expected a numeric MAT array, got a ${v.kind} array of size [${v.dims.join(', ')}]`, file);
  if (v.dims.length !== 2) throw new DataFormatError(`expected a 2-D MAT array, got dims [${v.dims.join(', ')}]: reshape it in MATLAB first`, file);
  const [rows, cols] = v.dims;
  const data = new Float32Array(rows * cols);
  const src = v.data;
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) data[i * cols + j] = Number(src[i + j * rows]);
  return { rows, cols, data };
}
