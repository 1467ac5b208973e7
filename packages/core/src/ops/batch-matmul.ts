/**
 * `batchMatMul`: `[G, n, k] @ [G, k, m]` with optional transposes and a custom gradient that
 * never broadcasts (tfjs' stock BatchMatMul gradient throws when batch dims broadcast).
 *
 * On wasm, tfjs runs rank-3 matMuls in a slow scalar loop; only rank-2 matMuls without
 * transpose flags reach XNNPACK. On the wasm and cpu backends this op therefore runs every
 * group in one call of @umq/core's own SIMD kernel ({@link wasmBatchGemm}), transposes
 * included, with one host copy of each operand. Where that kernel cannot run (no wasm SIMD),
 * or when {@link setSimdKernels} says `'never'`: attention-sized groups run as G
 * rank-2 XNNPACK matMuls cut from one host copy of each operand (tf.slice / tf.unstack on wasm
 * copy the whole input per call), small ones as tf.matMul. Other backends use tf.matMul.
 * Candidates and timings: tools/bench/ops/batch-matmul.ts.
 */
import { tf } from '../tf';
import { ShapeError } from '../errors';
import { wasmBatchGemm, wasmGemmAvailable } from '../kernels/wasm-gemm';
import { simdKernelChoice, useSimdKernel } from '../kernels/choice';
import { readValues, tensorFromFill } from '../kernels/backend-heap';

/**
 * Per-group work (n·k·m) up to which 'auto' takes the SIMD kernel for G > 1. Measured fwd+bwd
 * CPU ms, SIMD vs the XNNPACK group loop: G = 8 at 64³ 1.8 vs 4.6, at 100³ 2.6 vs 6.6; G = 4 at
 * 128³ 2.1 vs 6.3; G = 2 at 200³ 3.4 vs 4.7. Larger groups were not measured; the kernel has no
 * cache blocking over k, so XNNPACK is kept there.
 */
const SIMD_MAX_GROUP_WORK = 1 << 23;

function useSimd(g: number, work: number, dtype: tf.DataType): boolean {
  if (simdKernelChoice() === 'always') return useSimdKernel(dtype, wasmGemmAvailable);
  return g > 1 && work <= SIMD_MAX_GROUP_WORK && useSimdKernel(dtype, wasmGemmAvailable);
}

function t3(x: tf.Tensor): tf.Tensor3D {
  return tf.transpose(x, [0, 2, 1]) as tf.Tensor3D;
}

/**
 * Per-group work (n·k·m multiply-adds) from which the wasm group loop beats the batched
 * kernel; below it, per-op overhead dominates. From tools/bench/ops/batch-matmul.ts (CPU ms,
 * fwd+bwd, G = 256): 16³ loop 20 vs batched 7; 32³ 35 vs 42; 50·25·50 43 vs 74.
 */
export const GROUP_LOOP_MIN_WORK = 32768;

/**
 * `A[g] @ B[g]` as G rank-2 matMuls without transpose flags (XNNPACK on wasm). The groups are
 * cut from one host copy of each operand: the wasm Slice kernel copies its whole input on every
 * call, so G slices of a large tensor would cost O(G · size).
 */
function groupLoop(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [g, n, k] = a.shape;
  const m = b.shape[2];
  return tf.tidy(() => {
    const av = a.dataSync() as Float32Array;
    const bv = b.dataSync() as Float32Array;
    const outs: tf.Tensor2D[] = [];
    for (let i = 0; i < g; i++) {
      const ai = tf.tensor2d(av.subarray(i * n * k, (i + 1) * n * k), [n, k]);
      const bi = tf.tensor2d(bv.subarray(i * k * m, (i + 1) * k * m), [k, m]);
      outs.push(tf.matMul(ai, bi));
    }
    return tf.reshape(tf.concat(outs, 0), [g, n, m]) as tf.Tensor3D;
  });
}

