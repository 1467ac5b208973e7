import { describe, it, expect } from 'vitest';
import { DataFormatError } from '@umq/core';
import { parseCsv, parseNumericCsv } from './csv';

describe('parseNumericCsv', () => {
  it('reads quoted and bare floats with CRLF or LF, with or without a final newline', () => {
    for (const text of ['"1.5","-2","3e-2"\r\n"4","5","6"\r\n', '1.5,-2,3e-2\n4,5,6', '"1.5",-2,"3e-2"\n4,"5",6\n\n']) {
      const t = parseNumericCsv(text, 'a.csv');
      expect([t.rows, t.cols]).toEqual([2, 3]);
      expect(Array.from(t.data)).toEqual([1.5, -2, 0.03, 4, 5, 6]);
      expect(t.nonFinite).toEqual([]);
    }
  });

  it('lists NaN and Inf cells with their positions', () => {
    const t = parseNumericCsv('"1","nan"\n"-inf","Infinity"\n', 'a.csv');
    expect(t.nonFinite).toEqual([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(Number.isNaN(t.data[1])).toBe(true);
    expect(t.data[2]).toBe(-Infinity);
    expect(t.data[3]).toBe(Infinity);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a truncated quoted field', '"1","2"\n"3","4', /line 2, column 2: unterminated quoted field/],
    ['a line cut after a comma', '"1","2"\n"3",', /line 2: the line ends with a comma/],
    ['a short last line (truncated)', '"1","2","3"\n"4","5"\n', /line 2: 2 columns, but earlier lines have 3/],
    ['inconsistent columns', '1,2\n3,4,5\n6,7\n', /line 2: 3 columns, but earlier lines have 2/],
    ['a word instead of a number', '"1","2"\n"3","abc"\n', /line 2, column 2: expected a number, got "abc"/],
    ['an empty field', '1,,2\n', /line 1, column 2: expected a number, got an empty field/],
    ['junk after a quote', '"1"x,2\n', /unexpected character "x"/],
  ])('rejects %s with the file and position', (_name, text, msg) => {
    let err: unknown;
    try {
      parseNumericCsv(text, 'feats.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).file).toBe('feats.csv');
    expect((err as Error).message).toMatch(/^feats\.csv: /);
    expect((err as Error).message).toMatch(msg);
  });
});

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and newlines inside quotes', () => {
    expect(parseCsv('"a_1","HI, ""YOU""","93","1"\r\nb,"x\ny",2,0\n', 't.csv')).toEqual([
      ['a_1', 'HI, "YOU"', '93', '1'],
      ['b', 'x\ny', '2', '0'],
    ]);
  });
  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('"a","b\n', 't.csv')).toThrow(/t\.csv: line 1, column 2: unterminated/);
  });
});
