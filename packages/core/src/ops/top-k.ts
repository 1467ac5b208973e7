/**
 * `topKMask`: which entries of each row are among its k largest, with zero gradient (tfjs'
 * `topk` has no gradient). Use it to build differentiable top-k weights: `mask * g`.
 */
import { tf } from '../tf';
import { OptionError } from '../errors';

/** Result of {@link topKMask}. */
export interface TopKResult {
  /** 1 where an entry is among its row's k largest, else 0; same shape as the input. Constant. */
  mask: tf.Tensor;
  /** Indices of the k largest per row, largest first: `[..., k]` int32. */
  indices: tf.Tensor;
}

/**
 * Top-k selection mask over the last axis (ties broken by the lower index, as `tf.topk`).
 *
 * @example
 * ```ts
 * const { mask, indices } = topKMask(tf.tensor2d([[0.1, 0.5, 0.4]]), 2); // mask [[0, 1, 1]]
 * ```
 */
export function topKMask(x: tf.Tensor, k: number): TopKResult {
  const n = x.shape[x.rank - 1];
  if (!Number.isInteger(k) || k < 1 || k > n) throw new OptionError(`topKMask: k must be an integer in [1, ${n}], got ${k}`);
  return tf.tidy(() => {
    const mask = maskOp(k)(x);
    const { indices } = tf.topk(x, k, true);
    return { mask, indices };
  });
}

const maskOps = new Map<number, (x: tf.Tensor) => tf.Tensor>();

/**
 * The mask as one custom op with a zero gradient: tfjs has no TopK gradient, so a mask built
 * from `tf.topk` in the open would make any gradient through `x` throw.
 */
function maskOp(k: number): (x: tf.Tensor) => tf.Tensor {
  let f = maskOps.get(k);
  if (!f) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    f = tf.customGrad(((x: tf.Tensor) => {
      const n = x.shape[x.rank - 1] as number;
      const { indices } = tf.topk(x, k, true);
      // wasm's OneHot kernel returns zeros for dtype float32 (tfjs 4.22): build int32, then cast.
      const value = tf.cast(tf.sum(tf.oneHot(indices, n), -2), 'float32');
      return { value, gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    }) as any) as unknown as (x: tf.Tensor) => tf.Tensor;
    maskOps.set(k, f);
  }
  return f;
}
