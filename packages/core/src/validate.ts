/**
 * Validation helpers for the boundary of every public function: each names the argument, says
 * what was expected and what came in, and (through `hint`) how to fix it.
 */
import { OptionError, ShapeError } from './errors';
import type { tf } from './tf';

function fmt(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(fmt).join(', ')}]`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function withHint(msg: string, hint?: string): string {
  return hint ? `${msg}: ${hint}` : msg;
}

/**
 * Throws {@link OptionError} unless `value` is a finite number in `[min, max]`.
 *
 * @example
 * ```ts
 * assertNumberInRange('noise.rate', 0.3, 0, 1); // ok
 * ```
 */
export function assertNumberInRange(name: string, value: unknown, min: number, max: number, hint?: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new OptionError(withHint(`\`${name}\` must be a finite number in [${min}, ${max}], got ${fmt(value)}`, hint));
  }
}

/**
 * Throws {@link OptionError} unless `value` is an integer `>= min`.
 *
 * @example
 * ```ts
 * assertInteger('batchSize', 64, 1);
 * ```
 */
export function assertInteger(name: string, value: unknown, min = 0, hint?: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new OptionError(withHint(`\`${name}\` must be an integer >= ${min}, got ${fmt(value)}`, hint));
  }
}

/**
 * Throws {@link OptionError} unless `value` is one of `allowed`.
 *
 * @example
 * ```ts
 * assertOneOf('fill', 'zeros', ['gaussian', 'zeros'] as const);
 * ```
 */
export function assertOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], hint?: string): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new OptionError(withHint(`\`${name}\` must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${fmt(value)}`, hint));
  }
}

/**
 * Throws {@link ShapeError} unless `shape` equals `expected`; `null` entries match any size.
 *
 * @example
 * ```ts
 * assertShape('x', [64, 100], [null, 100]);
 * ```
 */
export function assertShape(name: string, shape: readonly number[], expected: readonly (number | null)[], hint?: string): void {
  const ok = shape.length === expected.length && expected.every((e, i) => e === null || e === shape[i]);
  if (!ok) {
    const exp = `[${expected.map((e) => (e === null ? '*' : e)).join(', ')}]`;
    throw new ShapeError(withHint(`\`${name}\` must have shape ${exp}, got [${shape.join(', ')}]`, hint));
  }
}

/**
 * Throws {@link ShapeError} unless `shape` has rank `rank`.
 *
 * @example
 * ```ts
 * assertRank('x', [8, 50, 74], 3);
 * ```
 */
export function assertRank(name: string, shape: readonly number[], rank: number | readonly number[], hint?: string): void {
  const ranks = typeof rank === 'number' ? [rank] : rank;
  if (!ranks.includes(shape.length)) {
    throw new ShapeError(withHint(`\`${name}\` must have rank ${ranks.join(' or ')}, got rank ${shape.length} (shape [${shape.join(', ')}])`, hint));
  }
}

/**
 * Throws {@link ShapeError} unless `x` is stacked per-modality scores `[M, N]` (and, with
 * `like`, exactly `[like[0], like[1]]`); returns `[M, N]`. `fn` and `name` name the caller and
 * the argument in the message.
 *
 * @example
 * ```ts
 * const [M, N] = assertModalityScores('rankLoss', 'q', tf.zeros([3, 8])); // [3, 8]
 * ```
 */
export function assertModalityScores(fn: string, name: string, x: tf.Tensor, like?: readonly number[]): [number, number] {
  if (x.rank !== 2) {
    throw new ShapeError(`${fn}: \`${name}\` must be stacked per-modality scores [M, N], got [${x.shape.join(', ')}]: pass the estimator output (shape [M, N]) or tf.stack the per-modality [N] vectors`);
  }
  if (like && (x.shape[0] !== like[0] || x.shape[1] !== like[1])) {
    throw new ShapeError(`${fn}: \`${name}\` has shape [${x.shape.join(', ')}], expected [${like.join(', ')}] to match the other inputs: every input must cover the same modalities and rows`);
  }
  return [x.shape[0] as number, x.shape[1] as number];
}

/**
 * Throws {@link ShapeError} unless `x` is stacked per-modality representations `[M, N, d]` with
 * the given `M` and `d` (null: any size).
 *
 * @example
 * ```ts
 * assertModalityStack('QualityEstimator.call', 'u', tf.zeros([3, 8, 16]), 3, 16);
 * ```
 */
export function assertModalityStack(fn: string, name: string, x: tf.Tensor, M: number | null, d: number | null): void {
  if (x.rank !== 3 || (M !== null && x.shape[0] !== M) || (d !== null && x.shape[2] !== d)) {
    throw new ShapeError(`${fn}: \`${name}\` must be stacked representations [M=${M ?? '*'}, N, d=${d ?? '*'}], got [${x.shape.join(', ')}]: tf.stack the per-modality [N, d] tensors in modality order`);
  }
}
