/**
 * Copy-free `Identity` and same-dtype `Cast` kernels for tfjs' wasm backend.
 *
 * While recording gradients, the tfjs engine clones every tensor a kernel saves for its
 * backward pass (`saveTensorsForBackwardMode`: `keep(clone(t))`), and `tf.clone` runs the
 * `Identity` kernel. The cpu backend's Identity shares the data (a reference count); the wasm
 * backend's copies it, so a UMQ training step copied about 970 tensors (tens of MB). Tensors
 * are immutable in tfjs (a variable's `assign` swaps its data, it never writes into it), so
 * sharing is what the cpu backend and the wasm backend's own Reshape already do. tfjs' gradient
 * functions also cast float32 tensors to float32 (Multiply's gradient casts both operands, ReLU's
 * its step): the wasm `Cast` copies those too; here a cast to the tensor's own dtype shares.
 *
 * The same `Cast` also mends tfjs' wasm cast to `bool` (tfjs 4.22), which narrows the value to a
 * byte instead of comparing it with zero: `tf.cast([1, -2, 256], 'bool')` gave 1, 254, 0. Here a
 * cast of an int32 or float32 tensor to bool is `x != 0` (NaN gives true), as on tfjs' cpu backend.
 */
import { tf } from '../tf';
import type { HeapBackend } from './backend-heap';

interface RefCountingBackend extends HeapBackend {
  incRef(dataId: tf.DataId): void;
}

/** `x != 0` as a bool tensor (1 or 0 per entry), computed on the wasm heap. */
function castToBool(x: tf.TensorInfo, backend: RefCountingBackend): tf.TensorInfo {
  const out = backend.makeOutput(x.shape, 'bool');
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
  return out;
}

let installed = false;

/**
 * Replaces the wasm backend's `Identity` kernel with one that shares its input's data (string
 * tensors keep the stock kernel), and its `Cast` with one that shares when the dtype does not
 * change (other casts keep the stock kernel). Idempotent; called by `initEngine` when it selects
 * wasm. Returns whether the kernels are (now) installed.
 */
export function installSharedIdentity(): boolean {
  if (installed) return true;
  const stock = tf.getKernel('Identity', 'wasm');
  const stockCast = tf.getKernel('Cast', 'wasm');
  if (!stock || !stockCast) return false;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: ((args: { inputs: { x: tf.TensorInfo }; backend: RefCountingBackend }) => {
      const { x } = args.inputs;
      if (x.dtype === 'string') return (stock.kernelFunc as (a: unknown) => tf.TensorInfo)(args);
      args.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }) as unknown as tf.KernelFunc,
  });
  tf.unregisterKernel('Cast', 'wasm');
  tf.registerKernel({
    kernelName: 'Cast',
    backendName: 'wasm',
    kernelFunc: ((args: { inputs: { x: tf.TensorInfo }; attrs: { dtype: tf.DataType }; backend: RefCountingBackend }) => {
      const { x } = args.inputs;
      if (args.attrs.dtype === 'bool' && (x.dtype === 'int32' || x.dtype === 'float32')) return castToBool(x, args.backend);
      if (x.dtype !== args.attrs.dtype || x.dtype === 'string') return (stockCast.kernelFunc as (a: unknown) => tf.TensorInfo)(args);
      args.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }) as unknown as tf.KernelFunc,
  });
  installed = true;
  return true;
}
