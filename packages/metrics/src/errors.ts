/**
 * The one error class of `@umq/metrics`. The package has no dependencies (it may not import
 * `@umq/core`), so it defines its own named error with a stable code.
 */

/**
 * Bad input to a metric: empty arrays, length mismatch, NaN or infinite values (the message
 * names the argument and the index), labels outside the allowed set, non-increasing rates.
 * Branch on `err.code === 'E_METRIC_INPUT'` rather than on the message.
 *
 * @example
 * ```ts
 * import { pearson, MetricsError } from '@umq/metrics';
 * try {
 *   pearson([1, 2], [1, 2, 3]);
 * } catch (e) {
 *   if (e instanceof MetricsError) console.log(e.code); // 'E_METRIC_INPUT'
 * }
 * ```
 */
export class MetricsError extends Error {
  /** Stable machine-readable code, always `'E_METRIC_INPUT'`. */
  readonly code = 'E_METRIC_INPUT' as const;

  /** @param message what was expected, what came in, and how to fix it. */
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}
