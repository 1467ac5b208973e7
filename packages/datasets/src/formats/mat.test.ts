import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { zlibSync } from 'fflate';
import { readMat, matToRowMajor, type MatValue } from './mat';
import { expected, fixture, formatError } from './fixtures.test-util';
import { sharedDataFile } from '../../../../tools/testing/shared-data';

/** Row-major values of a numeric 2-D MAT value, int64 as strings, logical as booleans. */
function rowMajor(v: MatValue): unknown[] {
  if (v.kind !== 'numeric') throw new Error(v.kind);
  const [r, c] = v.dims;
  const out: unknown[] = [];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) {
    const x = v.data[i + j * r];
    out.push(typeof x === 'bigint' ? x.toString() : v.className === 'logical' ? x === 1 : x);
  }
  return out;
}

const CLASS: Record<string, string> = { float64: 'double', float32: 'single', uint8: 'uint8', uint16: 'uint16', int32: 'int32', int64: 'int64', bool: 'logical' };
const NP: Record<string, string> = { '<f8': 'float64', '<f4': 'float32', '|u1': 'uint8', '<u2': 'uint16', '<i4': 'int32', '<i8': 'int64', '|b1': 'bool' };

describe('readMat fixtures (scipy.io.savemat)', () => {
  for (const name of ['mat_plain.mat', 'mat_compressed.mat']) {
    it(`${name}: numeric classes, logical, char, cell, struct, sparse`, () => {
      const m = readMat(fixture(name), name);
      for (const [k, dims] of Object.entries(expected.mat_dims as Record<string, number[]>)) if (k !== 'txt') expect(m[k].dims, k).toEqual(dims);
      for (const [k, e] of Object.entries(expected.mat as Record<string, { dtype: string; shape: number[]; data: unknown[] }>)) {
        if (k === 'sp_dense') continue;
        const v = m[k];
        expect(v.kind, k).toBe('numeric');
        if (v.kind === 'numeric') expect(v.className, k).toBe(CLASS[NP[e.dtype]]);
        const want = e.dtype === '<f4' ? e.data.map((x) => Math.fround(x as number)) : e.data;
        expect(rowMajor(v), k).toEqual(want);
      }
      expect(m.txt).toEqual({ kind: 'char', dims: [1, 7], text: 'hello é' });
      const cel = m.cel;
      expect(cel.kind === 'cell' && cel.cells.map((c) => c.kind)).toEqual(['numeric', 'char', 'numeric']);
      if (cel.kind === 'cell') {
        expect(rowMajor(cel.cells[0])).toEqual([0, 1, 2]);
        expect(cel.cells[1]).toMatchObject({ kind: 'char', text: 'abc' });
        expect(rowMajor(cel.cells[2])).toEqual([1, 0, 0, 1]);
      }
      const st = m.st;
      expect(st.kind).toBe('struct');
      if (st.kind === 'struct') {
        expect(Object.keys(st.fields)).toEqual(['a', 'name']);
        expect(rowMajor(st.fields.a[0])).toEqual([1, 2]);
        expect(st.fields.name[0]).toMatchObject({ kind: 'char', text: 'bob' });
      }
      const sp = m.sp;
      expect(sp.kind).toBe('sparse');
      if (sp.kind === 'sparse') {
        const dense = new Array(sp.dims[0] * sp.dims[1]).fill(0);
        for (let j = 0; j < sp.dims[1]; j++) for (let k = sp.colStarts[j]; k < sp.colStarts[j + 1]; k++) dense[sp.rowIndices[k] * sp.dims[1] + j] = sp.values[k];
        expect(dense).toEqual(expected.mat.sp_dense.data);
      }
    });
  }
  it('matToRowMajor converts column-major data of any class to float32 rows', () => {
    const m = readMat(fixture('mat_plain.mat'));
    const { rows, cols, data } = matToRowMajor(m.u16);
    expect([rows, cols]).toEqual([2, 2]);
    expect(Array.from(data)).toEqual([1, 65535, 300, 4]);
    expect(Array.from(matToRowMajor(m.i64).data)).toEqual([-(2 ** 40), 3]);
    expect(() => matToRowMajor(m.cel, 'x.mat')).toThrow(/x\.mat: expected a numeric MAT array, got a cell/);
  });
});

