/**
 * The safetensors format (https://github.com/huggingface/safetensors), in memory: an 8-byte
 * little-endian u64 header length N, N bytes of UTF-8 JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}` padded with
 * spaces to a multiple of 8, then the little-endian tensor bytes. The decoder treats its input
 * as untrusted: every inconsistency is a {@link DataFormatError} naming the file and the
 * problem, and it never allocates more than the input holds.
 */
import { tf } from '../tf';
import { DataFormatError, OptionError } from '../errors';
import { DTYPE_SIZE, HOST_LITTLE_ENDIAN, READABLE_DTYPES, STORAGE, bf16ToF32, f16ToF32, f32ToBf16, swapBytes } from './safetensors-dtypes';
import type { SafetensorsData, SafetensorsDtype } from './safetensors-dtypes';

/** One tensor in raw form: a safetensors dtype, a shape and the values (row-major). */
export interface SafetensorsEntry {
  /** The element type in the file. */
  dtype: SafetensorsDtype;
  /** Dimensions; `[]` for a scalar. */
  shape: number[];
  /**
   * The values. When encoding: the dtype's typed array (Float32Array for F32, Float64Array
   * for F64, Int32Array for I32, Uint8Array for U8/BOOL, BigInt64Array for I64, Uint16Array raw
   * bits for F16/BF16), or any array of numbers, which is converted after a range check
   * (BF16 also accepts float values, rounded to nearest even).
   */
  data: SafetensorsData | ArrayLike<number>;
}

/** A decoded tensor; `data` is a fresh typed array owned by the caller. */
export interface DecodedTensor {
  /** The element type as stored in the file. */
  dtype: SafetensorsDtype;
  /** Dimensions; `[]` for a scalar. */
  shape: number[];
  /**
   * The values: Float32Array for F32 and for F16/BF16 (decoded to float32), Float64Array for
   * F64 (full precision kept), BigInt64Array for I64 and BigUint64Array for U64 (lossless; see
   * {@link decodedToTensor} for a range-checked int32 conversion), Int32Array, Uint32Array,
   * Int16Array, Uint16Array, Int8Array, Uint8Array (U8 and BOOL, values 0/1) otherwise.
   */
  data: SafetensorsData;
}

/** What {@link decodeSafetensors} returns. */
export interface DecodedSafetensors {
  /** Tensors by name (a null-prototype object). */
  tensors: Record<string, DecodedTensor>;
  /** The `__metadata__` string map (empty when absent). */
  metadata: Record<string, string>;
}

/** Options of {@link decodeSafetensors}. */
export interface DecodeOptions {
  /** Largest accepted JSON header, in bytes. Default 100 MB (the reference reader's cap). */
  maxHeaderBytes?: number;
}

const TF_TO_ST: Record<string, SafetensorsDtype> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
const INT_RANGE: Partial<Record<SafetensorsDtype, [number, number]>> = {
  U8: [0, 255],
  BOOL: [0, 1],
  I8: [-128, 127],
  I16: [-32768, 32767],
  U16: [0, 65535],
  I32: [-2147483648, 2147483647],
  U32: [0, 4294967295],
};

function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function toStorage(name: string, e: SafetensorsEntry): Uint8Array {
  const Ctor = STORAGE[e.dtype];
  if (!Ctor) throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} has dtype ${String(e.dtype)}, which this writer does not support: use one of ${Object.keys(STORAGE).join(', ')}`);
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} has shape ${JSON.stringify(e.shape)}: a shape is an array of non-negative integers`);
  }
  const n = numel(e.shape);
  if (e.data.length !== n) throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} has ${e.data.length} values but shape [${e.shape.join(', ')}] needs ${n}`);
  let typed: SafetensorsData;
  if (e.data instanceof Ctor && !(e.dtype === 'BF16' && !(e.data instanceof Uint16Array))) typed = e.data as SafetensorsData;
  else if (e.dtype === 'BF16') typed = f32ToBf16(e.data as ArrayLike<number>);
  else if (e.dtype === 'F16') throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} is F16: pass its raw half-precision bits as a Uint16Array, or store it as F32`);
  else if (e.dtype === 'I64' || e.dtype === 'U64') {
    const src = Array.from(e.data as ArrayLike<number | bigint>);
    if (!src.every((v) => typeof v === 'bigint' || Number.isSafeInteger(v))) throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} (${e.dtype}) holds a non-integer value: pass integers or a BigInt64Array`);
    typed = e.dtype === 'I64' ? BigInt64Array.from(src, (v) => BigInt(v)) : BigUint64Array.from(src, (v) => BigInt(v));
  } else {
    const range = INT_RANGE[e.dtype];
    const src = e.data as ArrayLike<number>;
    if (range) {
      for (let i = 0; i < n; i++) {
        const v = Number(src[i]);
        if (!Number.isInteger(v) || v < range[0] || v > range[1]) throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} (${e.dtype}) holds ${src[i]} at index ${i}, outside the integers [${range[0]}, ${range[1]}]`);
      }
    }
    typed = (Ctor as unknown as { from(a: ArrayLike<number>): SafetensorsData }).from(src);
  }
  const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  if (HOST_LITTLE_ENDIAN) return bytes;
  const copy = bytes.slice();
  swapBytes(copy, DTYPE_SIZE[e.dtype]);
  return copy;
}

