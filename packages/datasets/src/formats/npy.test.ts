import { describe, it, expect } from 'vitest';
import { parseNpy, parseNpz } from './npy';
import { expectArray, expected, fixture, formatError } from './fixtures.test-util';

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
function npy(header: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const h = enc(header);
  const pre = major === 1 ? 10 : 12;
  const out = new Uint8Array(pre + h.length + data.length);
  out.set(enc('\x93NUMPY'), 0);
  out[6] = major;
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, h.length, true); else dv.setUint32(8, h.length, true);
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}

describe('parseNpy', () => {
  for (const key of Object.keys(expected.npy)) {
    it(`reads npy_${key}.npy exactly as numpy wrote it`, () => {
      const a = parseNpy(fixture(`npy_${key}.npy`), `npy_${key}.npy`);
      expectArray(a, expected.npy[key]);
      expect(a.fortranOrder).toBe(expected.npy[key].fortranOrder);
    });
  }
  it('reads format 2.0 and 3.0 headers', () => {
    expectArray(parseNpy(fixture('npy_v2.npy')), expected.npy.f4);
    expectArray(parseNpy(fixture('npy_v3.npy')), expected.npy.f4);
  });
  it('stores Fortran-order data column-major and byte-swaps big-endian data', () => {
    const f = parseNpy(fixture('npy_fortran.npy'));
    expect(Array.from(f.data as Float32Array)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(parseNpy(fixture('npy_bigendian.npy')).dtype).toBe('<f8');
  });
});

describe('parseNpz', () => {
  for (const name of ['npz_stored.npz', 'npz_compressed.npz']) {
    it(`reads ${name}`, () => {
      const z = parseNpz(fixture(name), name);
      expect(Object.keys(z).sort()).toEqual(['a', 'b', 'c']);
      expectArray(z.a, expected.npy.f4);
      expectArray(z.b, expected.npy.i8);
      expectArray(z.c, expected.npy.b1);
    });
  }
});

describe('malformed .npy/.npz input', () => {
  const good = fixture('npy_f4.npy');
  const zip = fixture('npz_compressed.npz');
  const stored = fixture('npz_stored.npz');
  const bomb = (() => {
    // declare a 4 GiB-ish uncompressed size in the central directory of the first member
    const b = stored.slice();
    const dv = new DataView(b.buffer);
    for (let i = b.length - 22; i >= 0; i--) if (dv.getUint32(i, true) === 0x02014b50) { dv.setUint32(i + 24, 0xfffffff0, true); break; }
    return b;
  })();
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /not a \.npy file/],
    ['wrong magic', enc('PK\x03\x04garbage-garbage'), /not a \.npy file/],
    ['truncated in the magic', good.subarray(0, 4), /not a \.npy file/],
    ['truncated in the header', good.subarray(0, 40), /truncated/],
    ['truncated in the data', good.subarray(0, good.length - 3), /needs 48/],
    ['trailing bytes', new Uint8Array([...good, 1, 2, 3, 4]), /needs 48/],
    ['unsupported version', (() => { const b = good.slice(); b[6] = 9; return b; })(), /version 9/],
    ['oversized header', npy('{}', new Uint8Array(0), 2).map((v, i) => (i === 10 ? 0x10 : v)), /cap of 65536/],
    ['shape larger than the data', npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000), }"), /needs 8000000000000000/],
    ['negative dimension', npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"), /invalid dimension/],
    ['object dtype', fixture('npy_object.npy'), /object array.*pickle/],
    ['structured dtype', npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"), /structured/],
    ['float16', npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(2)), /float16/],
    ['header is not a dict', npy("[1, 2]"), /expected a dict/],
    ['header syntax error', npy("{'descr': '<f4', 'fortran_order': Fals"), /bad \.npy header/],
    ['deeply nested header', npy('{"shape": ' + '('.repeat(500)), /nested too deeply/],
    ['npz: not a zip', good, /not a ZIP archive/],
    ['npz: truncated', zip.subarray(0, zip.length - 30), /ZIP|truncated/],
    ['npz: corrupt deflate data', (() => { const b = zip.slice(); for (let i = 60; i < 120; i++) b[i] ^= 0x5a; return b; })(), /deflate|CRC|inflates|bad/],
    ['npz: zip-bomb declared size', bomb, /cap of|declares/],
  ];
  for (const [name, bytes, re] of cases) {
    it(`${name} -> DataFormatError naming the file`, () => {
      const isZip = name.startsWith('npz');
      const err = formatError(() => (isZip ? parseNpz(bytes, 'bad.npz', { maxEntryBytes: 1 << 20 }) : parseNpy(bytes, 'bad.npy')));
      expect(err.message).toContain(isZip ? 'bad.npz' : 'bad.npy');
      expect(err.message).toMatch(re);
    });
  }
});
