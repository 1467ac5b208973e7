import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf, initEngine, DataFormatError, OptionError, Rng } from '../index';
import { decodeSafetensors, decodedToTensor, encodeSafetensors } from './safetensors';
import type { SafetensorsEntry } from './safetensors';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '../../../../tools/fixtures/core-io');

/** The content of the committed ts_written.safetensors, which make_safetensors.py verifies. */
const TS_CONTENT: Record<string, SafetensorsEntry> = {
  weight: { dtype: 'F32', shape: [2, 3], data: new Float32Array([0.5, -1.25, 3, 1e-3, -0, 42]) },
  ids: { dtype: 'I32', shape: [4], data: [1, -2, 2147483647, -2147483648] },
  mask: { dtype: 'U8', shape: [2, 2], data: [0, 1, 255, 7] },
  double: { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, -1e300]) },
  flags: { dtype: 'BOOL', shape: [3], data: [1, 0, 1] },
  big: { dtype: 'I64', shape: [2], data: new BigInt64Array([2n ** 40n, -3n]) },
  bf: { dtype: 'BF16', shape: [2], data: [1.5, -2] },
  empty: { dtype: 'F32', shape: [0, 2], data: [] },
  scalar: { dtype: 'F32', shape: [], data: [7] },
};
const TS_META = { writer: 'umq-ts', note: 'ünïcode ✓' };

