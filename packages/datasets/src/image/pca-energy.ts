/**
 * Image degradation by PCA energy (MultiBench's AV-MNIST images: keep a fraction of the
 * principal-component energy, drop the rest): fit the principal components on training rows,
 * keep the fewest components whose explained variance exceeds the fraction, and reconstruct
 * every row from them, as scikit-learn's `PCA(n_components=fraction).fit(train)` followed by
 * `inverse_transform(transform(x))`. No `node:` import.
 */
import { OptionError, ShapeError, assertNumberInRange } from '@umq/core';
import { symmetricEigen } from '../linalg/symmetric-eigen';

/** Principal components kept by {@link fitPcaEnergy}. */
export interface PcaEnergyFit {
  /** Feature width D. */
  dim: number;
  /** Column means of the training rows `[D]`. */
  mean: Float64Array;
  /** Components kept k. */
  components: number;
  /** Kept principal axes, row-major `[k, D]` (unit vectors). */
  axes: Float64Array;
  /** Fraction of the training variance the kept components explain (> the requested fraction, or 1). */
  explained: number;
}

/**
 * Fits the principal components of training rows and keeps the fewest whose cumulative
 * explained-variance ratio exceeds `fraction` (scikit-learn's rule for a float `n_components`:
 * `searchsorted(cumsum, fraction, side='right') + 1`); `fraction = 1` keeps every component
 * with non-zero variance (above 1e-12 of the largest).
 *
 * @param rows - Training rows, row-major `[n, dim]`.
 * @param n - Number of rows (>= 2).
 * @param dim - Row width.
 * @param fraction - Energy kept, in (0, 1].
 * @throws ShapeError when `rows` is not `n * dim` long; OptionError for a bad fraction or fewer than 2 rows.
 * @example
 * ```ts
 * const fit = fitPcaEnergy(trainImages, 2000, 784, 0.25);
 * const blurred = applyPcaEnergy(allImages, 3000, fit);
 * ```
 */
export function fitPcaEnergy(rows: ArrayLike<number>, n: number, dim: number, fraction: number): PcaEnergyFit {
  if (rows.length !== n * dim) throw new ShapeError(`fitPcaEnergy: rows has ${rows.length} values, expected n*dim = ${n}*${dim}`);
  if (n < 2) throw new OptionError(`fitPcaEnergy: needs at least 2 training rows, got ${n}`);
  assertNumberInRange('fraction', fraction, Number.MIN_VALUE, 1, 'the fraction of PCA energy kept lies in (0, 1]');
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] = mean[j]! + rows[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j] = mean[j]! / n;
  // Covariance = (sum_i x_i x_i^T - n mean mean^T) / (n - 1), the sum over the non-zero pixels
  // of each row only (digit images are ~80% zeros); upper triangle, then mirrored. Float64.
  const cov = new Float64Array(dim * dim);
  const nzIdx = new Int32Array(dim);
  const nzVal = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    let nz = 0;
    for (let j = 0; j < dim; j++) {
      const v = rows[i * dim + j]!;
      if (v !== 0) {
        nzIdx[nz] = j;
        nzVal[nz++] = v;
      }
    }
    for (let p = 0; p < nz; p++) {
      const row = nzIdx[p]! * dim;
      const va = nzVal[p]!;
      for (let q = p; q < nz; q++) cov[row + nzIdx[q]!] = cov[row + nzIdx[q]!]! + va * nzVal[q]!;
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = (cov[a * dim + b]! - n * mean[a]! * mean[b]!) / (n - 1);
      cov[a * dim + b] = v;
      cov[b * dim + a] = v;
    }
  }
  const { values, vectors } = symmetricEigen(cov, dim);
  let total = 0;
  for (const v of values) total += Math.max(0, v);
  // Eigenvalues below 1e-12 of the largest are rounding noise of zero variance: never kept.
  const floor = 1e-12 * Math.max(0, values[0] ?? 0);
  let k = 0;
  let cum = 0;
  if (total > 0) {
    while (k < dim && cum / total <= fraction && values[k]! > floor) cum += values[k++]!;
  }
  const axes = new Float64Array(k * dim);
  for (let p = 0; p < k; p++) for (let j = 0; j < dim; j++) axes[p * dim + j] = vectors[j * dim + p]!;
  return { dim, mean, components: k, axes, explained: total > 0 ? cum / total : 1 };
}

/**
 * Reconstructs rows from the kept components: `mean + sum_p ((x - mean) . a_p) a_p`.
 *
 * @param rows - Rows to degrade, row-major `[n, fit.dim]` (not modified).
 * @param n - Number of rows.
 * @param fit - From {@link fitPcaEnergy} (its `dim`, `mean`, `axes` and `components`).
 * @returns New rows, float32.
 * @example
 * ```ts
 * const x2 = applyPcaEnergy(images, images.length / 784, fitPcaEnergy(train, nTrain, 784, 0.3));
 * ```
 */
export function applyPcaEnergy(rows: ArrayLike<number>, n: number, fit: Pick<PcaEnergyFit, 'dim' | 'mean' | 'axes' | 'components'>): Float32Array {
  const { dim, mean, axes, components: k } = fit;
  if (rows.length !== n * dim) throw new ShapeError(`applyPcaEnergy: rows has ${rows.length} values, expected n*dim = ${n}*${dim}`);
  const out = new Float32Array(n * dim);
  const c = new Float64Array(dim);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) c[j] = rows[i * dim + j]! - mean[j]!;
    for (let p = 0; p < k; p++) {
      let s = 0;
      const o = p * dim;
      for (let j = 0; j < dim; j++) s += c[j]! * axes[o + j]!;
      z[p] = s;
    }
    for (let j = 0; j < dim; j++) {
      let s = mean[j]!;
      for (let p = 0; p < k; p++) s += z[p]! * axes[p * dim + j]!;
      out[i * dim + j] = s;
    }
  }
  return out;
}
