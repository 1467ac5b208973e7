/**
 * The n-dimensional array value shared by the `.npy`, `.npz` and pickle parsers, and the
 * decoding of numpy dtype strings (`'<f4'`, `'>i8'`, `'|b1'`, `'<U7'`, `'|O'`) into it.
 */
import { DataFormatError } from '@umq/core';
import { checkedProduct, copyBytes } from './bytes';

/** Numeric numpy dtypes this package reads, always normalised to little-endian. */
export type NumericDType =
  | '<f4' | '<f8' | '|i1' | '|u1' | '<i2' | '<u2' | '<i4' | '<u4' | '<i8' | '<u8' | '|b1';

/** Any typed array a numeric {@link NdArray} can hold (`|b1` holds 0/1 in a `Uint8Array`). */
export type TypedArray =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** An element of an object (`|O`) or unicode (`<U`) array. */
export type NdScalar = string | number | bigint | boolean | null;

/**
 * A numeric numpy array. `data` is flat, in C (row-major) order unless `fortranOrder`, in
 * which case it is column-major, as stored. Big-endian input is byte-swapped on reading, so
 * `dtype` is always little-endian (or byte-order free).
 */
export interface NumericNdArray {
  /** The element type, little-endian (`'<f4'` float32, `'<i8'` int64, `'|b1'` bool, ...). */
  dtype: NumericDType;
  /** The dimensions (`[]` for a scalar). */
  shape: number[];
  /** True when `data` is column-major (numpy's `fortran_order`), as stored. */
  fortranOrder: boolean;
  /** The elements, flat (int64/uint64 as `BigInt64Array`/`BigUint64Array`). */
  data: TypedArray;
}

/**
 * A numpy array of Python objects (`|O`, only `str`/number/`None`/`bool` elements are
 * accepted, from pickles) or of fixed-width unicode strings (`<U`, trailing NULs removed).
 */
export interface ObjectNdArray {
  /** `'|O'` (Python objects) or `'<U'` (unicode strings). */
  dtype: '|O' | '<U';
  /** The dimensions (`[]` for a scalar). */
  shape: number[];
  /** True when `data` is column-major, as stored. */
  fortranOrder: boolean;
  /** The elements, flat. */
  data: NdScalar[];
}

/**
 * A numpy array read from `.npy`, `.npz` or a pickle. Narrow on `dtype`: object (`'|O'`) and
 * unicode (`'<U'`) arrays hold JavaScript values, every other dtype a typed array.
 *
 * @example
 * ```ts
 * const a = parseNpy(bytes, 'x.npy');
 * if (a.dtype === '<f4') console.log(a.shape, a.data[0]);
 * ```
 */
export type NdArray = NumericNdArray | ObjectNdArray;

/**
 * True for a numeric array (typed-array `data`).
 *
 * @example
 * ```ts
 * if (isNumericNdArray(a)) console.log(a.data.length);
 * ```
 */
export function isNumericNdArray(a: NdArray): a is NumericNdArray {
  return a.dtype !== '|O' && a.dtype !== '<U';
}

/**
 * True when `v` is an {@link NdArray} (as found inside unpickled values).
 *
 * @example
 * ```ts
 * if (isNdArray(value)) console.log(value.shape);
 * ```
 */
export function isNdArray(v: unknown): v is NdArray {
  return (
    typeof v === 'object' && v !== null && !(v instanceof Map) && !Array.isArray(v) &&
    'dtype' in v && 'shape' in v && 'data' in v && 'fortranOrder' in v
  );
}

/** A decoded dtype string. */
export type DTypeInfo =
  | { kind: 'numeric'; dtype: NumericDType; itemSize: number; swap: boolean }
  | { kind: 'unicode'; itemSize: number; chars: number; swap: boolean }
  | { kind: 'object'; itemSize: 8 };

const NUMERIC: Record<string, NumericDType> = {
  f4: '<f4', f8: '<f8', i1: '|i1', u1: '|u1', i2: '<i2', u2: '<u2', i4: '<i4', u4: '<u4',
  i8: '<i8', u8: '<u8', b1: '|b1',
};

/**
 * Decodes a numpy dtype string (`'<f4'`, `'>i8'`, `'|u1'`, `'f4'`, `'<U5'`, `'|O'`).
 *
 * @param descr - the dtype string as numpy writes it
 * @param file - file name for error messages
 * @example
 * ```ts
 * parseDType('>f8', 'x.npy'); // { kind: 'numeric', dtype: '<f8', itemSize: 8, swap: true }
 * ```
 */
