/**
 * Saving tensors for the backward pass without a kernel call and a tape node each.
 *
 * While recording gradients, the tfjs engine keeps every tensor a kernel saves for its backward
 * pass through `engine.clone`: an `Identity` kernel call (with the shared Identity of
 * {@link installSharedIdentity}, a new tensor on the same data) plus a tape node linking the clone
 * to the original. That node matters only for gradients of gradients, where the backward pass is
 * itself recorded; in a first-order `tf.grads` / `tf.variableGrads` it is walked and filtered out
 * again. A UMQ training step saved about 540 tensors this way (a third of its kernel calls).
 *
 * Here `engine.clone` makes the same tensor (the same data, its reference count raised) directly
 * and adds no tape node when exactly one gradient is being recorded; under nested gradient
 * recording (`tf.grad` inside `tf.grad`) it calls the stock clone, so higher-order gradients are
 * unchanged.
 */
import { tf } from '../tf';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

interface EngineInternals {
  clone(x: tf.Tensor): tf.Tensor;
  state: { gradientDepth: number; tensorInfo: Map<tf.DataId, { backend: Partial<RefCountingBackend> }> };
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
}

let stockClone: ((x: tf.Tensor) => tf.Tensor) | null = null;

/** How many gradient recordings are active (tfjs' engine state): 0 outside `tf.grad` and kin, 2+ when nested. */
export function gradientDepth(): number {
  return (tf.engine() as unknown as EngineInternals).state.gradientDepth;
}

/**
 * A new tensor on `t`'s data (its reference count raised), without a kernel call: what a
 * reshape to the same shape gives, minus tfjs' op dispatch. While a gradient is being recorded
 * (the new tensor must then be linked to `t` on the tape) and on backends without reference
 * counts it is `tf.reshape(t, t.shape)`.
 *
 * @example
 * ```ts
 * const x = tf.tensor1d([1, 2]);
 * const y = shareData(x);
 * x.dispose(); // y keeps the values [1, 2]
 * ```
 */
export function shareData(t: tf.Tensor): tf.Tensor {
  return lightReshape(t, t.shape);
}

/** Backends whose Reshape kernel only shares the data under a new shape. */
const RELABEL_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * `tf.reshape(t, shape)` without tfjs' op dispatch where a reshape only relabels the data (the
 * wasm and cpu backends) and no gradient is being recorded; else `tf.reshape`. For gradient
 * functions, which run many reshapes outside recording.
 *
 * @example
 * ```ts
 * const y = lightReshape(tf.tensor1d([1, 2, 3, 4]), [2, 2]); // [[1, 2], [3, 4]]
 * ```
 */
export function lightReshape(t: tf.Tensor, shape: number[]): tf.Tensor {
  const engine = tf.engine() as unknown as EngineInternals;
  const relabels = tf.util.arraysEqual(shape, t.shape) || RELABEL_BACKENDS.has(tf.getBackend());
  const backend = relabels && gradientDepth() === 0 && t.dtype !== 'string' ? engine.state.tensorInfo.get(t.dataId)?.backend : undefined;
  if (!backend || typeof backend.incRef !== 'function' || shape.reduce((p, d) => p * d, 1) !== t.size) return tf.reshape(t, shape);
  backend.incRef(t.dataId);
  return engine.makeTensorFromTensorInfo({ dataId: t.dataId, shape: shape.slice(), dtype: t.dtype });
}

/**
 * Installs the light save on tfjs' engine (idempotent; `initEngine` calls it). Returns whether
 * it is installed.
 *
 * @example
 * ```ts
 * installLightSave(); // then tf.variableGrads(...) saves tensors without Identity kernels
 * ```
 */
export function installLightSave(): boolean {
  const engine = tf.engine() as unknown as EngineInternals;
  if (stockClone) return true;
  if (typeof engine.clone !== 'function' || typeof engine.makeTensorFromTensorInfo !== 'function' || !engine.state) return false;
  const stock = engine.clone;
  stockClone = stock;
  engine.clone = function lightClone(this: EngineInternals, x: tf.Tensor): tf.Tensor {
    const backend = this.state.gradientDepth === 1 && x.dtype !== 'string' ? this.state.tensorInfo.get(x.dataId)?.backend : undefined;
    if (!backend || typeof backend.incRef !== 'function') return stock.call(this, x);
    backend.incRef(x.dataId);
    return this.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype });
  };
  return true;
}

/**
 * Restores tfjs' own `engine.clone` (for comparisons and tests). Returns whether the light save was installed.
 *
 * @example
 * ```ts
 * uninstallLightSave(); // the stock clone: an Identity kernel and a tape node per saved tensor
 * ```
 */
export function uninstallLightSave(): boolean {
  if (!stockClone) return false;
  (tf.engine() as unknown as EngineInternals).clone = stockClone;
  stockClone = null;
  return true;
}
