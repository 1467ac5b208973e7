/**
 * `layerNorm` over the last axis (PyTorch `nn.LayerNorm` semantics: biased variance, eps inside
 * the square root).
 *
 * On the wasm and cpu backends, forward and backward each run as one call of @umq/core's SIMD
 * kernel ({@link wasmLayerNormForward}); elsewhere, or with `setSimdKernels('never')`, as tfjs
 * ops differentiated by tfjs.
 */
import { tf } from '../tf';
import { useSimdKernel } from '../kernels/choice';
import { wasmLayerNormAvailable, wasmLayerNormBackward, wasmLayerNormForward } from '../kernels/wasm-layer-norm';

function composed(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const mean = tf.mean(x, -1, true);
  const xc = tf.sub(x, mean);
  const v = tf.mean(tf.square(xc), -1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(v, eps))), gamma), beta);
}

const fused = new Map<number, (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor>();

/** The kernel route as a differentiable op for one eps (tfjs' customGrad takes tensors only). */
function fusedOp(eps: number): (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor {
  let f = fused.get(eps);
  if (!f) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    f = tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
      const d = x.shape[x.rank - 1] as number;
      const rows = x.size / d;
      const xv = x.dataSync() as Float32Array;
      const gv = gamma.dataSync() as Float32Array;
      const fwd = wasmLayerNormForward(xv, gv, beta.dataSync() as Float32Array, rows, d, eps);
      return {
        value: tf.tensor(fwd.y, x.shape, 'float32'),
        // The host copies of x and gamma and the row statistics live in this closure until the
        // tape is released; no tensor is kept.
        gradFunc: (dy: tf.Tensor) => {
          const g = wasmLayerNormBackward(xv, gv, fwd, dy.dataSync() as Float32Array, rows, d);
          return [tf.tensor(g.dx, x.shape, 'float32'), tf.tensor(g.dgamma, gamma.shape, 'float32'), tf.tensor(g.dbeta, beta.shape, 'float32')];
        },
      };
    }) as any) as unknown as (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;
    fused.set(eps, f);
  }
  return f;
}

/**
 * `(x - mean) / sqrt(var + eps) * gamma + beta` over the last axis.
 *
 * @param gamma - scale; `[d]` for the SIMD kernel route (other broadcastable shapes use tfjs ops).
 * @param beta - shift; `[d]` likewise.
 *
 * @example
 * ```ts
 * layerNorm(tf.tensor2d([[1, 2, 3]]), tf.ones([3]), tf.zeros([3])); // ≈ [[-1.22, 0, 1.22]]
 * ```
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const d = x.shape[x.rank - 1] as number;
  const vectors = gamma.rank === 1 && beta.rank === 1 && gamma.shape[0] === d && beta.shape[0] === d && x.size > 0;
  if (vectors && gamma.dtype === 'float32' && beta.dtype === 'float32' && useSimdKernel(x.dtype, wasmLayerNormAvailable)) {
    return fusedOp(eps)(x, gamma, beta);
  }
  return tf.tidy(() => composed(x, gamma, beta, eps));
}