export function parseDType(descr: string, file?: string): DTypeInfo {
  const m = /^([<>|=!]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) {
    throw new DataFormatError(`unsupported dtype '${descr.slice(0, 60)}': only plain numeric, bool, unicode and object dtypes are supported (no structured dtypes)`, file);
  }
  const [, order, kind, sizeText] = m;
  const big = order === '>' || order === '!';
  if (kind === 'O') return { kind: 'object', itemSize: 8 };
  const size = sizeText === '' ? NaN : Number(sizeText);
  if (kind === 'U') {
    if (!Number.isSafeInteger(size) || size < 0 || size > 1 << 20) throw new DataFormatError(`unsupported dtype '${descr}': unicode width must be 0..${1 << 20}`, file);
    return { kind: 'unicode', itemSize: 4 * size, chars: size, swap: big };
  }
  const key = `${kind === '?' ? 'b' : kind}${sizeText || (kind === 'b' ? '1' : '')}`;
  const dtype = NUMERIC[key];
  if (!dtype) {
    const hint = key === 'f2' ? ' (float16: convert with a.astype(np.float32) before saving)' : key.startsWith('c') ? ' (complex arrays are not supported)' : '';
    throw new DataFormatError(`unsupported dtype '${descr}'${hint}: supported are f4, f8, i1, u1, i2, u2, i4, u4, i8, u8, b1, U<n>`, file);
  }
  const itemSize = Number(key.slice(1));
  return { kind: 'numeric', dtype, itemSize, swap: big && itemSize > 1 };
}

const CTOR: Record<NumericDType, new (b: ArrayBuffer) => TypedArray> = {
  '<f4': Float32Array, '<f8': Float64Array, '|i1': Int8Array, '|u1': Uint8Array, '<i2': Int16Array,
  '<u2': Uint16Array, '<i4': Int32Array, '<u4': Uint32Array, '<i8': BigInt64Array, '<u8': BigUint64Array,
  '|b1': Uint8Array,
};

/**
 * Builds an {@link NdArray} from raw element bytes. The byte count must equal
 * `prod(shape) * itemSize` exactly (checked before anything is allocated); the bytes are
 * copied (so the result is aligned) and byte-swapped when big-endian.
 *
 * @example
 * ```ts
 * const a = ndarrayFromBytes(raw, parseDType('<f4'), [2, 3], false, 'x.npy');
 * ```
 */
export function ndarrayFromBytes(raw: Uint8Array, info: DTypeInfo, shape: number[], fortranOrder: boolean, file?: string): NdArray {
  const count = checkedProduct(shape, file, 'array shape');
  if (info.kind === 'object') throw new DataFormatError(`object arrays ('|O') hold pickled Python objects and are not read from raw bytes: save with allow_pickle=False or a numeric dtype`, file);
  const need = count * info.itemSize;
  if (raw.length !== need) {
    throw new DataFormatError(`array data has ${raw.length} bytes but shape [${shape.join(', ')}] with item size ${info.itemSize} needs ${need}: the file is truncated or its header is inconsistent`, file);
  }
  const copy = copyBytes(raw);
  if (info.kind === 'unicode') {
    const dv = new DataView(copy.buffer);
    const out: string[] = new Array(count);
    for (let i = 0; i < count; i++) {
      let s = '';
      for (let c = 0; c < info.chars; c++) {
        const cp = dv.getUint32((i * info.chars + c) * 4, !info.swap);
        if (cp === 0) break;
        if (cp > 0x10ffff) throw new DataFormatError(`unicode array element ${i} holds an invalid code point ${cp}`, file);
        s += String.fromCodePoint(cp);
      }
      out[i] = s;
    }
    return { dtype: '<U', shape, fortranOrder, data: out };
  }
  if (info.swap) {
    const w = info.itemSize;
    for (let i = 0; i < copy.length; i += w) copy.subarray(i, i + w).reverse();
  }
  const data = new CTOR[info.dtype](copy.buffer as ArrayBuffer);
  if (info.dtype === '|b1') for (let i = 0; i < data.length; i++) if ((data as Uint8Array)[i] > 1) (data as Uint8Array)[i] = 1;
  return { dtype: info.dtype, shape, fortranOrder, data };
}
