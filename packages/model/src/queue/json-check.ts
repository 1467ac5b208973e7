/**
 * Checks of untrusted JSON (job payloads and results read from Redis): each check names the
 * field, what was expected and what came in, and throws a {@link DataFormatError}.
 */
import { DataFormatError } from '@umq/core';

/** A check of one field's value; throws on a bad value. */
export type FieldCheck = (value: unknown, path: string) => void;

/**
 * A checker whose errors start with `what` (e.g. 'invalid run payload').
 *
 * @param what the subject of every message.
 * @example
 * ```ts
 * const c = checker('invalid run payload');
 * c.object(json, 'payload', { seed: c.int(0) }, ['seed']);
 * ```
 */
export function checker(what: string) {
  const fail = (path: string, message: string): never => {
    throw new DataFormatError(`${what}: ${path} ${message}`);
  };
  const shown = (v: unknown): string => {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  };
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const c = {
    fail,
    isRecord,
    /** An object with only `fields` (each checked) and every `required` one present. */
    object(value: unknown, path: string, fields: Record<string, FieldCheck>, required: string[] = []): Record<string, unknown> {
      if (!isRecord(value)) fail(path, `must be an object, got ${shown(value)}`);
      const o = value as Record<string, unknown>;
      for (const key of Object.keys(o)) {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) fail(`${path}.${key}`, `is not a known field (known: ${Object.keys(fields).join(', ')})`);
      }
      for (const key of required) if (o[key] === undefined) fail(`${path}.${key}`, 'is missing');
      for (const [key, check] of Object.entries(fields)) if (o[key] !== undefined) check(o[key], `${path}.${key}`);
      return o;
    },
    int: (min = -Infinity, max = Infinity): FieldCheck => (v, path) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(path, `must be an integer in [${min}, ${max}], got ${shown(v)}`);
    },
    num: (min = -Infinity, max = Infinity): FieldCheck => (v, path) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(path, `must be a number in [${min}, ${max}], got ${shown(v)}`);
    },
    str: (pattern: RegExp = /^[\s\S]{0,4096}$/): FieldCheck => (v, path) => {
      if (typeof v !== 'string' || !pattern.test(v)) fail(path, `must be a string matching ${pattern}, got ${shown(v)}`);
    },
    bool: (): FieldCheck => (v, path) => {
      if (typeof v !== 'boolean') fail(path, `must be true or false, got ${shown(v)}`);
    },
    oneOf: (values: readonly (string | number | boolean | null)[]): FieldCheck => (v, path) => {
      if (!values.includes(v as string)) fail(path, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${shown(v)}`);
    },
    nullOr: (check: FieldCheck): FieldCheck => (v, path) => {
      if (v !== null) check(v, path);
    },
    either: (a: FieldCheck, b: FieldCheck): FieldCheck => (v, path) => {
      try {
        a(v, path);
      } catch {
        b(v, path);
      }
    },
    /** Plain JSON (objects, arrays, strings, finite numbers, booleans, null), at most `depth` levels and `size` entries. */
    json: (depth = 4, size = 10_000): FieldCheck => {
      const walk = (v: unknown, path: string, level: number): void => {
        if (v === null || typeof v === 'boolean' || typeof v === 'string') return;
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) fail(path, `must be a finite number, got ${shown(v)}`);
          return;
        }
        if (level >= depth) fail(path, `nests deeper than ${depth} levels`);
        if (Array.isArray(v)) {
          if (v.length > size) fail(path, `has ${v.length} entries, at most ${size} allowed`);
          v.forEach((x, i) => walk(x, `${path}[${i}]`, level + 1));
          return;
        }
        if (!isRecord(v)) fail(path, `is not JSON: ${shown(v)}`);
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.length > size) fail(path, `has ${entries.length} entries, at most ${size} allowed`);
        for (const [k, x] of entries) walk(x, `${path}.${k}`, level + 1);
      };
      return (v, path) => walk(v, path, 0);
    },
  };
  return c;
}
