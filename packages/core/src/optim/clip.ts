/**
 * Gradient clipping by the global L2 norm, with the semantics of PyTorch 1.13
 * `torch.nn.utils.clip_grad_norm_` (norm_type 2).
 */
import { tf } from '../tf';
import { NumericError, OptionError } from '../errors';

/** Options of {@link clipByGlobalNorm}. */
export interface ClipOptions {
  /**
   * Throw {@link NumericError} when the total norm is NaN or infinite instead of returning
   * gradients scaled by NaN. Default false (PyTorch's `error_if_nonfinite` default).
   */
  errorIfNonFinite?: boolean;
}

/** What {@link clipByGlobalNorm} returns; `grads` has the same form (map or array) as its input. */
export interface ClipResult<G extends tf.NamedTensorMap | tf.Tensor[]> {
  /** The clipped gradients: new tensors owned by the caller (the inputs are left untouched). */
  grads: G;
  /** The global L2 norm of the gradients before clipping, √(Σ‖g‖²). */
  norm: number;
  /** The factor every gradient was multiplied by: min(1, maxNorm / (norm + 1e-6)). */
  scale: number;
}

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm`, as PyTorch's
 * `clip_grad_norm_`: `scale = maxNorm / (norm + 1e-6)`, applied only when it is below 1.
 *
 * @param grads gradients by variable name (as `tf.variableGrads` returns them) or an array.
 * @param maxNorm the largest allowed global norm, > 0.
 * @returns new clipped gradient tensors (same keys or order), the pre-clip norm, and the scale.
 *
 * @example
 * ```ts
 * const { value, grads } = tf.variableGrads(lossFn);
 * const clipped = clipByGlobalNorm(grads, 1.0);
 * optimizer.applyGradients(clipped.grads);
 * tf.dispose([value, grads, clipped.grads]);
 * ```
 */
export function clipByGlobalNorm<G extends tf.NamedTensorMap | tf.Tensor[]>(grads: G, maxNorm: number, options: ClipOptions = {}): ClipResult<G> {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new OptionError(`clipByGlobalNorm: maxNorm must be a finite number > 0, got ${String(maxNorm)}: pass e.g. 1.0, or skip clipping`);
  }
  const list: tf.Tensor[] = Array.isArray(grads) ? grads : Object.values(grads);
  const norm = list.length === 0 ? 0 : tf.tidy(() => normOf(list.map((g) => tf.sum(tf.square(tf.cast(g, 'float32'))))));
  if (!Number.isFinite(norm) && options.errorIfNonFinite) {
    throw new NumericError(`clipByGlobalNorm: the total gradient norm is ${norm}: the loss diverged or an input holds NaN/Inf; lower the learning rate or check the batch`);
  }
  const scale = clipScale(norm, maxNorm);
  return { grads: scaleGradients(grads, scale), norm, scale };
}

/** √(Σ squared) over float32 scalars, summed in order (the one place the global norm is formed). */
function normOf(squared: tf.Tensor[]): number {
  return tf.sqrt(tf.addN(squared)).dataSync()[0];
}

/**
 * Σg² of each gradient (float32), in order: the pieces of a global norm whose gradients live in
 * different places (e.g. worker threads). {@link globalNorm} of all pieces, in the order
 * {@link clipByGlobalNorm} would see the gradients, gives its norm bit for bit.
 *
 * @example
 * ```ts
 * const pieces = squaredNorms(Object.values(grads)); // Float32Array, one per gradient
 * ```
 */
export function squaredNorms(grads: tf.Tensor[]): Float32Array {
  if (grads.length === 0) return new Float32Array(0);
  return tf.tidy(() => tf.stack(grads.map((g) => tf.sum(tf.square(tf.cast(g, 'float32'))))).dataSync() as Float32Array);
}

/**
 * The global L2 norm from per-gradient squared norms ({@link squaredNorms}), formed exactly as
 * {@link clipByGlobalNorm} forms it (float32, summed in the given order).
 *
 * @example
 * ```ts
 * const norm = globalNorm([...squaredNorms(headGrads), ...piecesFromWorkers]);
 * const clipped = scaleGradients(headGrads, clipScale(norm, 1.0));
 * ```
 */
export function globalNorm(squared: ArrayLike<number>): number {
  if (squared.length === 0) return 0;
  return tf.tidy(() => normOf(Array.from(squared, (x) => tf.scalar(x, 'float32'))));
}

/**
 * The factor {@link clipByGlobalNorm} multiplies every gradient by for a global norm `norm`:
 * `min(1, maxNorm / (norm + 1e-6))` (PyTorch's `clip_grad_norm_`).
 *
 * @example
 * ```ts
 * clipScale(13, 1); // 1 / (13 + 1e-6)
 * clipScale(0.5, 1); // 1
 * ```
 */
export function clipScale(norm: number, maxNorm: number): number {
  return Math.min(1, maxNorm / (norm + 1e-6));
}

/**
 * New gradient tensors multiplied by `scale` (from {@link clipScale}) when it is below 1 or NaN,
 * copies otherwise; same form (map or array) as the input, which is left untouched.
 *
 * @example
 * ```ts
 * const clipped = scaleGradients(grads, clipScale(norm, 1.0));
 * optimizer.applyGradients(clipped);
 * tf.dispose(Object.values(clipped));
 * ```
 */
export function scaleGradients<G extends tf.NamedTensorMap | tf.Tensor[]>(grads: G, scale: number): G {
  const apply = (g: tf.Tensor): tf.Tensor => (scale < 1 || Number.isNaN(scale) ? tf.mul(g, scale) : tf.clone(g));
  const out = Array.isArray(grads)
    ? grads.map(apply)
    : Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, apply(g)]));
  return out as G;
}
