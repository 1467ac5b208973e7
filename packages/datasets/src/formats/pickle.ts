/**
 * A SAFE unpickler for Python pickles (protocols 2 to 5; the common protocol-0/1 opcodes too).
 * It never imports or calls anything: a global is resolved against a fixed allow-list (numpy
 * array/dtype/scalar reconstruction, `_codecs.encode`, `collections.OrderedDict`, `set`,
 * `frozenset`, `bytearray`, `bytes`) and every other global is a `DataFormatError`.
 *
 * Caps: strings/bytes must fit in the remaining input (checked before slicing), big ints at
 * most 64 KiB, at most 1,000 open MARKs, and the finished value may nest at most 100
 * containers deep and may not be cyclic (checked without recursion).
 */
import { DataFormatError } from '@umq/core';
import { ByteReader, MAX_NESTING, copyBytes, latin1, utf8 } from './bytes';
import { isNdArray, type NdArray } from './ndarray';
import { PendingArray, PendingDType, asBytes, buildArray, buildDType, describe, fromBuffer, numpyScalar } from './pickle-numpy';

/** A Python tuple. */
export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
}
/** A Python set or frozenset (elements in pickle order). */
export interface PySet {
  kind: 'set';
  items: PyValue[];
}
/** Keys a Python dict may have here (tuple, bytes and other keys are rejected). */
export type PyKey = string | number | bigint | boolean | null;
/** A Python dict (or `OrderedDict`), as a `Map` keeping insertion order and int-vs-str keys. */
export type PyDict = Map<PyKey, PyValue>;
/**
 * A value rebuilt from a pickle. `int` -> number (bigint beyond ±2^53), `float` -> number,
 * `str` (and Python 2 `str`, decoded as Latin-1) -> string, `bytes`/`bytearray` ->
 * Uint8Array, `list` -> array, `dict` -> Map, numpy array -> {@link NdArray}, numpy scalar ->
 * number/bigint/boolean.
 */
export type PyValue = null | boolean | number | bigint | string | Uint8Array | PyValue[] | PyTuple | PySet | PyDict | NdArray;

type Callable = 'reconstruct' | 'ndarray' | 'dtype' | 'scalar' | 'frombuffer' | 'encode' | 'ordereddict' | 'set' | 'frozenset' | 'bytearray' | 'bytes';
class Global {
  constructor(readonly fn: Callable, readonly name: string) {}
}

const ALLOWED: Record<string, Callable> = {
  'numpy.core.multiarray._reconstruct': 'reconstruct',
  'numpy._core.multiarray._reconstruct': 'reconstruct',
  'numpy.ndarray': 'ndarray',
  'numpy.dtype': 'dtype',
  'numpy.core.multiarray.scalar': 'scalar',
  'numpy._core.multiarray.scalar': 'scalar',
  'numpy.core.numeric._frombuffer': 'frombuffer',
  'numpy._core.numeric._frombuffer': 'frombuffer',
  '_codecs.encode': 'encode',
  'collections.OrderedDict': 'ordereddict',
  'builtins.set': 'set',
  '__builtin__.set': 'set',
  'builtins.frozenset': 'frozenset',
  '__builtin__.frozenset': 'frozenset',
  'builtins.bytearray': 'bytearray',
  '__builtin__.bytearray': 'bytearray',
  'builtins.bytes': 'bytes',
  '__builtin__.bytes': 'bytes',
};

const MAX_MARKS = 1000;
const MAX_LONG_BYTES = 65536;

/**
 * Unpickles untrusted bytes into plain values and numpy arrays, constructing nothing else.
 *
 * @param bytes - the pickle (e.g. an MMSA `unaligned_50.pkl` or an HKT feature pickle)
 * @param file - file name for error messages
 * @returns the value; dicts are `Map`s, tuples `{ kind: 'tuple', items }`
 * @throws DataFormatError for any unknown global ("unsupported pickle global 'os.system'"),
 *   malformed or truncated input, cycles or nesting deeper than 100
 * @example
 * ```ts
 * const data = unpickle(readFileSync('mosi.pkl'), 'mosi.pkl') as PyDict;
 * const text = (data.get('train') as PyDict).get('text') as NdArray; // '<f4' [N, T, 768]
 * ```
 */
