/** Boundary validation shared by the metrics (internal, not exported from the package). */
import { MetricsError } from './errors';

/** Numbers accepted by every metric: a plain array or any typed array. */
export type NumberArray = ArrayLike<number>;

/**
 * Copies `a` into a `number[]`, checking that it is a non-empty array of finite numbers.
 * `fn` and `name` go into the error message.
 */
export function finiteArray(fn: string, name: string, a: NumberArray): number[] {
  if (a == null || typeof a !== 'object' || typeof a.length !== 'number') {
    throw new MetricsError(`${fn}: \`${name}\` must be an array of numbers, got ${describe(a)}.`);
  }
  if (a.length === 0) {
    throw new MetricsError(`${fn}: \`${name}\` is empty; pass at least one value.`);
  }
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new MetricsError(
        `${fn}: \`${name}[${i}]\` is ${describe(v)}; every value must be a finite number ` +
          '(drop or impute that sample first).',
      );
    }
    out[i] = v;
  }
  return out;
}

/** Validates two arrays of the same length; returns them as `number[]`. */
export function pairOfArrays(
  fn: string,
  nameA: string,
  a: NumberArray,
  nameB: string,
  b: NumberArray,
): [number[], number[]] {
  const x = finiteArray(fn, nameA, a);
  const y = finiteArray(fn, nameB, b);
  if (x.length !== y.length) {
    throw new MetricsError(
      `${fn}: \`${nameA}\` has ${x.length} values but \`${nameB}\` has ${y.length}; ` +
        'they must be paired sample by sample.',
    );
  }
  return [x, y];
}

/** Checks that every value is 0 or 1. */
export function assertBinaryLabels(fn: string, name: string, a: number[]): void {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== 0 && a[i] !== 1) {
      throw new MetricsError(
        `${fn}: \`${name}[${i}]\` is ${a[i]}; binary labels must be 0 or 1 ` +
          '(map your positive class to 1).',
      );
    }
  }
}

/** Short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === 'object' ? `a ${(v as object).constructor?.name ?? 'object'}` : `${typeof v} ${String(v)}`;
}
