/**
 * Images as sequences of non-overlapping square patches (a ViT-style tokenisation), so an image
 * can enter a sequence encoder. No `node:` import.
 */
import { OptionError } from '@umq/core';

/**
 * Cuts row-major images `[n, height, width]` into `(height/p) * (width/p)` patches of `p * p`
 * pixels each, patches in row-major order, pixels row-major inside a patch.
 *
 * @param pixels - `n * height * width` values.
 * @param n - Images.
 * @param height - Image height.
 * @param width - Image width.
 * @param p - Patch side; must divide height and width.
 * @returns `[n, steps, p*p]` values and `steps`.
 * @throws OptionError when `p` does not divide the image.
 * @example
 * ```ts
 * const { values, steps } = toPatches(mnistPixels, 1000, 28, 28, 7); // steps 16, 49 values each
 * ```
 */
export function toPatches(
  pixels: ArrayLike<number>,
  n: number,
  height: number,
  width: number,
  p: number,
): {
  /** Patches, row-major `[n, steps, p*p]`. */
  values: Float32Array;
  /** Patches per image. */
  steps: number;
} {
  if (!Number.isInteger(p) || p < 1 || height % p !== 0 || width % p !== 0) {
    throw new OptionError(`patchSize ${p} must be a positive integer dividing the image size ${height} x ${width}`);
  }
  const rows = height / p;
  const cols = width / p;
  const steps = rows * cols;
  const values = new Float32Array(n * height * width);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const base = i * height * width;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        for (let y = 0; y < p; y++) {
          const src = base + (r * p + y) * width + c * p;
          for (let x = 0; x < p; x++) values[o++] = pixels[src + x]!;
        }
      }
    }
  }
  return { values, steps };
}
