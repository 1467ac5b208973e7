import { describe, it, expect } from 'vitest';
import { unpickle, type PyDict, type PyValue } from './pickle';
import { isNdArray, type NdArray } from './ndarray';
import { expectArray, expected, fixture, formatError } from './fixtures.test-util';

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const get = (v: PyValue, ...path: (string | number)[]): PyValue => path.reduce<PyValue>((o, k) => (o as PyDict).get(k) as PyValue, v);

describe('unpickle: MMSA-style pickles', () => {
  for (const proto of [2, 4]) {
    it(`protocol ${proto}: every split and field equals what numpy wrote`, () => {
      const v = unpickle(fixture(`mmsa_p${proto}.pkl`), `mmsa_p${proto}.pkl`);
      expect(v).toBeInstanceOf(Map);
      for (const split of ['train', 'valid', 'test']) {
        const want = expected.mmsa[split];
        for (const [field, e] of Object.entries(want)) {
          const got = get(v, split, field);
          if (Array.isArray(e)) expect(got).toEqual(e);
          else {
            expect(isNdArray(got)).toBe(true);
            expectArray(got as NdArray, e as never);
          }
        }
      }
      expect((get(v, 'train', 'id') as NdArray).dtype).toBe('|O');
    });
  }
});

describe('unpickle: plain containers (HKT style) and numpy', () => {
  for (const proto of [2, 4]) {
    it(`protocol ${proto}: dicts, tuples, big ints, bytes, sets, numpy scalars`, () => {
      const v = unpickle(fixture(`hkt_p${proto}.pkl`), 'hkt.pkl') as PyDict;
      expect(get(v, 'a1', 'punchline_features')).toEqual([[0.5, 1.25], [2, -1]]);
      expect(get(v, 'a1', 'context')).toEqual([['hello', 'world']]);
      expect(get(v, 'a1', 'label')).toBe(1);
      expect(v.get(7)).toEqual({ kind: 'tuple', items: [1, 2.5, null, true, false, 'x'] });
      expect(v.get('big')).toEqual([2n ** 70n, -(2n ** 65n), 2 ** 53 - 1, -5]);
      expect(v.get('bytes')).toEqual(new Uint8Array([0, 1, 255]));
      const s = get(v, 'nested', 's') as { kind: string; items: PyValue[] };
      expect(s.kind).toBe('set');
      expect([...s.items].sort()).toEqual([1, 2]);
      expect(v.get('scalar_f4')).toBe(1.5);
      expect(v.get('scalar_i8')).toBe(-7);
      expect(v.get('scalar_bool')).toBe(true);
      expect(v.get('scalar_f8')).toBe(0.1);
    });
  }
  it('protocol 5 (_frombuffer, in-band bytearray) incl. Fortran order and empty arrays', () => {
    const v = unpickle(fixture('numpy_p5.pkl'), 'numpy_p5.pkl') as PyDict;
    for (const [k, e] of Object.entries(expected.p5)) expectArray(v.get(k) as NdArray, e as never);
    expect((v.get('fortran') as NdArray).fortranOrder).toBe(true);
  });
  it('protocol 3: unicode arrays, big-endian ints, int16', () => {
    const v = unpickle(fixture('numpy_p3.pkl'), 'numpy_p3.pkl') as PyDict;
    for (const [k, e] of Object.entries(expected.p3)) expectArray(v.get(k) as NdArray, e as never);
  });
  it('shared references stay shared (memo), and protocol-0 opcodes parse', () => {
    // [l, l] with l = [1]: LIST via MARK, memo PUT/GET (text forms)
    const v = unpickle(enc("(lp0\n(lp1\nI1\naag1\na.")) as PyValue[];
    expect(v).toEqual([[1], [1]]);
    expect(v[0]).toBe(v[1]);
  });
});