/** A file with a hand-written header (string or object) and data bytes. */
function craft(header: unknown, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function expectFormatError(bytes: Uint8Array, fragment: RegExp, options = {}): void {
  let err: unknown;
  try {
    decodeSafetensors(bytes, 'bad.safetensors', options);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataFormatError);
  expect((err as DataFormatError).file).toBe('bad.safetensors');
  expect((err as Error).message).toMatch(/^bad\.safetensors: /);
  expect((err as Error).message).toMatch(fragment);
}

describe('safetensors', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('reads the file Python wrote by hand: every dtype, scalar, empty tensor and metadata', () => {
    const expected = JSON.parse(readFileSync(join(fixtures, 'py_expected.json'), 'utf8')) as {
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
    };
    const { tensors, metadata } = decodeSafetensors(readFileSync(join(fixtures, 'py_written.safetensors')), 'py_written.safetensors');
    expect({ ...metadata }).toEqual(expected.metadata);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected.tensors).sort());
    for (const [name, e] of Object.entries(expected.tensors)) {
      const t = tensors[name];
      expect(t.dtype, name).toBe(e.dtype);
      expect(t.shape, name).toEqual(e.shape);
      expect(Array.from(t.data as ArrayLike<number | bigint>, Number), name).toEqual(e.values);
    }
    expect(tensors['layer.weight'].data).toBeInstanceOf(Float32Array);
    expect(tensors.doubles.data).toBeInstanceOf(Float64Array);
    expect(tensors.half.data).toBeInstanceOf(Float32Array);
    expect(tensors.brain.data).toBeInstanceOf(Float32Array);
    expect(tensors.ids_big.data).toBeInstanceOf(BigInt64Array);
    // conversion to tf tensors
    const small = decodedToTensor(tensors.ids_small, 'ids_small');
    expect(small.dtype).toBe('int32');
    expect(Array.from(small.dataSync())).toEqual(expected.tensors.ids_small.values);
    const flags = decodedToTensor(tensors.flags);
    expect(flags.dtype).toBe('bool');
    const dbl = decodedToTensor(tensors.doubles);
    expect(dbl.dtype).toBe('float32');
    expect(() => decodedToTensor(tensors.ids_big, 'ids_big', 'py_written.safetensors')).toThrow(DataFormatError);
    tf.dispose([small, flags, dbl]);
  });

  it('writes the committed ts_written.safetensors byte for byte, which the Python reader verified', () => {
    const bytes = encodeSafetensors(TS_CONTENT, TS_META);
    const file = join(fixtures, 'ts_written.safetensors');
    if (process.env.UMQ_WRITE_FIXTURES) writeFileSync(file, bytes);
    expect(Buffer.from(bytes).equals(readFileSync(file))).toBe(true);
    const verdict = JSON.parse(readFileSync(join(fixtures, 'ts_verdict.json'), 'utf8')) as { ok: boolean; checks: { check: string; ok: boolean }[] };
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.checks.length).toBeGreaterThan(10);
    expect(verdict.ok).toBe(true);
  });

  it('round-trips tf tensors and raw entries with aligned, space-padded layout', () => {
    const w = tf.tensor2d([[1.5, -2], [3.25, 1e-7]]);
    const ids = tf.tensor1d([3, -4, 5], 'int32');
    const m = tf.tensor1d([true, false], 'bool');
    const bytes = encodeSafetensors({ w, ids, m, u: { dtype: 'U8', shape: [3], data: [9, 8, 7] }, d: { dtype: 'F64', shape: [1], data: [0.1] } }, { a: 'b' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; data_offsets: number[] }>;
    expect(header.d.data_offsets[0]).toBe(0); // 8-byte dtypes first
    for (const [k, v] of Object.entries(header)) if (k !== '__metadata__') expect(v.data_offsets[0] % { F64: 8, F32: 4, I32: 4, U8: 1, BOOL: 1 }[v.dtype as 'F64']).toBe(0);
    const back = decodeSafetensors(bytes);
    expect(back.metadata.a).toBe('b');
    expect(Array.from(back.tensors.w.data as Float32Array)).toEqual(Array.from(w.dataSync()));
    expect(back.tensors.w.shape).toEqual([2, 2]);
    expect(back.tensors.ids.dtype).toBe('I32');
    expect(Array.from(back.tensors.ids.data as Int32Array)).toEqual([3, -4, 5]);
    expect(back.tensors.m.dtype).toBe('BOOL');
    expect(Array.from(back.tensors.m.data as Uint8Array)).toEqual([1, 0]);
    expect(Array.from(back.tensors.u.data as Uint8Array)).toEqual([9, 8, 7]);
    expect(back.tensors.d.data[0]).toBe(0.1);
    const withoutMeta = decodeSafetensors(encodeSafetensors({}));
    expect(Object.keys(withoutMeta.tensors)).toEqual([]);
    // a tensor named __proto__ is data, not a prototype
    const proto = decodeSafetensors(craft('{"__proto__":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', new Uint8Array([5])));
    expect(Object.getPrototypeOf(proto.tensors)).toBeNull();
    expect(Array.from(proto.tensors['__proto__'].data as Uint8Array)).toEqual([5]);
    tf.dispose([w, ids, m]);
  });

  it('rejects bad input to the encoder with OptionError', () => {
    expect(() => encodeSafetensors({ x: { dtype: 'F32', shape: [3], data: [1, 2] } })).toThrow(OptionError);
    expect(() => encodeSafetensors({ x: { dtype: 'U8', shape: [1], data: [256] } })).toThrow(OptionError);
    expect(() => encodeSafetensors({ x: { dtype: 'I32', shape: [1], data: [0.5] } })).toThrow(OptionError);
    expect(() => encodeSafetensors({ x: { dtype: 'F16', shape: [1], data: [0.5] } })).toThrow(OptionError);
    expect(() => encodeSafetensors({ x: { dtype: 'F32', shape: [-1], data: [] } })).toThrow(OptionError);
    expect(() => encodeSafetensors({ __metadata__: { dtype: 'F32', shape: [], data: [1] } })).toThrow(OptionError);
    expect(() => encodeSafetensors({}, { a: 1 as unknown as string })).toThrow(OptionError);
  });

  it('rejects every kind of malformed file with a DataFormatError naming the file and the problem', () => {
    const f32 = (n: number) => new Uint8Array(4 * n);
    const t = (dtype: string, shape: unknown, off: unknown) => ({ dtype, shape, data_offsets: off });
    expectFormatError(new Uint8Array(5), /shorter than the 8-byte header length/);
    expectFormatError(craft('{}', undefined, 1000n), /exceeds the \d+ bytes after the length field/);
    expectFormatError(craft('{}', undefined, 2n ** 63n), /exceeds the 100000000-byte limit/);
    expectFormatError(craft({ a: t('F32', [1], [0, 4]) }, f32(1)), /limit/, { maxHeaderBytes: 10 });
    const badUtf8 = craft('{"a":1}');
    badUtf8[10] = 0xff;
    expectFormatError(badUtf8, /not valid UTF-8/);
    expectFormatError(craft('{"a": '), /not JSON/);
    expectFormatError(craft('[1,2]'), /must be a JSON object, got an array/);
    expectFormatError(craft('42'), /must be a JSON object/);
    expectFormatError(craft({ a: t('F33', [1], [0, 4]) }, f32(1)), /unknown dtype "F33"/);
    expectFormatError(craft({ a: t('F32', [-1], [0, 4]) }, f32(1)), /shape must be an array of non-negative integers/);
    expectFormatError(craft({ a: t('F32', [1.5], [0, 4]) }, f32(1)), /shape must be/);
    expectFormatError(craft({ a: t('F32', 'x', [0, 4]) }, f32(1)), /shape must be/);
    expectFormatError(craft({ a: t('F32', [1], [4, 0]) }, f32(1)), /data_offsets must be/);
    expectFormatError(craft({ a: t('F32', [1], [0, 4, 8]) }, f32(1)), /data_offsets must be/);
    expectFormatError(craft({ a: t('F32', [2], [0, 8]) }, f32(1)), /run past the 4-byte data buffer/);
    expectFormatError(craft({ a: t('F32', [2], [0, 4]) }, f32(1)), /needs 8 bytes but data_offsets \[0, 4\] hold 4/);
    expectFormatError(craft({ a: t('F32', [2 ** 40, 2 ** 40], [0, 4]) }, f32(1)), /needs more than 2\^53 bytes/);
    expectFormatError(craft({ a: t('F32', [2], [0, 8]), b: t('F32', [2], [4, 12]) }, f32(3)), /overlaps/);
    expectFormatError(craft({ a: t('F32', [1], [0, 4]), b: t('F32', [1], [8, 12]) }, f32(3)), /gap of 4 unused bytes/);
    expectFormatError(craft({ a: t('F32', [1], [0, 4]) }, f32(2)), /cover 4 bytes but the data buffer holds 8/);
    expectFormatError(craft('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', new Uint8Array(2)), /"a" appears twice/);
    expectFormatError(craft({ __metadata__: { k: 1 } }), /`__metadata__`.k must be a string/);
    expectFormatError(craft({ __metadata__: [1] }), /`__metadata__` must be an object/);
    expectFormatError(craft({ a: 3 }), /expected an object/);
    expectFormatError(craft({ a: t('BOOL', [1], [0, 1]) }, new Uint8Array([2])), /BOOL values must be 0 or 1/);
    expectFormatError(craft({ a: t('F8_E4M3', [1], [0, 1]) }, new Uint8Array([2])), /does not decode it/);
  });

  it('never throws anything but DataFormatError on random corruptions and truncations', () => {
    const good = encodeSafetensors(TS_CONTENT, TS_META);
    const rng = new Rng(1234);
    let parsed = 0;
    for (let trial = 0; trial < 1500; trial++) {
      let bytes = good.slice();
      const kind = rng.int(3);
      if (kind === 0) for (let k = 0; k < 1 + rng.int(4); k++) bytes[rng.int(bytes.length)] = rng.int(256);
      else if (kind === 1) bytes = bytes.slice(0, rng.int(bytes.length));
      else bytes[8 + rng.int(Number(new DataView(good.buffer).getBigUint64(0, true)))] = ' {}[],:"0-e'.charCodeAt(rng.int(11));
      try {
        decodeSafetensors(bytes, 'fuzz');
        parsed++;
      } catch (e) {
        if (!(e instanceof DataFormatError)) throw e;
      }
    }
    expect(parsed).toBeGreaterThan(0); // corruptions inside tensor data still parse
  });
});
