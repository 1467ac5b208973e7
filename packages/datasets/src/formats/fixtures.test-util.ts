/** Test helpers: fixture bytes, expected.json, and C-order flattening for comparisons. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DataFormatError } from '@umq/core';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import type { NdArray } from './ndarray';

export const FIXTURES = join(REPO_ROOT, 'tools', 'fixtures', 'datasets');
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
export interface Expected { dtype: string; shape: number[]; data: (number | string | boolean | null)[] }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected: any = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

/** Flat C-order values of `a` (undoing Fortran order), int64 as strings, bool as booleans. */
export function cOrder(a: NdArray): (number | string | boolean | null)[] {
  const n = a.data.length;
  const idx = new Array<number>(n);
  if (!a.fortranOrder || a.shape.length < 2) for (let i = 0; i < n; i++) idx[i] = i;
  else {
    const s = a.shape;
    for (let i = 0; i < n; i++) {
      let rem = i; let f = 0; let stride = 1;
      const sub: number[] = [];
      for (let d = s.length - 1; d >= 0; d--) { sub[d] = rem % s[d]; rem = Math.floor(rem / s[d]); }
      for (let d = 0; d < s.length; d++) { f += sub[d] * stride; stride *= s[d]; }
      idx[i] = f;
    }
  }
  return idx.map((i) => {
    const v = (a.data as ArrayLike<unknown>)[i];
    if (typeof v === 'bigint') return v.toString();
    if (a.dtype === '|b1') return v === 1;
    return v as number | string | null;
  });
}

/** Asserts `a` equals a numpy-written expectation exactly (float32 compared as float32). */
export function expectArray(a: NdArray, e: Expected): void {
  expect(a.shape).toEqual(e.shape);
  const want = e.dtype.replace(/^[<>=|]/, '');
  expect(a.dtype.replace(/^[<>=|]/, '')).toBe(want.startsWith('U') ? 'U' : want === 'O' ? 'O' : want);
  const got = cOrder(a);
  const exp = a.dtype === '<f4' ? e.data.map((v) => Math.fround(v as number)) : e.data;
  expect(got).toEqual(exp);
}

/** Runs `fn` and returns the DataFormatError it throws (fails the test otherwise). */
export function formatError(fn: () => unknown): DataFormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    return e as DataFormatError;
  }
  throw new Error('expected a DataFormatError, but nothing was thrown');
}
