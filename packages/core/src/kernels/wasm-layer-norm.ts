/**
 * Layer normalisation over the last axis, forward and backward, compiled to WebAssembly with
 * SIMD (packages/core/native/layer-norm.c). One call replaces the seven tfjs kernels of the
 * forward pass (mean, subtract, square, mean, add, rsqrt, two multiplies, add) and the dozen of
 * their gradients, several of which broadcast `[rows, 1]` against `[rows, d]` (a slow path on
 * the wasm backend).
 */
import { SOURCE_SHA256, WASM_BASE64 } from './layer-norm.wasm.generated';
import { lazyKernelModule, layoutFloats, type KernelModuleExports } from './wasm-module';

interface LayerNormExports extends KernelModuleExports {
  layer_norm_forward: (x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, d: number, eps: number) => void;
  layer_norm_backward: (x: number, gamma: number, mean: number, rstd: number, dy: number, dx: number, dgamma: number, dbeta: number, rows: number, d: number) => void;
}

/** The embedded module's source hash (for the test that it was rebuilt after an edit). */
export const WASM_LAYER_NORM_SOURCE_SHA256 = SOURCE_SHA256;

const lnModule = lazyKernelModule<LayerNormExports>(WASM_BASE64);

/** Whether the layer-norm kernel can run in this thread. */
export function wasmLayerNormAvailable(): boolean {
  return lnModule.available();
}

/** Result of {@link wasmLayerNormForward}: the output and the per-row statistics the backward pass needs. */
export interface LayerNormForward {
  y: Float32Array;
  mean: Float32Array;
  rstd: Float32Array;
}

/** `y = (x - mean) / sqrt(var + eps) · gamma + beta` per row of `x [rows, d]`. */
export function wasmLayerNormForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, d: number, eps: number): LayerNormForward {
  const ex = lnModule.exports('wasmLayerNormForward');
  const { heap, at } = layoutFloats(ex, [rows * d, d, d, rows * d, rows, rows]);
  const [x0, g0, b0, y0, m0, r0] = at;
  heap.set(x, x0);
  heap.set(gamma, g0);
  heap.set(beta, b0);
  ex.layer_norm_forward(x0 * 4, g0 * 4, b0 * 4, y0 * 4, m0 * 4, r0 * 4, rows, d, eps);
  return { y: heap.slice(y0, y0 + rows * d), mean: heap.slice(m0, m0 + rows), rstd: heap.slice(r0, r0 + rows) };
}

/** Gradients of {@link wasmLayerNormForward} for the output gradient `dy [rows, d]`. */
export function wasmLayerNormBackward(x: Float32Array, gamma: Float32Array, stats: { mean: Float32Array; rstd: Float32Array }, dy: Float32Array, rows: number, d: number): { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array } {
  const ex = lnModule.exports('wasmLayerNormBackward');
  const { heap, at } = layoutFloats(ex, [rows * d, d, rows, rows, rows * d, rows * d, d, d]);
  const [x0, g0, m0, r0, dy0, dx0, dg0, db0] = at;
  heap.set(x, x0);
  heap.set(gamma, g0);
  heap.set(stats.mean, m0);
  heap.set(stats.rstd, r0);
  heap.set(dy, dy0);
  ex.layer_norm_backward(x0 * 4, g0 * 4, m0 * 4, r0 * 4, dy0 * 4, dx0 * 4, dg0 * 4, db0 * 4, rows, d);
  return { dx: heap.slice(dx0, dx0 + rows * d), dgamma: heap.slice(dg0, dg0 + d), dbeta: heap.slice(db0, db0 + d) };
}
