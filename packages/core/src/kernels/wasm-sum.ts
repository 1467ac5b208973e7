/**
 * A `Sum` kernel for tfjs' wasm backend that reduces a block of leading or middle axes without a
 * transpose.
 *
 * The stock wasm `Sum` moves the reduced axes last with a Transpose kernel before it adds, which
 * for a block of leading or middle axes (a bias gradient `[3, 64, 100]` -> `[3, 100]`, a masked mean
 * over the time steps of `[B, T, d]`) costs more than the additions: `[384, 384]` over axis 0 took
 * about 640 µs. Here such an input, viewed as `[A, N, C]` with the block as N, is summed as a
 * product with a row of ones per a in @umq/core's product kernel, whose one-row path streams the
 * input once with no packing: each sum runs over the block in order, one addition per entry, the
 * values of the stock kernel to the bit (tested). Float32 only; every other case (the last axes,
 * axes that are not one block, other dtypes, no SIMD kernel or `setSimdKernels('never')`) keeps the
 * stock kernel. These products count in `wasmGemmFlops()` like any other call of the kernel
 * (2·A·N·C each).
 */
import { tf } from '../tf';
import { wasmBatchGemm, wasmGemmAvailable } from './wasm-gemm';
import { readValues, tensorFromFill, type HeapBackend } from './backend-heap';
import { useSimdKernel } from './choice';

type SumArgs = { inputs: { x: tf.TensorInfo }; attrs: { axis: number | number[]; keepDims: boolean }; backend: HeapBackend };

let ones = new Float32Array(0);

/**
 * `[A, N, C]` for a sum of `shape` over `axes` when the axes are one block with kept axes of total
 * size at least 2 after it (and N > 0), else null.
 */
export function blockLayout(shape: number[], axes: number[]): [number, number, number] | null {
  if (axes.length === 0) return null;
  const sorted = axes.slice().sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (last - first + 1 !== sorted.length) return null;
  const size = (from: number, to: number): number => shape.slice(from, to).reduce((p, v) => p * v, 1);
  const [A, N, C] = [size(0, first), size(first, last + 1), size(last + 1, shape.length)];
  return C < 2 || N === 0 ? null : [A, N, C];
}

/** `out[a, c] = Σ_n x[a, n, c]` for `x` viewed as `[A, N, C]`, in the own product kernel. */
function sumBlockInto(x: Float32Array, [A, N, C]: [number, number, number], out: Float32Array): void {
  if (ones.length < A * N) ones = new Float32Array(A * N).fill(1);
  wasmBatchGemm(ones.subarray(0, A * N), x, A, 1, N, C, false, false, out);
}

/**
 * The sum of `t` (float32, on wasm) over `axes` (without keepDims) as the block-sum kernel computes
 * it, but without a kernel call (no trip through tfjs' dispatch): for the lean gradients'
 * reductions, which run outside gradient recording. Null where that kernel would hand over to the
 * stock one.
 *
 * @example
 * ```ts
 * const db = sumBlockOnHost(dy, [1]) ?? tf.sum(dy, [1]); // dy [3, 64, 100] -> [3, 100]
 * ```
 */
export function sumBlockOnHost(t: tf.Tensor, axes: number[]): tf.Tensor | null {
  if (tf.getBackend() !== 'wasm' || !useSimdKernel(t.dtype, wasmGemmAvailable)) return null;
  const layout = blockLayout(t.shape, axes);
  if (!layout) return null;
  return tensorFromFill(t.shape.filter((_, i) => !axes.includes(i)), (out) => sumBlockInto(readValues(t), layout, out));
}

let stock: tf.KernelConfig | null = null;

/**
 * Replaces the wasm backend's `Sum` kernel with one that sums a block of leading or middle axes of
 * a float32 tensor without a transpose (everything else goes to the stock kernel). Idempotent;
 * called by `initEngine` when it selects wasm. Returns whether the kernel is (now) installed.
 *
 * @example
 * ```ts
 * await initEngine({ engine: 'wasm' }); // installs it
 * uninstallBlockSums(); // tfjs' stock Sum, e.g. for an A/B timing
 * installBlockSums();
 * ```
 */
export function installBlockSums(): boolean {
  if (stock) return true;
  const original = tf.getKernel('Sum', 'wasm');
  if (!original) return false;
  stock = original;
  const run = original.kernelFunc as (a: unknown) => tf.TensorInfo;
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel({
    kernelName: 'Sum',
    backendName: 'wasm',
    kernelFunc: ((args: SumArgs) => {
      const { x } = args.inputs;
      if (!useSimdKernel(x.dtype, wasmGemmAvailable)) return run(args);
      const axes = tf.util.parseAxisParam(args.attrs.axis, x.shape);
      const layout = blockLayout(x.shape, axes);
      if (!layout) return run(args);
      const shape = args.attrs.keepDims ? x.shape.map((s, i) => (axes.includes(i) ? 1 : s)) : x.shape.filter((_, i) => !axes.includes(i));
      const out = args.backend.makeOutput(shape, 'float32');
      // views after the allocation: making the output may grow (and so move) the backend's memory
      sumBlockInto(args.backend.typedArrayFromHeap(x) as Float32Array, layout, args.backend.typedArrayFromHeap(out) as Float32Array);
      return out;
    }) as unknown as tf.KernelFunc,
  });
  return true;
}

/**
 * Puts tfjs' stock wasm `Sum` kernel back (for A/B measurements). Returns whether the block sums
 * were installed.
 *
 * @example
 * ```ts
 * uninstallBlockSums(); // the stock Sum until installBlockSums() or the next initEngine
 * ```
 */
export function uninstallBlockSums(): boolean {
  if (!stock) return false;
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel(stock);
  stock = null;
  return true;
}