export function unpickle(bytes: Uint8Array, file?: string): PyValue {
  const r = new ByteReader(bytes, file);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const fail = (msg: string, at: number): never => {
    throw r.error(msg, at);
  };
  const pop = (at: number): unknown => (stack.length > (marks.at(-1) ?? 0) ? stack.pop() : fail('pickle stack underflow (malformed pickle)', at));
  const top = (at: number): unknown => (stack.length > (marks.at(-1) ?? 0) ? stack[stack.length - 1] : fail('pickle stack underflow (malformed pickle)', at));
  const popMark = (at: number): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail('pickle uses a MARK that was never set (malformed pickle)', at);
    return stack.splice(m as number);
  };
  const line = (what: string): string => {
    const end = bytes.indexOf(0x0a, r.pos);
    if (end < 0 || end - r.pos > 4096) fail(`unterminated ${what} line`, r.pos);
    const s = latin1(bytes.subarray(r.pos, end));
    r.pos = end + 1;
    return s;
  };
  const global = (module: string, name: string, at: number): Global => {
    const key = `${module}.${name}`;
    const fn = ALLOWED[key];
    if (!fn) fail(`unsupported pickle global '${key.slice(0, 200)}': only numpy arrays and plain containers are allowed (this file may try to run code; never load it with Python's pickle either)`, at);
    return new Global(fn as Callable, key);
  };
  const setItem = (d: unknown, k: unknown, v: unknown, at: number): void => {
    if (!(d instanceof Map)) fail(`SETITEM on a ${describe(d)}, not a dict`, at);
    if (!(k === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof k))) fail(`dict key of type ${describe(k)} is not supported (only str, int, float, bool, None keys)`, at);
    (d as Map<unknown, unknown>).set(k, v);
  };
  const call = (g: unknown, argsV: unknown, at: number): unknown => {
    if (!(g instanceof Global)) return fail(`REDUCE/NEWOBJ on a ${describe(g)}, which is not a callable global`, at);
    const args = (argsV as PyTuple)?.kind === 'tuple' ? (argsV as PyTuple).items : fail(`arguments of ${g.name} must be a tuple, got ${describe(argsV)}`, at);
    switch (g.fn) {
      case 'reconstruct':
        if (!(args[0] instanceof Global) || args[0].fn !== 'ndarray') fail(`numpy _reconstruct may only build numpy.ndarray, got ${describe(args[0])}`, at);
        return new PendingArray();
      case 'dtype':
        if (typeof args[0] !== 'string') fail(`numpy.dtype expects a dtype string, got ${describe(args[0])}`, at);
        return new PendingDType(args[0] as string);
      case 'scalar':
        return numpyScalar(args, file);
      case 'frombuffer':
        return fromBuffer(args, file);
      case 'encode':
        if (typeof args[0] !== 'string' || !['latin1', 'latin-1'].includes(String(args[1]))) fail(`_codecs.encode is only allowed as encode(str, 'latin1') (numpy's protocol-2 bytes)`, at);
        return asBytes(args[0], file, '_codecs.encode');
      case 'bytes':
      case 'bytearray':
        if (args.length === 0) return new Uint8Array(0);
        return copyBytes(asBytes(args[0], file, g.name));
      case 'ordereddict': {
        const d = new Map();
        if (args.length > 0) {
          if (!Array.isArray(args[0])) fail(`OrderedDict expects a list of pairs`, at);
          for (const p of args[0] as unknown[]) {
            const kv = Array.isArray(p) ? p : (p as PyTuple)?.kind === 'tuple' ? (p as PyTuple).items : fail('OrderedDict item is not a pair', at);
            setItem(d, kv[0], kv[1], at);
          }
        }
        return d;
      }
      case 'set':
      case 'frozenset':
        if (args.length === 0) return { kind: 'set', items: [] };
        if (!Array.isArray(args[0])) fail(`${g.name} expects a list`, at);
        return { kind: 'set', items: [...(args[0] as unknown[])] };
      default:
        return fail(`${g.name} cannot be called`, at);
    }
  };
  const int = (n: number): number | bigint => n;
  const long = (raw: Uint8Array): number | bigint => {
    if (raw.length === 0) return 0;
    let hex = '';
    for (let i = raw.length - 1; i >= 0; i--) hex += raw[i].toString(16).padStart(2, '0');
    let v = BigInt(`0x${hex}`);
    if (raw[raw.length - 1] & 0x80) v -= 1n << BigInt(8 * raw.length);
    return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  };

  for (;;) {
    const at = r.pos;
    if (r.remaining === 0) fail('pickle ends without a STOP opcode (truncated)', at);
    const op = r.u8('opcode');
    switch (op) {
      case 0x80: { const p = r.u8('protocol'); if (p > 5) fail(`unsupported pickle protocol ${p}: expected 0..5`, at); break; }
      case 0x95: r.u64('frame length'); break; // FRAME: framing is advisory
      case 0x2e: { // STOP
        if (stack.length !== 1 || marks.length) fail(`pickle STOP with ${stack.length} values on the stack (malformed)`, at);
        return finish(stack[0], file);
      }
      case 0x28: if (marks.length >= MAX_MARKS) fail(`more than ${MAX_MARKS} nested MARKs`, at); marks.push(stack.length); break;
      case 0x30: pop(at); break; // POP
      case 0x31: popMark(at); break; // POP_MARK
      case 0x32: stack.push(top(at)); break; // DUP
      case 0x4e: stack.push(null); break;
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x4a: stack.push(int(r.i32('BININT'))); break;
      case 0x4b: stack.push(r.u8('BININT1')); break;
      case 0x4d: stack.push(r.u16('BININT2')); break;
      case 0x8a: stack.push(long(r.bytes(r.u8('LONG1 length'), 'LONG1'))); break;
      case 0x8b: {
        const n = r.i32('LONG4 length');
        if (n < 0 || n > MAX_LONG_BYTES) fail(`LONG4 of ${n} bytes (cap ${MAX_LONG_BYTES})`, at);
        stack.push(long(r.bytes(n, 'LONG4')));
        break;
      }
      case 0x49: case 0x4c: { // INT, LONG (text)
        const s = line('INT').replace(/L$/, '');
        if (s === '01' && op === 0x49) stack.push(true);
        else if (s === '00' && op === 0x49) stack.push(false);
        else if (/^-?\d{1,4000}$/.test(s)) { const b = BigInt(s); stack.push(b >= -(2n ** 53n) && b <= 2n ** 53n ? Number(b) : b); }
        else fail(`bad INT literal '${s.slice(0, 40)}'`, at);
        break;
      }
      case 0x47: stack.push(r.f64('BINFLOAT', false)); break;
      case 0x46: { const s = line('FLOAT'); const v = Number(s); if (s.trim() === '' || Number.isNaN(v) && !/nan/i.test(s)) fail(`bad FLOAT literal '${s.slice(0, 40)}'`, at); stack.push(v); break; }
      case 0x8c: stack.push(utf8(r.bytes(r.u8('length'), 'SHORT_BINUNICODE'), file, 'pickled str')); break;
      case 0x58: stack.push(utf8(r.bytes(r.u32('length'), 'BINUNICODE'), file, 'pickled str')); break;
      case 0x8d: stack.push(utf8(r.bytes(r.u64('length'), 'BINUNICODE8'), file, 'pickled str')); break;
      case 0x43: stack.push(copyBytes(r.bytes(r.u8('length'), 'SHORT_BINBYTES'))); break;
      case 0x42: stack.push(copyBytes(r.bytes(r.u32('length'), 'BINBYTES'))); break;
      case 0x8e: stack.push(copyBytes(r.bytes(r.u64('length'), 'BINBYTES8'))); break;
      case 0x96: stack.push(copyBytes(r.bytes(r.u64('length'), 'BYTEARRAY8'))); break;
      case 0x55: stack.push(latin1(r.bytes(r.u8('length'), 'SHORT_BINSTRING'))); break;
      case 0x54: { const n = r.i32('length'); if (n < 0) fail('negative BINSTRING length', at); stack.push(latin1(r.bytes(n, 'BINSTRING'))); break; }
      case 0x5d: stack.push([]); break;
      case 0x7d: stack.push(new Map()); break;
      case 0x29: stack.push({ kind: 'tuple', items: [] }); break;
      case 0x8f: stack.push({ kind: 'set', items: [] }); break;
      case 0x6c: stack.push(popMark(at)); break; // LIST
      case 0x74: stack.push({ kind: 'tuple', items: popMark(at) }); break;
      case 0x91: stack.push({ kind: 'set', items: popMark(at) }); break; // FROZENSET
      case 0x85: { const a = pop(at); stack.push({ kind: 'tuple', items: [a] }); break; }
      case 0x86: { const b = pop(at); const a = pop(at); stack.push({ kind: 'tuple', items: [a, b] }); break; }
      case 0x87: { const c = pop(at); const b = pop(at); const a = pop(at); stack.push({ kind: 'tuple', items: [a, b, c] }); break; }
      case 0x64: { // DICT
        const items = popMark(at);
        if (items.length % 2) fail('DICT with an odd number of items', at);
        const d = new Map();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1], at);
        stack.push(d);
        break;
      }
      case 0x61: { const v = pop(at); const l = top(at); if (!Array.isArray(l)) fail(`APPEND to a ${describe(l)}`, at); (l as unknown[]).push(v); break; }
      case 0x65: { const items = popMark(at); const l = top(at); if (!Array.isArray(l)) fail(`APPENDS to a ${describe(l)}`, at); for (const v of items) (l as unknown[]).push(v); break; }
      case 0x90: { const items = popMark(at); const s = top(at) as PySet; if (s?.kind !== 'set') fail(`ADDITEMS to a ${describe(s)}`, at); s.items.push(...(items as PyValue[])); break; }
      case 0x73: { const v = pop(at); const k = pop(at); setItem(top(at), k, v, at); break; }
      case 0x75: {
        const items = popMark(at);
        if (items.length % 2) fail('SETITEMS with an odd number of items', at);
        const d = top(at);
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1], at);
        break;
      }
      case 0x68: case 0x6a: case 0x67: { // BINGET, LONG_BINGET, GET
        const i = op === 0x68 ? r.u8('memo index') : op === 0x6a ? r.u32('memo index') : Number(line('GET'));
        if (!memo.has(i)) fail(`memo index ${i} was never stored (malformed pickle)`, at);
        stack.push(memo.get(i));
        break;
      }
      case 0x71: memo.set(r.u8('memo index'), top(at)); break;
      case 0x72: memo.set(r.u32('memo index'), top(at)); break;
      case 0x70: { const i = Number(line('PUT')); if (!Number.isSafeInteger(i)) fail('bad PUT index', at); memo.set(i, top(at)); break; }
      case 0x94: memo.set(memo.size, top(at)); break; // MEMOIZE
      case 0x63: { const m = line('GLOBAL module'); const n = line('GLOBAL name'); stack.push(global(m, n, at)); break; }
      case 0x93: {
        const n = pop(at);
        const m = pop(at);
        if (typeof m !== 'string' || typeof n !== 'string') fail('STACK_GLOBAL needs two strings', at);
        stack.push(global(m as string, n as string, at));
        break;
      }
      case 0x52: case 0x81: { const args = pop(at); const g = pop(at); stack.push(call(g, args, at)); break; } // REDUCE, NEWOBJ
      case 0x62: { // BUILD
        const state = pop(at);
        const obj = top(at);
        if (obj instanceof PendingDType) buildDType(obj, state, file);
        else if (obj instanceof PendingArray) buildArray(obj, state, file);
        else fail(`BUILD on a ${describe(obj)}: only numpy arrays and dtypes take a state`, at);
        break;
      }
      case 0x98: top(at); break; // READONLY_BUFFER: no-op on in-band bytes
      case 0x97: fail('pickle uses an out-of-band buffer (NEXT_BUFFER, protocol 5 with buffer_callback): re-pickle in-band', at); break;
      case 0x50: case 0x51: fail('pickle uses persistent ids (PERSID), which are not supported', at); break;
      case 0x69: case 0x6f: case 0x92: case 0x82: case 0x83: case 0x84:
        fail(`pickle opcode 0x${op.toString(16)} builds arbitrary objects and is not allowed: only numpy arrays and plain containers`, at);
        break;
      default:
        fail(`unknown or unsupported pickle opcode 0x${op.toString(16)} ('${String.fromCharCode(op)}')`, at);
    }
  }
}

