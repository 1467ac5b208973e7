/**
 * Canonical JSON: the one text of a JSON value that a hash is taken of. Object keys are sorted
 * by UTF-16 code units and numbers written as `JSON.stringify` writes them, which is the key
 * order and number form of RFC 8785 (JSON Canonicalization Scheme) for the values a run is made
 * of (plain objects, arrays, strings, finite numbers, booleans, null).
 */
import { OptionError } from '@umq/core';

/**
 * The canonical JSON text of a value; `undefined` object entries are left out (as
 * `JSON.stringify` does), anything that is not plain JSON is an error.
 *
 * @param value a plain JSON value.
 * @param where what the value is, for the error message.
 * @throws OptionError for NaN, ±Infinity, `undefined` in an array, functions, class instances.
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown, where = 'value'): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new OptionError(`${where}: ${value} has no JSON form; use a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => {
      if (v === undefined) throw new OptionError(`${where}[${i}] is undefined; JSON arrays hold values only`);
      return canonicalJson(v, `${where}[${i}]`);
    }).join(',')}]`;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${where}.${k}`)}`).join(',')}}`;
  }
  throw new OptionError(`${where}: a ${typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value} has no canonical JSON form; use plain objects, arrays, strings, finite numbers, booleans or null`);
}
