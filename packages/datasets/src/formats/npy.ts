/**
 * Safe readers of numpy's `.npy` (format versions 1, 2, 3) and `.npz` (ZIP of `.npy`) files.
 *
 * Caps: the header is at most 64 KiB; the data size must equal `prod(shape) * itemsize`
 * exactly (checked before allocating); npz members are capped by {@link ZipOptions}.
 * Object arrays (`|O`) need pickle and are rejected; big-endian data is byte-swapped.
 */
import { DataFormatError } from '@umq/core';
import { ByteReader, latin1, utf8 } from './bytes';
import { ndarrayFromBytes, parseDType, type NdArray } from './ndarray';
import { readZip, type ZipOptions } from './zip';

/** Largest `.npy` header accepted, in bytes (numpy itself caps headers near 10 KiB). */
export const MAX_NPY_HEADER = 65536;

type Lit = string | number | boolean | null | Lit[] | { [k: string]: Lit };

/** Parses the restricted Python literal of an npy header (dict, tuple, list, str, int, bool, None). */
function parseHeaderLiteral(text: string, file?: string): Lit {
  let i = 0;
  const fail = (msg: string): never => {
    throw new DataFormatError(`bad .npy header at character ${i}: ${msg} (header: ${JSON.stringify(text.slice(0, 120))})`, file);
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const value = (depth: number): Lit => {
    if (depth > 16) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') {
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const items: Lit[] = [];
      const dict: { [k: string]: Lit } = {};
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          break;
        }
        if (c === '{') {
          const k = value(depth + 1);
          if (typeof k !== 'string') fail('dict keys must be strings');
          ws();
          if (text[i] !== ':') fail("expected ':'");
          i++;
          dict[k as string] = value(depth + 1);
        } else {
          items.push(value(depth + 1));
        }
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`expected ',' or '${close}'`);
      }
      return c === '{' ? dict : items;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string');
      const s = text.slice(i + 1, end);
      if (s.includes('\\')) fail('escapes in header strings are not supported');
      i = end + 1;
      return s;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(text.slice(i, i + 40));
    if (!m) return fail('unexpected token');
    i += m[1].length;
    if (m[1] === 'True') return true;
    if (m[1] === 'False') return false;
    if (m[1] === 'None') return null;
    const n = Number(m[1].replace('L', ''));
    if (!Number.isSafeInteger(n)) fail(`integer ${m[1]} out of range`);
    return n;
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

/**
 * Parses one `.npy` file (format 1.0, 2.0 or 3.0).
 *
 * @param bytes - the whole file
 * @param file - file name for error messages
 * @returns the array; `data` is in C order unless `fortranOrder` (then column-major, as stored)
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const a = parseNpy(readFileSync('feats.npy'), 'feats.npy'); // { dtype: '<f4', shape: [100, 74], ... }
 * ```
 */
export function parseNpy(bytes: Uint8Array, file?: string): NdArray {
  const r = new ByteReader(bytes, file);
  const magic = r.bytes(Math.min(6, bytes.length), 'magic');
  if (magic.length < 6 || magic[0] !== 0x93 || latin1(magic.subarray(1)) !== 'NUMPY') {
    throw new DataFormatError(`not a .npy file: it must start with '\\x93NUMPY' (got ${JSON.stringify(latin1(magic))})`, file);
  }
  const major = r.u8('major version');
  r.u8('minor version');
  if (major < 1 || major > 3) throw r.error(`unsupported .npy format version ${major}: expected 1, 2 or 3`, 6);
  const headerLen = major === 1 ? r.u16('header length') : r.u32('header length');
  if (headerLen > MAX_NPY_HEADER) throw r.error(`.npy header declares ${headerLen} bytes, more than the cap of ${MAX_NPY_HEADER}`, 8);
  const hb = r.bytes(headerLen, 'header');
  const text = (major === 3 ? utf8(hb, file, '.npy header') : latin1(hb)).trim();
  const h = parseHeaderLiteral(text, file);
  if (typeof h !== 'object' || h === null || Array.isArray(h)) throw new DataFormatError(`bad .npy header: expected a dict, got ${JSON.stringify(text.slice(0, 80))}`, file);
  const { descr, fortran_order: fortran, shape } = h as Record<string, Lit>;
  if (typeof descr !== 'string') {
    throw new DataFormatError(`unsupported .npy dtype ${JSON.stringify(descr)?.slice(0, 80)}: structured dtypes are not supported, only plain numeric/bool/unicode arrays`, file);
  }
  if (typeof fortran !== 'boolean') throw new DataFormatError(`bad .npy header: 'fortran_order' must be True or False`, file);
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) throw new DataFormatError(`bad .npy header: 'shape' must be a tuple of integers, got ${JSON.stringify(shape)}`, file);
  const info = parseDType(descr, file);
  if (info.kind === 'object') {
    throw new DataFormatError(`.npy holds an object array (dtype '${descr}'), which needs pickle to read: re-save it with a numeric or unicode dtype (e.g. np.array(ids, dtype=str))`, file);
  }
  return ndarrayFromBytes(bytes.subarray(r.pos), info, shape as number[], fortran, file);
}

/**
 * Parses an `.npz` archive (as written by `np.savez` or `np.savez_compressed`).
 *
 * @param bytes - the whole archive
 * @param file - file name for error messages
 * @param options - caps on member size and count (defaults: 2 GiB, 65,536)
 * @returns array name (member name without `.npy`) -> array
 * @example
 * ```ts
 * const { x, y } = parseNpz(readFileSync('data.npz'), 'data.npz');
 * ```
 */
export function parseNpz(bytes: Uint8Array, file?: string, options: ZipOptions = {}): Record<string, NdArray> {
  const out: Record<string, NdArray> = Object.create(null);
  for (const [name, data] of readZip(bytes, file, options)) {
    if (name.endsWith('/')) continue;
    const key = name.endsWith('.npy') ? name.slice(0, -4) : name;
    out[key] = parseNpy(data, file ? `${file}:${name}` : name);
  }
  return out;
}
