/**
 * Boundary checks shared by this package's functions (internal, not exported).
 */
import { tf, ShapeError } from '@umq/core';

/** Throws {@link ShapeError} unless `x` is `[M, N]` (rank 2); returns `[M, N]`. */
export function checkScores(fn: string, name: string, x: tf.Tensor, like?: readonly number[]): [number, number] {
  if (x.rank !== 2) {
    throw new ShapeError(`${fn}: \`${name}\` must be stacked per-modality scores [M, N], got [${x.shape.join(', ')}]: pass the estimator output (shape [M, N]) or tf.stack the per-modality [N] vectors`);
  }
  if (like && (x.shape[0] !== like[0] || x.shape[1] !== like[1])) {
    throw new ShapeError(`${fn}: \`${name}\` has shape [${x.shape.join(', ')}], expected [${like.join(', ')}] to match the other inputs: every input must cover the same modalities and rows`);
  }
  return [x.shape[0] as number, x.shape[1] as number];
}

/** Throws {@link ShapeError} unless `x` is `[M, N, d]` with the given sizes (null: any). */
export function checkStacked(fn: string, name: string, x: tf.Tensor, M: number | null, d: number | null): void {
  if (x.rank !== 3 || (M !== null && x.shape[0] !== M) || (d !== null && x.shape[2] !== d)) {
    throw new ShapeError(`${fn}: \`${name}\` must be stacked representations [M=${M ?? '*'}, N, d=${d ?? '*'}], got [${x.shape.join(', ')}]: tf.stack the per-modality [N, d] tensors in modality order`);
  }
}

/** Throws {@link ShapeError} unless `x` has exactly the shape of `ref` (named `u`). */
export function checkSameShape(fn: string, name: string, x: tf.Tensor, ref: tf.Tensor): void {
  if (x.rank !== ref.rank || x.shape.some((n, i) => n !== ref.shape[i])) {
    throw new ShapeError(`${fn}: \`${name}\` has shape [${x.shape.join(', ')}], expected [${ref.shape.join(', ')}] (the shape of \`u\`): pass tensors of the same modalities, rows and width`);
  }
}
