/**
 * A SIMD batched matrix product compiled to WebAssembly (packages/core/native/batch-gemm.c),
 * for many small products such as attention's `Q Kᵀ` and `P V`, where tfjs' wasm backend either
 * runs a scalar loop (rank-3 matMul) or pays an XNNPACK call, with a fresh operand packing, per
 * group. One call here runs every group: 4x8 register-blocked f32x4 tiles over panels packed
 * per group.
 */
import { SOURCE_SHA256, WASM_BASE64 } from './batch-gemm.wasm.generated';
import { SOURCE_SHA256 as RELAXED_SOURCE_SHA256, WASM_BASE64 as RELAXED_WASM_BASE64 } from './batch-gemm-relaxed.wasm.generated';
import { lazyKernelModule, layoutFloats, type KernelModuleExports } from './wasm-module';
import { OptionError, ShapeError } from '../errors';
import type { tensorFromFill } from './backend-heap';

interface GemmExports extends KernelModuleExports {
  batch_gemm: (a: number, b: number, c: number, g: number, n: number, k: number, m: number, ta: number, tb: number, scratch: number) => void;
}

/** The embedded modules' source hash (for the test that they were rebuilt after an edit). */
export const WASM_GEMM_SOURCE_SHA256 = SOURCE_SHA256;
/** The source hash the relaxed-SIMD build was made from (the same C file). */
export const WASM_GEMM_RELAXED_SOURCE_SHA256 = RELAXED_SOURCE_SHA256;

const plainModule = lazyKernelModule<GemmExports>(WASM_BASE64);
const relaxedModule = lazyKernelModule<GemmExports>(RELAXED_WASM_BASE64);

/**
 * Which build of the product kernel runs: `'relaxed-fma'` (each multiply-add one
 * `f32x4.relaxed_madd`: fused on CPUs with FMA; V8 enables relaxed SIMD by default from Node 22,
 * Node 20 with `--experimental-wasm-relaxed-simd`) or `'simd128'` (a product and an addition).
 */
export type GemmVariant = 'relaxed-fma' | 'simd128';

/**
 * `'auto'` (default): the relaxed-SIMD build where the runtime compiles it, else the plain one;
 * `'simd128'`: the plain build only (for comparisons, or bit-identical results across machines:
 * whether relaxed_madd fuses depends on the CPU).
 */
export type GemmVariantChoice = 'auto' | 'simd128';

let variantChoice: GemmVariantChoice = 'auto';

/**
 * Sets {@link GemmVariantChoice} for this thread; returns the previous choice.
 *
 * @example
 * ```ts
 * const previous = setGemmVariant('simd128'); // the plain build, as on Node 20
 * setGemmVariant(previous);
 * ```
 */
export function setGemmVariant(next: GemmVariantChoice): GemmVariantChoice {
  if (next !== 'auto' && next !== 'simd128') throw new OptionError(`setGemmVariant: expected 'auto' or 'simd128', got ${JSON.stringify(next)}`);
  const previous = variantChoice;
  variantChoice = next;
  return previous;
}

/**
 * The build of the product kernel that runs in this thread, or null when neither compiles.
 *
 * @example
 * ```ts
 * console.log(wasmGemmVariant()); // 'simd128' on Node 20, 'relaxed-fma' on Node 22+
 * ```
 */
export function wasmGemmVariant(): GemmVariant | null {
  if (variantChoice === 'auto' && relaxedModule.available()) return 'relaxed-fma';
  return plainModule.available() ? 'simd128' : null;
}

/**
 * Why the relaxed-SIMD build does not compile here (e.g. Node 20 without the flag), or null when it does.
 *
 * @example
 * ```ts
 * if (wasmGemmVariant() !== 'relaxed-fma') console.log(wasmGemmRelaxedUnavailableReason());
 * ```
 */
export function wasmGemmRelaxedUnavailableReason(): string | null {
  return relaxedModule.unavailableReason();
}

const gemmModule = {
  available: () => wasmGemmVariant() !== null,
  unavailableReason: () => plainModule.unavailableReason(),
  exports: (caller: string) => (wasmGemmVariant() === 'relaxed-fma' ? relaxedModule : plainModule).exports(caller),
};

/**
 * Whether the SIMD kernel can run in this thread (WebAssembly with SIMD, synchronous
 * compilation allowed). Compiles the module on the first call.
 *
 * @example
 * ```ts
 * console.log(wasmGemmAvailable()); // true on Node 20 and current browsers
 * ```
 */
export function wasmGemmAvailable(): boolean {
  return gemmModule.available();
}

let flops = 0;

/**
 * Floating-point operations (2 per multiply-add) the SIMD product kernel has executed in this
 * thread since the module loaded: for benchmarks that count FLOPs, since these products run
 * outside tfjs kernels (where a kernel-level counter does not see them).
 *
 * @example
 * ```ts
 * const before = wasmGemmFlops();
 * batchMatMul(tf.ones([2, 3, 4]), tf.ones([2, 4, 5]));
 * wasmGemmFlops() - before; // 240 where the SIMD kernel ran, else 0
 * ```
 */
export function wasmGemmFlops(): number {
  return flops;
}

/** Why the SIMD kernel cannot run here, or null when it can. */
export function wasmGemmUnavailableReason(): string | null {
  return gemmModule.unavailableReason();
}

/**
 * `C[g] = op(A[g]) @ op(B[g])` for `g < G` on host arrays, with the SIMD kernel.
 *
 * @param a - `G·n·k` values: `[G, n, k]`, or `[G, k, n]` when `transposeA`.
 * @param b - `G·k·m` values: `[G, k, m]`, or `[G, m, k]` when `transposeB`.
 * @param out - where to write the `G·n·m` results (e.g. a tensor's memory from {@link tensorFromFill}); a new array when omitted.
 * @returns `[G, n, m]` values: `out`, or a new array.
 * @throws EngineError when the kernel is unavailable ({@link wasmGemmAvailable}); ShapeError when sizes mismatch.
 *
 * @example
 * ```ts
 * // two groups of [1, 2] @ [2, 1]
 * const c = wasmBatchGemm(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2, 1, 2, 1, false, false);
 * console.log(Array.from(c)); // [17, 53]
 * ```
 */
export function wasmBatchGemm(a: Float32Array, b: Float32Array, g: number, n: number, k: number, m: number, transposeA: boolean, transposeB: boolean, out?: Float32Array): Float32Array {
  const ex = gemmModule.exports('wasmBatchGemm');
  if (a.length !== g * n * k || b.length !== g * k * m) {
    throw new ShapeError(`wasmBatchGemm: expected ${g * n * k} and ${g * k * m} values for G=${g}, n=${n}, k=${k}, m=${m}, got ${a.length} and ${b.length}`);
  }
  if (out && out.length !== g * n * m) throw new ShapeError(`wasmBatchGemm: \`out\` must hold G·n·m = ${g * n * m} values, got ${out.length}`);
  flops += 2 * g * n * k * m;
  const nPad = (n + 3) & ~3;
  const mPad = (m + 3) & ~3;
  const cLen = g * n * m;
  const { heap, at } = layoutFloats(ex, [a.length, b.length, cLen, nPad * k + k * mPad + nPad * mPad]);
  const [a0, b0, c0, s0] = at;
  heap.set(a, a0);
  heap.set(b, b0);
  ex.batch_gemm(a0 * 4, b0 * 4, c0 * 4, g, n, k, m, transposeA ? 1 : 0, transposeB ? 1 : 0, s0 * 4);
  if (!out) return heap.slice(c0, c0 + cLen);
  out.set(heap.subarray(c0, c0 + cLen));
  return out;
}