describe('readMat on the real multiview data', () => {
  const hw = sharedDataFile('multiview', 'handwritten_6views.mat');
  const cub = sharedDataFile('multiview', 'cub_googlenet_doc2vec_c10.mat');
  it.skipIf(!hw || !existsSync(hw))('handwritten_6views.mat: 14 variables with the documented dims', () => {
    const m = readMat(new Uint8Array(readFileSync(hw as string)), 'handwritten_6views.mat');
    const widths = [240, 76, 216, 47, 64, 6];
    const names = ['gt_test', 'gt_train', ...widths.flatMap((_, i) => [`x${i + 1}_test`, `x${i + 1}_train`])];
    expect(Object.keys(m).sort()).toEqual(names.sort());
    widths.forEach((w, i) => {
      expect(m[`x${i + 1}_train`].dims).toEqual([1600, w]);
      expect(m[`x${i + 1}_test`].dims).toEqual([400, w]);
    });
    // MATLAB class is double; the data are stored compactly as uint8/uint16 and converted
    expect(m.x1_train).toMatchObject({ kind: 'numeric', className: 'double', storedAs: 'uint8' });
    expect(m.x3_train).toMatchObject({ className: 'double', storedAs: 'uint16' });
    expect(m.gt_train).toMatchObject({ className: 'double', storedAs: 'uint8', dims: [1600, 1] });
    const x1 = matToRowMajor(m.x1_train);
    expect(Array.from(x1.data.subarray(0, 3))).toEqual([0, 0, 3]); // scipy: x1_train[0, :3]
    const x3 = matToRowMajor(m.x3_train);
    expect(Array.from(x3.data.subarray(0, 3))).toEqual([101, 111, 601]);
    const gt = matToRowMajor(m.gt_train).data;
    expect([gt[0], gt[1599], Math.min(...gt), Math.max(...gt)]).toEqual([1, 10, 1, 10]);
    expect(matToRowMajor(m.x2_train).data[0]).toBeCloseTo(0.0542642, 6);
  });
  it.skipIf(!cub || !existsSync(cub))('cub_googlenet_doc2vec_c10.mat: cell X (d x N) and gt', () => {
    const m = readMat(new Uint8Array(readFileSync(cub as string)), 'cub.mat');
    expect(Object.keys(m).sort()).toEqual(['X', 'gt']);
    const X = m.X;
    expect(X.kind).toBe('cell');
    if (X.kind !== 'cell') return;
    expect(X.dims).toEqual([1, 2]);
    expect(X.cells.map((c) => c.dims)).toEqual([[1024, 600], [300, 600]]);
    expect(X.cells[0]).toMatchObject({ className: 'double' });
    expect(matToRowMajor(X.cells[0]).data[0]).toBeCloseTo(1.67673898, 5);
    expect(m.gt.dims).toEqual([600, 1]);
  });
});