/** Checks the finished value without recursion: no leftovers, no cycles, nesting <= 100. */
function finish(root: unknown, file?: string): PyValue {
  const height = new Map<object, number>(); // -1 while on the path (grey)
  const work: { node: object; children: unknown[]; i: number; h: number }[] = [];
  const children = (v: object): unknown[] => {
    if (Array.isArray(v)) return v;
    if (v instanceof Map) return [...v.values()];
    if (v instanceof Global) throw new DataFormatError(`pickle result holds the bare global '${v.name}' instead of a value`, file);
    if (v instanceof PendingDType) throw new DataFormatError(`pickle result holds a numpy.dtype object, which is not supported as a value`, file);
    if (v instanceof PendingArray && !isNdArray(v)) throw new DataFormatError(`pickle result holds a numpy.ndarray that never received its BUILD state (truncated or malformed)`, file);
    if ((v as PyTuple).kind === 'tuple' || (v as PySet).kind === 'set') return (v as PyTuple).items;
    return [];
  };
  const enter = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return false;
    const h = height.get(v);
    if (h === -1) throw new DataFormatError('pickle value contains a reference cycle (a container inside itself), which is not supported', file);
    if (h !== undefined) return false;
    if (work.length > MAX_NESTING) throw new DataFormatError(`pickle value nests containers more than ${MAX_NESTING} deep (the cap)`, file);
    height.set(v, -1);
    work.push({ node: v, children: children(v), i: 0, h: 0 });
    return true;
  };
  enter(root);
  while (work.length) {
    const w = work[work.length - 1];
    if (w.i < w.children.length) {
      const c = w.children[w.i++];
      if (!enter(c) && typeof c === 'object' && c !== null) w.h = Math.max(w.h, (height.get(c) ?? 0) + 1);
      continue;
    }
    if (w.h > MAX_NESTING) throw new DataFormatError(`pickle value nests containers ${w.h} deep, more than the cap of ${MAX_NESTING}`, file);
    height.set(w.node, w.h);
    work.pop();
    if (work.length) work[work.length - 1].h = Math.max(work[work.length - 1].h, w.h + 1);
  }
  return root as PyValue;
}
