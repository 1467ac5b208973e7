/** numpy-compatible rounding (internal helpers are exported for tests and for reports). */

/**
 * Rounds to the nearest integer with ties to even, exactly as `np.round(x)` / `np.rint`:
 * `roundHalfEven(2.5) === 2`, `roundHalfEven(-0.5) === 0`, `roundHalfEven(-1.5) === -2`.
 * JavaScript's `Math.round` rounds ties up (`Math.round(-2.5) === -2`,
 * `Math.round(2.5) === 3`) and would change Acc7 / Acc5.
 *
 * @param x a finite number
 * @example
 * ```ts
 * import { roundHalfEven } from '@umq/metrics';
 * [0.5, 1.5, 2.5, -2.5, 2.4999].map(roundHalfEven); // [0, 2, 2, -2, 2]
 * ```
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact: the fractional part of a double is representable
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Clamps `x` to `[lo, hi]` (`np.clip`).
 *
 * @example
 * ```ts
 * clip(3.4, -3, 3); // 3
 * clip(-0.2, -1, 1); // -0.2
 * ```
 */
export function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
