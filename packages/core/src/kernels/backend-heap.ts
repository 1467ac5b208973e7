/**
 * Host access to float32 tensors for @umq/core's own kernels without tfjs' intermediate copies.
 *
 * `t.dataSync()` on the wasm backend slices a copy out of the backend's heap, and `tf.tensor(values)`
 * copies the values back in: a kernel that runs in its own module then copies every operand twice on
 * the way in and its result twice on the way out. Here the operands are read as views of the
 * backend's heap and the result is written straight into a tensor the backend allocated, so each
 * value crosses once. On other backends (cpu) these fall back to `dataSync()` and `tf.tensor`.
 */
import { tf } from '../tf';
import { OptionError } from '../errors';

/**
 * The part of tfjs' wasm backend that @umq/core's own kernels use (its public kernel-author API):
 * a new output in the backend's memory, and a view of a tensor's memory (of the tensor's dtype).
 */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

function heapBackend(): HeapBackend | null {
  if (tf.getBackend() !== 'wasm') return null;
  const b = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function' ? (b as HeapBackend) : null;
}

/**
 * The float32 values of `t` for reading: on the wasm backend a view of the backend's heap (no
 * copy), valid only until tfjs allocates again (read it at once; never keep it or write to it);
 * elsewhere `t.dataSync()`. Throws {@link OptionError} for other dtypes.
 *
 * @example
 * ```ts
 * const x = tf.tensor1d([1, 2, 3]);
 * const sum = readValues(x).reduce((s, v) => s + v, 0); // 6, read before any other tfjs call
 * ```
 */
export function readValues(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new OptionError(`readValues: expected a float32 tensor, got ${t.dtype}: cast it with tf.cast(t, 'float32') first`);
  const b = heapBackend();
  if (!b) return t.dataSync() as Float32Array;
  return b.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: 'float32' }) as Float32Array;
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes into `out` (every entry; `out` starts
 * with arbitrary contents). On the wasm backend `out` is the new tensor's memory in the backend's
 * heap, so `fill` must not call tfjs (views taken with {@link readValues} inside `fill` are valid,
 * those taken before are not). The tensor is tracked like any op's result (tidy disposes it).
 *
 * @example
 * ```ts
 * const x = tf.tensor1d([1, 2, 3]);
 * const doubled = tensorFromFill([3], (out) => {
 *   const v = readValues(x);
 *   for (let i = 0; i < 3; i++) out[i] = 2 * v[i];
 * }); // [2, 4, 6]
 * ```
 */
export function tensorFromFill(shape: number[], fill: (out: Float32Array) => void): tf.Tensor {
  const b = heapBackend();
  if (!b) {
    const out = new Float32Array(shape.reduce((p, s) => p * s, 1));
    fill(out);
    return tf.tensor(out, shape, 'float32');
  }
  const info = b.makeOutput(shape, 'float32');
  try {
    fill(b.typedArrayFromHeap(info) as Float32Array);
  } catch (err) {
    tf.dispose(tf.engine().makeTensorFromTensorInfo(info));
    throw err;
  }
  return tf.engine().makeTensorFromTensorInfo(info);
}