/**
 * Serialises tensors to safetensors bytes. tf tensors are stored as F32 (float32), I32 (int32)
 * or BOOL (bool); raw entries keep their dtype. Tensors are laid out by element size (largest
 * first) then name, so every tensor is aligned to its element size, as the reference writer does.
 *
 * @param tensors tensors by name (tf tensors, raw {@link SafetensorsEntry}s, or a mix).
 * @param metadata optional `__metadata__` string map.
 * @example
 * ```ts
 * const bytes = encodeSafetensors({ w: tf.ones([2, 3]), ids: { dtype: 'I64', shape: [2], data: [1, 2] } }, { format: 'pt' });
 * ```
 */
export function encodeSafetensors(tensors: Record<string, SafetensorsEntry | tf.Tensor>, metadata?: Record<string, string>): Uint8Array {
  const items: { name: string; dtype: SafetensorsDtype; shape: number[]; bytes: Uint8Array }[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '' || name === '__metadata__') throw new OptionError(`encodeSafetensors: ${JSON.stringify(name)} cannot be a tensor name: rename it`);
    if (t instanceof tf.Tensor) {
      const dtype = TF_TO_ST[t.dtype];
      if (!dtype) throw new OptionError(`encodeSafetensors: tensor ${JSON.stringify(name)} has tfjs dtype ${t.dtype}; only float32, int32 and bool can be saved`);
      const data = t.dataSync();
      items.push({ name, dtype, shape: t.shape.slice(), bytes: toStorage(name, { dtype, shape: t.shape, data: dtype === 'BOOL' ? Uint8Array.from(data as ArrayLike<number>) : (data as SafetensorsData) }) });
    } else {
      items.push({ name, dtype: t.dtype, shape: Array.from(t.shape), bytes: toStorage(name, t) });
    }
  }
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new OptionError(`encodeSafetensors: metadata ${JSON.stringify(k)} is a ${typeof v}; metadata values must be strings (JSON.stringify them)`);
    }
  }
  items.sort((a, b) => DTYPE_SIZE[b.dtype] - DTYPE_SIZE[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const it of items) {
    header[it.name] = { dtype: it.dtype, shape: it.shape, data_offsets: [offset, offset + it.bytes.byteLength] };
    offset += it.bytes.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const it of items) {
    out.set(it.bytes, pos);
    pos += it.bytes.byteLength;
  }
  return out;
}

