/**
 * `Slice` and `SplitV` kernels for tfjs' wasm backend that read their input in place.
 *
 * The stock wasm `Slice` starts with `backend.readSync(x)`, which copies the whole input out of the
 * backend's memory, and then copies the slice from that copy; `SplitV` runs it once per part, so
 * splitting a tensor into n parts copies it n + 1 times. An attention layer's `[3200, 300]`
 * projection split into Q, K, V took 1.4-13 ms (the garbage collection after the copies varies),
 * here 0.41-0.77 ms; a batch-1 `[1, 300]` split 6-20 µs, here 4 µs (tools/bench/core/wasm-slice.ts).
 * Here the input is read as a view of the backend's memory and only the sliced runs are copied:
 * the same values, every dtype but string (strings keep the stock kernels). The gradients are
 * tfjs' own (a Slice's is a Pad, a SplitV's a Concat), unchanged.
 */
import { tf } from '../tf';
import type { HeapBackend } from './backend-heap';

type KernelArgs<A> = { inputs: { x: tf.TensorInfo }; attrs: A; backend: HeapBackend };

/**
 * Copies the box `begin .. begin + size` of `x` (of `shape`, row-major) into `out`. The trailing
 * axes the box covers whole are merged into one contiguous run, so the inner copy is a
 * `TypedArray.set` of the longest run the layout allows (a loop for runs under 16 entries).
 */
export function copyBox(x: tf.TypedArray, shape: number[], begin: number[], size: number[], out: tf.TypedArray): void {
  const rank = shape.length;
  if (out.length === 0) return;
  // k: the axis whose run is copied; every axis after it is taken whole
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  const strides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const run = rank === 0 ? 1 : size[k] * strides[k];
  let src = 0;
  for (let i = 0; i < rank; i++) src += begin[i] * strides[i];
  const idx = new Array<number>(Math.max(k, 0)).fill(0);
  for (let o = 0; o < out.length; o += run) {
    if (run < 16) for (let c = 0; c < run; c++) out[o + c] = x[src + c];
    else out.set(x.subarray(src, src + run), o);
    // odometer over the axes before k
    for (let d = k - 1; d >= 0; d--) {
      src += strides[d];
      if (++idx[d] < size[d]) break;
      src -= strides[d] * size[d];
      idx[d] = 0;
    }
  }
}

function sliceInPlace(x: tf.TensorInfo, begin: number[], size: number[], backend: HeapBackend): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  // views after the allocation: making the output may grow (and so move) the backend's memory
  copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

let stock: { slice: tf.KernelConfig; split: tf.KernelConfig } | null = null;

/**
 * Replaces the wasm backend's `Slice` and `SplitV` kernels with ones that read their input in place
 * (string tensors keep the stock kernels). Idempotent; called by `initEngine` when it selects
 * wasm. Returns whether the kernels are (now) installed (false when the wasm backend is not
 * registered).
 *
 * @example
 * ```ts
 * await initEngine({ engine: 'wasm' }); // installs them
 * uninstallInPlaceSlices(); // tfjs' stock kernels, e.g. for an A/B timing
 * installInPlaceSlices();
 * ```
 */
export function installInPlaceSlices(): boolean {
  if (stock) return true;
  const stockSlice = tf.getKernel('Slice', 'wasm');
  const stockSplit = tf.getKernel('SplitV', 'wasm');
  if (!stockSlice || !stockSplit) return false;
  stock = { slice: stockSlice, split: stockSplit };
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs<{ begin: number | number[]; size: number | number[] }>) => {
      const { x } = args.inputs;
      if (x.dtype === 'string') return (stockSlice.kernelFunc as (a: unknown) => tf.TensorInfo)(args);
      const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs.begin, args.attrs.size);
      return sliceInPlace(x, begin, size, args.backend);
    }) as unknown as tf.KernelFunc,
  });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({
    kernelName: 'SplitV',
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs<{ numOrSizeSplits: number | number[]; axis: number }>) => {
      const { x } = args.inputs;
      if (x.dtype === 'string') return (stockSplit.kernelFunc as (a: unknown) => tf.TensorInfo[])(args);
      const axis = tf.util.parseAxisParam(args.attrs.axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits, axis);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = x.shape.slice();
        size[axis] = s;
        const part = sliceInPlace(x, begin, size, args.backend);
        begin[axis] += s;
        return part;
      });
    }) as unknown as tf.KernelFunc,
  });
  return true;
}

/**
 * Puts tfjs' stock wasm `Slice` and `SplitV` kernels back (for A/B measurements). Returns whether
 * the in-place kernels were installed.
 *
 * @example
 * ```ts
 * uninstallInPlaceSlices(); // stock kernels until installInPlaceSlices() or the next initEngine
 * ```
 */
export function uninstallInPlaceSlices(): boolean {
  if (!stock) return false;
  for (const k of [stock.slice, stock.split]) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(k);
  }
  stock = null;
  return true;
}