describe('malformed MAT input', () => {
  const plain = fixture('mat_plain.mat');
  const comp = fixture('mat_compressed.mat');
  const header = plain.slice(0, 128);
  const withElements = (...els: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(128 + els.reduce((s, e) => s + e.length, 0));
    out.set(header);
    let o = 128;
    for (const e of els) { out.set(e, o); o += e.length; }
    return out;
  };
  const tag = (type: number, body: Uint8Array): Uint8Array => {
    const out = new Uint8Array(8 + body.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, type, true);
    dv.setUint32(4, body.length, true);
    out.set(body, 8);
    return out;
  };
  // an inner miMATRIX that declares 1 GiB but holds 16 bytes, compressed
  const lying = (() => { const e = tag(14, new Uint8Array(16)); new DataView(e.buffer).setUint32(4, 1 << 30, true); return e; })();
  const bigInflate = tag(15, zlibSync(tag(14, new Uint8Array(1 << 20))));
  const hdf5 = new Uint8Array(1024); hdf5.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512); hdf5.set(header.subarray(0, 116)); hdf5.set(new TextEncoder().encode('MATLAB 7.3 MAT-file'), 0);
  const dimsMismatch = (() => {
    const b = plain.slice();
    // first variable 'dbl' is 3x4 double: bump its first dim to 5 so 20 elements != 12 stored
    const dv = new DataView(b.buffer);
    for (let i = 128; i < 200; i += 4) if (dv.getInt32(i, true) === 3 && dv.getInt32(i + 4, true) === 4) { dv.setInt32(i, 5, true); break; }
    return b;
  })();
  const cases: [string, Uint8Array, RegExp, number?][] = [
    ['empty file', new Uint8Array(0), /too short/],
    ['truncated header', plain.subarray(0, 100), /too short/],
    ['wrong endian indicator', (() => { const b = plain.slice(); b[126] = 0x41; return b; })(), /not a Level 5 MAT-file/],
    ['big-endian', (() => { const b = plain.slice(); b[126] = 0x4d; b[127] = 0x49; return b; })(), /big-endian/],
    ['v7.3 (HDF5)', hdf5, /v7\.3/],
    ['bare HDF5', fixture('tiny.csd'), /HDF5/],
    ['wrong version', (() => { const b = plain.slice(); b[124] = 2; return b; })(), /version/],
    ['truncated in the first element', plain.subarray(0, 150), /truncated/],
    ['truncated in the middle', plain.subarray(0, plain.length >> 1), /truncated/],
    ['truncated compressed file', comp.subarray(0, comp.length - 40), /truncated|ends early|zlib/],
    ['corrupt zlib stream', (() => { const b = comp.slice(); for (let i = 140; i < 180; i++) b[i] ^= 0xa5; return b; })(), /zlib|inflate|truncated|declares/],
    ['dims inconsistent with data', dimsMismatch, /20 elements expected.*12 elements/],
    ['complex array', fixture('mat_complex.mat'), /complex/],
    ['compressed element lies about its size', withElements(tag(15, zlibSync(lying))), /declares 1073741824 bytes but inflates to only 16/],
    ['zip-bomb-ish inflation over the cap', withElements(bigInflate), /more than 65536 bytes/, 65536],
    ['deeply nested cells', (() => {
      // cell 1x1 containing cell 1x1 ... 150 deep
      let inner: Uint8Array = new Uint8Array(0);
      for (let d = 0; d < 150; d++) {
        const flags = tag(6, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]));
        const dims = tag(5, new Uint8Array([1, 0, 0, 0, 1, 0, 0, 0]));
        const name = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]); // miINT8, 0 bytes
        const body = new Uint8Array(flags.length + dims.length + name.length + inner.length);
        body.set(flags); body.set(dims, flags.length); body.set(name, flags.length + dims.length); body.set(inner, flags.length + dims.length + name.length);
        inner = tag(14, body);
      }
      return withElements(inner);
    })(), /nest more than 100/],
  ];
  for (const [name, bytes, re, cap] of cases) {
    it(`${name} -> DataFormatError naming the file`, () => {
      const err = formatError(() => readMat(bytes, 'bad.mat', cap ? { maxElementBytes: cap } : {}));
      expect(err.message).toContain('bad.mat');
      expect(err.message).toMatch(re);
    });
  }
  it('every truncation of a compressed MAT file fails cleanly', () => {
    for (let n = 0; n < comp.length; n += 13) if (n !== 128) formatError(() => readMat(comp.subarray(0, n), 'cut.mat'));
  });
});