/** Keys of the top-level JSON object, duplicates included (JSON.parse keeps only the last). */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        keys.push(JSON.parse(text.slice(i, j + 1)) as string);
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return keys;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses safetensors bytes, validating everything (untrusted input): header length against the
 * file and `maxHeaderBytes`, UTF-8 and JSON, duplicate names, known dtypes, shapes of
 * non-negative integers, offsets in range that tile the data buffer exactly with no gap or
 * overlap, and byte sizes equal to product(shape) × element size.
 *
 * @param bytes the whole file.
 * @param fileNameForErrors named in every {@link DataFormatError} message.
 * @example
 * ```ts
 * const { tensors, metadata } = decodeSafetensors(readFileSync('model.safetensors'), 'model.safetensors');
 * tensors['encoder.weight'].data; // Float32Array
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array, fileNameForErrors?: string, options: DecodeOptions = {}): DecodedSafetensors {
  const fail = (msg: string): never => {
    throw new DataFormatError(`not a valid safetensors file: ${msg}`, fileNameForErrors);
  };
  const cap = options.maxHeaderBytes ?? 100_000_000;
  if (!(bytes instanceof Uint8Array)) throw new OptionError('decodeSafetensors: bytes must be a Uint8Array (a Node Buffer is one)');
  if (bytes.length < 8) fail(`it is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n64 > BigInt(cap)) fail(`the header length ${n64} exceeds the ${cap}-byte limit`);
  const n = Number(n64);
  if (n > bytes.length - 8) fail(`the header length ${n} exceeds the ${bytes.length - 8} bytes after the length field (truncated file?)`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(header)) fail(`the header must be a JSON object, got ${Array.isArray(header) ? 'an array' : typeof header}`);
  const hdr = header as Record<string, unknown>;
  const seen = new Set<string>();
  for (const k of topLevelKeys(text)) {
    if (seen.has(k)) fail(`the name ${JSON.stringify(k)} appears twice in the header`);
    seen.add(k);
  }
  const dataStart = 8 + n;
  const bufLen = bytes.length - dataStart;
  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const infos: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(hdr)) {
    if (name === '__metadata__') {
      if (!isPlainObject(raw)) fail('`__metadata__` must be an object of strings');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`\`__metadata__\`.${k} must be a string, got ${typeof v}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const where = `tensor ${JSON.stringify(name)}`;
    if (!isPlainObject(raw)) fail(`${where}: expected an object {dtype, shape, data_offsets}`);
    const info = raw as Record<string, unknown>;
    const dtype = info.dtype;
    if (typeof dtype !== 'string' || !Object.prototype.hasOwnProperty.call(DTYPE_SIZE, dtype)) fail(`${where}: unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_SIZE).join(', ')})`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) fail(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
    const off = info.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) || (off[0] as number) > (off[1] as number)) {
      fail(`${where}: data_offsets must be [begin, end] with integers 0 <= begin <= end, got ${JSON.stringify(off)}`);
    }
    const [begin, end] = off as number[];
    if (end > bufLen) fail(`${where}: data_offsets [${begin}, ${end}] run past the ${bufLen}-byte data buffer`);
    // product(shape) * size, computed without overflow: any factor beyond the buffer is a mismatch
    let expected = (shape as number[]).includes(0) ? 0 : DTYPE_SIZE[dtype as SafetensorsDtype];
    for (const d of shape as number[]) expected = Math.min(expected * d, Number.MAX_SAFE_INTEGER);
    if (expected !== end - begin) fail(`${where}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${expected >= Number.MAX_SAFE_INTEGER ? 'more than 2^53' : expected} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`);
    infos.push({ name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end });
  }
  const sorted = [...infos].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  for (const it of sorted) {
    if (it.begin < pos) fail(`tensor ${JSON.stringify(it.name)} overlaps the tensor before it (begins at ${it.begin}, previous ends at ${pos})`);
    if (it.begin > pos) fail(`there is a gap of ${it.begin - pos} unused bytes before tensor ${JSON.stringify(it.name)}`);
    pos = it.end;
  }
  if (pos !== bufLen) fail(`the tensors cover ${pos} bytes but the data buffer holds ${bufLen} (trailing bytes or truncation)`);
  const tensors: Record<string, DecodedTensor> = Object.create(null) as Record<string, DecodedTensor>;
  for (const it of infos) {
    if (!READABLE_DTYPES.includes(it.dtype)) fail(`tensor ${JSON.stringify(it.name)}: dtype ${it.dtype} is valid safetensors but this reader does not decode it`);
    // a fresh, aligned buffer (Buffer.slice would share Node's pooled memory)
    const copy = new Uint8Array(it.end - it.begin);
    copy.set(bytes.subarray(dataStart + it.begin, dataStart + it.end));
    if (!HOST_LITTLE_ENDIAN) swapBytes(copy, DTYPE_SIZE[it.dtype]);
    const Ctor = STORAGE[it.dtype]!;
    let data: SafetensorsData = new Ctor(copy.buffer);
    if (it.dtype === 'F16') data = f16ToF32(data as Uint16Array);
    else if (it.dtype === 'BF16') data = bf16ToF32(data as Uint16Array);
    else if (it.dtype === 'BOOL' && (data as Uint8Array).some((b) => b > 1)) fail(`tensor ${JSON.stringify(it.name)}: BOOL values must be 0 or 1`);
    tensors[it.name] = { dtype: it.dtype, shape: it.shape.slice(), data };
  }
  return { tensors, metadata };
}

/**
 * Turns a decoded tensor into a tf tensor: floats (F64, F32, F16, BF16) become float32, BOOL
 * becomes bool, integers become int32, with a {@link DataFormatError} when an I64/U64/U32
 * value does not fit in int32.
 *
 * @example
 * ```ts
 * const t = decodedToTensor(decodeSafetensors(bytes).tensors.w, 'w');
 * ```
 */
export function decodedToTensor(entry: DecodedTensor, name = 'tensor', file?: string): tf.Tensor {
  const { dtype, shape, data } = entry;
  if (dtype === 'BOOL') return tf.tensor(data as Uint8Array, shape, 'bool');
  if (data instanceof Float32Array) return tf.tensor(data, shape, 'float32');
  if (data instanceof Float64Array) return tf.tensor(Float32Array.from(data), shape, 'float32');
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v < -2147483648 || v > 2147483647) throw new DataFormatError(`${name} (${dtype}) holds ${String(data[i])} at index ${i}, which does not fit in int32`, file);
    out[i] = v;
  }
  return tf.tensor(out, shape, 'int32');
}
