/**
 * Boundary checks shared by this package's functions (internal, not exported).
 */
import { tf, ShapeError } from '@umq/core';

/** Throws {@link ShapeError} unless `x` has exactly the shape of `ref` (named `u`). */
export function checkSameShape(fn: string, name: string, x: tf.Tensor, ref: tf.Tensor): void {
  if (x.rank !== ref.rank || x.shape.some((n, i) => n !== ref.shape[i])) {
    throw new ShapeError(`${fn}: \`${name}\` has shape [${x.shape.join(', ')}], expected [${ref.shape.join(', ')}] (the shape of \`u\`): pass tensors of the same modalities, rows and width`);
  }
}
