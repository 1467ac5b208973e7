/**
 * One AdamW step on host arrays with a SIMD WebAssembly kernel (packages/core/native/adamw.c),
 * for @umq/core's {@link AdamW} on the wasm and cpu backends: one call per variable instead of
 * a dozen tfjs kernels, each allocating an intermediate tensor.
 */
import { SOURCE_SHA256, WASM_BASE64 } from './adamw.wasm.generated';
import { lazyKernelModule, layoutFloats, type KernelModuleExports } from './wasm-module';

interface AdamWExports extends KernelModuleExports {
  adamw_step: (p: number, g: number, m: number, v: number, n: number, decay: number, beta1: number, oneMinusBeta1: number,
    beta2: number, oneMinusBeta2: number, bc2Sqrt: number, eps: number, stepSize: number, applyDecay: number) => void;
}

/** The embedded module's source hash (for the test that it was rebuilt after an edit). */
export const WASM_ADAMW_SOURCE_SHA256 = SOURCE_SHA256;

const adamwModule = lazyKernelModule<AdamWExports>(WASM_BASE64);

/** Whether the AdamW kernel can run in this thread. */
export function wasmAdamWAvailable(): boolean {
  return adamwModule.available();
}

/** The scalars of one step (as {@link AdamW} computes them in double precision). */
export interface AdamWStepScalars {
  /** `1 - lr · weightDecay`, applied when `applyDecay`. */
  decay: number;
  applyDecay: boolean;
  beta1: number;
  beta2: number;
  /** `sqrt(1 - beta2^t)`. */
  bc2Sqrt: number;
  epsilon: number;
  /** `lr / (1 - beta1^t)`. */
  stepSize: number;
}

/**
 * One AdamW step: returns the new parameter (written into `out` when given, else a new array)
 * and updates the moments `m` and `v` in place; `p` and `g` are not modified.
 */
export function wasmAdamWStep(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStepScalars, out?: Float32Array): Float32Array {
  const ex = adamwModule.exports('wasmAdamWStep');
  const n = p.length;
  const { heap, at } = layoutFloats(ex, [n, n, n, n]);
  const [p0, g0, m0, v0] = at;
  heap.set(p, p0);
  heap.set(g, g0);
  heap.set(m, m0);
  heap.set(v, v0);
  ex.adamw_step(p0 * 4, g0 * 4, m0 * 4, v0 * 4, n, s.decay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.bc2Sqrt, s.epsilon, s.stepSize, s.applyDecay ? 1 : 0);
  m.set(heap.subarray(m0, m0 + n));
  v.set(heap.subarray(v0, v0 + n));
  if (!out) return heap.slice(p0, p0 + n);
  out.set(heap.subarray(p0, p0 + n));
  return out;
}
