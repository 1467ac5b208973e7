/**
 * Whether ops use @umq/core's own SIMD WebAssembly kernels (batched matMul, layer norm, the
 * AdamW step) or tfjs kernels.
 */
import { tf } from '../tf';
import { OptionError } from '../errors';
import { wasmGemmAvailable, wasmGemmUnavailableReason } from './wasm-gemm';
import { wasmLayerNormAvailable } from './wasm-layer-norm';
import { wasmAdamWAvailable } from './wasm-adamw';

/**
 * How ops with an own SIMD kernel ({@link batchMatMul}, {@link layerNorm}, {@link AdamW}'s step)
 * compute:
 * - `'auto'` (the default): the SIMD kernels on the wasm and cpu backends, where the runtime
 *   can compile them; tfjs kernels on other backends (tfjs-node, WebGL, WebGPU), where the
 *   data would have to leave the device.
 * - `'always'`: the SIMD kernels on every backend; {@link setSimdKernels} throws where they
 *   cannot compile. For tests and comparisons.
 * - `'never'`: tfjs kernels only (the route before the SIMD kernels existed), for comparisons.
 *
 * Results agree with the tfjs kernels to float rounding: sums run in another order.
 */
export type SimdKernelChoice = 'auto' | 'always' | 'never';

let choice: SimdKernelChoice = 'auto';

/**
 * Sets {@link SimdKernelChoice} for this thread; returns the previous choice.
 *
 * @throws {@link OptionError} for an unknown choice, or `'always'` where the kernels cannot run.
 *
 * @example
 * ```ts
 * const previous = setSimdKernels('never'); // tfjs kernels only
 * // ... measure ...
 * setSimdKernels(previous);
 * ```
 */
export function setSimdKernels(next: SimdKernelChoice): SimdKernelChoice {
  if (next !== 'auto' && next !== 'always' && next !== 'never') {
    throw new OptionError(`setSimdKernels: expected 'auto', 'always' or 'never', got ${JSON.stringify(next)}`);
  }
  if (next === 'always' && !(wasmGemmAvailable() && wasmLayerNormAvailable() && wasmAdamWAvailable())) {
    throw new OptionError(`setSimdKernels('always'): the SIMD kernels cannot run here (${wasmGemmUnavailableReason() ?? 'the layer-norm or AdamW module failed to compile'}); use 'auto' or 'never'`);
  }
  const previous = choice;
  choice = next;
  return previous;
}

/**
 * The current {@link SimdKernelChoice}.
 *
 * @example
 * ```ts
 * console.log(simdKernelChoice()); // 'auto' unless setSimdKernels changed it
 * ```
 */
export function simdKernelChoice(): SimdKernelChoice {
  return choice;
}

/**
 * Whether an op should take its SIMD kernel now: float32 data, and `'always'`, or `'auto'` on
 * the wasm or cpu backend with the module available (`available`).
 */
export function useSimdKernel(dtype: tf.DataType, available: () => boolean): boolean {
  if (dtype !== 'float32' || choice === 'never') return false;
  if (choice === 'always') return true;
  const backend = tf.getBackend();
  return (backend === 'wasm' || backend === 'cpu') && available();
}