describe('unpickle: malicious and malformed input', () => {
  const good = fixture('mmsa_p4.pkl');
  const deep = (n: number): Uint8Array => enc('\x80\x02' + ']'.repeat(n) + 'a'.repeat(n - 1) + '.');
  const cases: [string, Uint8Array, RegExp][] = [
    ['GLOBAL os.system', enc("cos\nsystem\n(S'ls'\ntR."), /unsupported pickle global 'os\.system'/],
    ['GLOBAL posix.system', enc("\x80\x02cposix\nsystem\nX\x02\x00\x00\x00ls\x85R."), /'posix\.system'/],
    ['STACK_GLOBAL builtins.eval', enc('\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x011\x85R.'), /'builtins\.eval'/],
    ['STACK_GLOBAL subprocess.Popen', enc('\x80\x04\x8c\x0asubprocess\x8c\x05Popen\x93.'), /'subprocess\.Popen'/],
    ['_reconstruct of a non-ndarray', enc('\x80\x02cnumpy.core.multiarray\n_reconstruct\ncos\nsystem\n.'), /'os\.system'/],
    ['INST opcode', enc('(ios\nsystem\n.'), /not allowed/],
    ['persistent id', enc('\x80\x02X\x01\x00\x00\x00aQ.'), /persistent/],
    ['out-of-band buffer', enc('\x80\x05\x97.'), /out-of-band/],
    ['unknown opcode', enc('\x80\x02\xff.'), /unknown or unsupported pickle opcode 0xff/],
    ['empty input', new Uint8Array(0), /without a STOP/],
    ['truncated at 1/4', good.subarray(0, good.length >> 2), /truncated|STOP|underflow/],
    ['truncated at 1/2', good.subarray(0, good.length >> 1), /truncated|STOP|underflow/],
    ['truncated before STOP', good.subarray(0, good.length - 1), /truncated|STOP/],
    ['huge declared string', enc('\x80\x04\x8d\xff\xff\xff\xff\xff\x00\x00\x00.'), /truncated/],
    ['huge declared BINBYTES8', enc('\x80\x04\x8e\x00\x00\x00\x00\x01\x00\x00\x00.'), /truncated/],
    ['deeply nested lists', deep(500), /nests containers more than 100/],
    ['reference cycle', enc('\x80\x02]q\x00h\x00a.'), /cycle/],
    ['stack underflow', enc('\x80\x02a.'), /underflow/],
    ['memo miss', enc('\x80\x02h\x05.'), /never stored/],
    ['ndarray data size vs shape', (() => {
      // protocol-5 array whose bytearray is shorter than shape*itemsize
      const s = '\x80\x05\x8c\x12numpy.core.numeric\x8c\x0b_frombuffer\x93(\x96\x04\x00\x00\x00\x00\x00\x00\x00abcd\x8c\x05numpy\x8c\x05dtype\x93\x8c\x02f8\x89\x88\x87R(K\x03\x8c\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tbK\x03\x85\x8c\x01CtR.';
      return enc(s);
    })(), /4 bytes but shape \[3\].*needs 24/],
    ['object array with a non-plain element', enc('\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R(K\x01K\x01\x85cnumpy\ndtype\nX\x02\x00\x00\x00O8\x89\x88\x87R(K\x03X\x01\x00\x00\x00|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89]]atb.'), /may only hold str/],
    ['dict with a list key', enc('\x80\x02}]K\x01s.'), /dict key of type list/],
  ];
  for (const [name, bytes, re] of cases) {
    it(`${name} -> DataFormatError naming the file`, () => {
      const err = formatError(() => unpickle(bytes, 'evil.pkl'));
      expect(err.message).toContain('evil.pkl');
      expect(err.message).toMatch(re);
    });
  }
  it('every truncation of a real pickle fails cleanly (no crash, no hang)', () => {
    const b = fixture('hkt_p4.pkl');
    for (let n = 0; n < b.length; n += 7) formatError(() => unpickle(b.subarray(0, n), 'cut.pkl'));
  });
});