/** op(A) op(B) for rank-3 operands, by the fastest route for the backend and sizes. */
function mm(a: tf.Tensor3D, b: tf.Tensor3D, ta: boolean, tb: boolean): tf.Tensor3D {
  const g = a.shape[0];
  const n = ta ? a.shape[2] : a.shape[1];
  const k = ta ? a.shape[1] : a.shape[2];
  const m = tb ? b.shape[1] : b.shape[2];
  if (useSimd(g, n * k * m, a.dtype)) {
    // operands read and the result written in the backend's memory: one copy each way
    return tensorFromFill([g, n, m], (out) => wasmBatchGemm(readValues(a), readValues(b), g, n, k, m, ta, tb, out)) as tf.Tensor3D;
  }
  if (g === 1) {
    // One group: a rank-2 matMul without transpose flags (XNNPACK on wasm), no host copy.
    const a2 = tf.reshape(ta ? t3(a) : a, [n, k]) as tf.Tensor2D;
    const b2 = tf.reshape(tb ? t3(b) : b, [k, m]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(a2, b2), [1, n, m]) as tf.Tensor3D;
  }
  if (tf.getBackend() === 'wasm' && a.dtype === 'float32' && n * k * m >= GROUP_LOOP_MIN_WORK) {
    return groupLoop(ta ? t3(a) : a, tb ? t3(b) : b);
  }
  return tf.matMul(a, b, ta, tb);
}

const kernels = new Map<string, (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D>();

function kernel(ta: boolean, tb: boolean): (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D {
  const key = `${ta}${tb}`;
  let f = kernels.get(key);
  if (!f) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    f = tf.customGrad(((a: tf.Tensor3D, b: tf.Tensor3D, save: tf.GradSaveFunc) => {
      save([a, b]);
      return {
        value: mm(a, b, ta, tb),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [A, B] = saved as [tf.Tensor3D, tf.Tensor3D];
          const d = dy as tf.Tensor3D;
          // C = op(A) op(B): the four cases of the matrix-product rule.
          if (!ta && !tb) return [mm(d, B, false, true), mm(A, d, true, false)];
          if (!ta && tb) return [mm(d, B, false, false), mm(d, A, true, false)];
          if (ta && !tb) return [mm(B, d, false, true), mm(A, d, false, false)];
          return [mm(B, d, true, true), mm(d, A, true, true)];
        },
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    }) as any) as unknown as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;
    kernels.set(key, f);
  }
  return f;
}

/**
 * Batched matrix product over `G` independent groups: `op(a)[g] @ op(b)[g]`, where `op`
 * transposes the last two axes when asked. Batch sizes must match exactly (no broadcasting).
 * Used for attention scores `Q Kᵀ` and contexts `P V`.
 *
 * @param a - `[G, n, k]`, or `[G, k, n]` with `transposeA`.
 * @param b - `[G, k, m]`, or `[G, m, k]` with `transposeB`.
 * @returns `[G, n, m]`.
 * @throws {@link ShapeError} when ranks, batch sizes or inner sizes do not match.
 *
 * @example
 * ```ts
 * const q = tf.randomNormal([8, 50, 25]);
 * const k = tf.randomNormal([8, 50, 25]);
 * const scores = batchMatMul(q, k, false, true); // [8, 50, 50]
 * ```
 */
export function batchMatMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor3D {
  if (a.rank !== 3 || b.rank !== 3) {
    throw new ShapeError(`batchMatMul: expected rank-3 operands [G, n, k] and [G, k, m], got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]: reshape leading axes into one group axis`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`batchMatMul: group sizes differ (${a.shape[0]} vs ${b.shape[0]}); broadcasting is not supported: tile the smaller operand first`);
  }
  const ka = transposeA ? a.shape[1] : a.shape[2];
  const kb = transposeB ? b.shape[2] : b.shape[1];
  if (ka !== kb) {
    throw new ShapeError(`batchMatMul: inner sizes differ: op(a) is [${a.shape[0]}, ${transposeA ? a.shape[2] : a.shape[1]}, ${ka}] but op(b) has ${kb} rows (a [${a.shape.join(', ')}], b [${b.shape.join(', ')}], transposeA=${transposeA}, transposeB=${transposeB})`);
  }
  return kernel(transposeA, transposeB)(a as tf.Tensor3D, b as tf.Tensor3D);
}
