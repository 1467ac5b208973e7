/**
 * Plain-array containers shared by `@umq/datasets` (which fills them) and `@umq/corruptions`
 * (which corrupts them), so neither depends on the other.
 */

/**
 * One modality's features for N samples, row-major in a typed array: vectors are `[N, D]`
 * (`t = 1`), sequences `[N, T, D]` with a padding mask `[N, T]` (1 = valid step).
 *
 * @example
 * ```ts
 * const audio: ModalityArray = { values: new Float32Array(4 * 73), n: 4, t: 1, d: 73, mask: null };
 * ```
 */
export interface ModalityArray {
  /** Features, length `n * t * d`, row-major `[n, t, d]`. */
  values: Float32Array;
  /** Number of samples. */
  n: number;
  /** Time steps per sample (1 for vector inputs). */
  t: number;
  /** Feature width. */
  d: number;
  /** Padding mask, length `n * t` (1 = valid, 0 = padding); `null` when every step is valid. */
  mask: Uint8Array | null;
}
