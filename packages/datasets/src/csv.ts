/**
 * Fast, strict CSV readers: a numeric table reader for feature files (quoted or bare floats,
 * one pass over the text, no object per cell) and a general reader for text tables
 * (quoted fields with commas and doubled quotes). Malformed input is a DataFormatError that
 * names the file, the line and the column.
 */
import { DataFormatError } from '@umq/core';

/** A numeric table read by {@link parseNumericCsv}: row-major `rows x cols` float64. */
export interface NumericTable {
  /** Number of data rows. */
  rows: number;
  /** Number of columns (the same on every row). */
  cols: number;
  /** Values, row-major; a NaN/Inf cell holds NaN/±Inf (see `nonFinite`). */
  data: Float64Array;
  /** Positions (0-based row, col) of cells that are NaN or ±Inf, in file order. */
  nonFinite: Array<[number, number]>;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const NONFINITE = /^\s*[+-]?(nan|inf|infinity)\s*$/i;

/**
 * Reads a table of numbers, one row a line, fields optionally in double quotes
 * (`"0.5","-1"` or `0.5,-1`). Blank lines at the end are ignored. Every row must have the
 * same number of columns; a cell that is not a number is an error; `nan`, `inf` and
 * `Infinity` cells are read as such and listed in `nonFinite` (the caller decides).
 *
 * @param text - The file's text.
 * @param file - The file name, for error messages.
 * @throws DataFormatError naming the file, the 1-based line and column, and the problem.
 * @example
 * ```ts
 * const t = parseNumericCsv('"1","2"\n"3","4"\n', 'a.csv'); // { rows: 2, cols: 2, data: [1,2,3,4] }
 * ```
 */
export function parseNumericCsv(text: string, file: string): NumericTable {
  const len = text.length;
  let cap = 1024;
  let data = new Float64Array(cap);
  let count = 0;
  let cols = -1;
  let row = 0;
  let col = 0;
  const nonFinite: Array<[number, number]> = [];
  let i = 0;
  // Trim trailing blank lines.
  let end = len;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c === LF || c === CR || c === 32) end--;
    else break;
  }
  if (end === 0) throw new DataFormatError('the file is empty: expected rows of comma-separated numbers', file);
  while (i < end) {
    // One field.
    let a: number;
    let b: number;
    if (text.charCodeAt(i) === QUOTE) {
      a = i + 1;
      const q = text.indexOf('"', a);
      if (q < 0 || q >= end) throw new DataFormatError(`line ${row + 1}, column ${col + 1}: unterminated quoted field (the file may be truncated)`, file);
      b = q;
      i = q + 1;
    } else {
      a = i;
      while (i < end) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        i++;
      }
      b = i;
    }
    const s = text.slice(a, b);
    let v = b > a ? Number(s) : NaN;
    if (!Number.isFinite(v)) {
      if (b > a && !Number.isNaN(v)) {
        nonFinite.push([row, col]); // Infinity, -Infinity, 1e999
      } else if (NONFINITE.test(s)) {
        v = /inf/i.test(s) ? (s.includes('-') ? -Infinity : Infinity) : NaN;
        nonFinite.push([row, col]);
      } else {
        const shown = s.length > 40 ? `${s.slice(0, 40)}...` : s;
        throw new DataFormatError(`line ${row + 1}, column ${col + 1}: expected a number, got ${b > a ? JSON.stringify(shown) : 'an empty field'}`, file);
      }
    }
    if (count === cap) {
      cap *= 2;
      const next = new Float64Array(cap);
      next.set(data);
      data = next;
    }
    data[count++] = v;
    col++;
    // Separator.
    const c = i < end ? text.charCodeAt(i) : LF;
    if (c === COMMA) {
      i++;
      if (i >= end) throw new DataFormatError(`line ${row + 1}: the line ends with a comma (missing last field; the file may be truncated)`, file);
      continue;
    }
    if (c === LF || c === CR) {
      if (cols < 0) cols = col;
      else if (col !== cols) throw new DataFormatError(`line ${row + 1}: ${col} columns, but earlier lines have ${cols} (inconsistent columns or a truncated file)`, file);
      row++;
      col = 0;
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      continue;
    }
    throw new DataFormatError(`line ${row + 1}, column ${col}: unexpected character ${JSON.stringify(text[i])} after a field (expected a comma or the end of the line)`, file);
  }
  if (col !== 0) {
    // The text ended without a newline: close the last row.
    if (cols < 0) cols = col;
    else if (col !== cols) throw new DataFormatError(`line ${row + 1}: ${col} columns, but earlier lines have ${cols} (inconsistent columns or a truncated file)`, file);
    row++;
  }
  return { rows: row, cols, data: data.slice(0, count), nonFinite };
}

/**
 * Reads a general CSV table (RFC 4180: quoted fields may hold commas, newlines and doubled
 * quotes `""`). Trailing blank lines are ignored; rows may differ in length (the caller checks).
 *
 * @param text - The file's text.
 * @param file - The file name, for error messages.
 * @throws DataFormatError on an unterminated quote or a stray character after a quoted field.
 * @example
 * ```ts
 * parseCsv('"a_1","HI, THERE","93","1"\n', 't.csv'); // [['a_1', 'HI, THERE', '93', '1']]
 * ```
 */
export function parseCsv(text: string, file: string): string[][] {
  const out: string[][] = [];
  let rowCells: string[] = [];
  let i = 0;
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === LF || text.charCodeAt(end - 1) === CR)) end--;
  if (end === 0) return out;
  for (;;) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      let j = i + 1;
      let s = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0 || q >= end) throw new DataFormatError(`line ${out.length + 1}, column ${rowCells.length + 1}: unterminated quoted field (the file may be truncated)`, file);
        s += text.slice(j, q);
        if (text.charCodeAt(q + 1) === QUOTE && q + 1 < end) {
          s += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = s;
    } else {
      const a = i;
      while (i < end) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        i++;
      }
      field = text.slice(a, i);
    }
    rowCells.push(field);
    if (i >= end) {
      out.push(rowCells);
      return out;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i >= end) {
        rowCells.push('');
        out.push(rowCells);
        return out;
      }
    } else if (c === LF || c === CR) {
      out.push(rowCells);
      rowCells = [];
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
    } else {
      throw new DataFormatError(`line ${out.length + 1}, column ${rowCells.length}: unexpected character ${JSON.stringify(text[i])} after a quoted field`, file);
    }
  }
}
