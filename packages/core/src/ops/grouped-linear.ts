/**
 * Grouped linear map: G independent `[in, out]` layers applied to G stacked inputs in one op
 * (PyTorch `torch.baddbmm(bias, x, W)`, the reference's `MultiLinear`).
 */
import { tf } from '../tf';
import { ShapeError } from '../errors';
import { batchMatMul } from './batch-matmul';
import { wasmGemmAvailable } from '../kernels/wasm-gemm';
import { useSimdKernel } from '../kernels/choice';

/**
 * The product without bias, with a hand-written gradient, where @umq/core's SIMD kernel does not
 * run: every product is a rank-2 matMul without transpose flags (the XNNPACK path of the wasm
 * backend); transposes are explicit, one per operand for the whole group, and nothing is copied
 * through the host. Where the kernel runs, {@link batchMatMul} takes all groups in one call,
 * with no unstack, transpose or stack (on wasm each of those copies its whole input).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const groupedMatMul = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  const xs = tf.unstack(x, 0) as tf.Tensor2D[];
  const ws = tf.unstack(w, 0) as tf.Tensor2D[];
  const value = tf.stack(xs.map((xg, g) => tf.matMul(xg, ws[g])), 0);
  tf.dispose([...xs, ...ws]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xv, wv] = saved;
      const dys = tf.unstack(dy, 0) as tf.Tensor2D[];
      const wts = tf.unstack(tf.transpose(wv, [0, 2, 1]), 0) as tf.Tensor2D[];
      const xts = tf.unstack(tf.transpose(xv, [0, 2, 1]), 0) as tf.Tensor2D[];
      const dx = tf.stack(dys.map((d, g) => tf.matMul(d, wts[g])), 0);
      const dw = tf.stack(dys.map((d, g) => tf.matMul(xts[g], d)), 0);
      return [dx, dw];
    },
  };
}) as any) as unknown as (x: tf.Tensor3D, w: tf.Tensor3D) => tf.Tensor3D;

/**
 * `y[g] = x[g] · W[g] + b[g]` for stacked inputs `x [G, N, in]`, weights `W [G, in, out]` and
 * optional bias `b [G, out]`: G independent linear layers (one per modality, or per expert) as
 * one differentiable op. Faster than G separate {@link linear} calls (fewer ops on the tape)
 * and it lets the G layers live in two variables instead of 2G.
 *
 * @param x stacked inputs `[G, N, in]`
 * @param weight stacked weights `[G, in, out]` (each `[in, out]` like {@link linear})
 * @param bias stacked biases `[G, out]`
 * @returns `[G, N, out]`
 * @throws ShapeError when the shapes do not line up
 *
 * @example
 * ```ts
 * const y = groupedLinear(tf.ones([3, 8, 4]), tf.ones([3, 4, 2]), tf.zeros([3, 2])); // [3, 8, 2], all 4
 * ```
 */
export function groupedLinear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor3D {
  if (x.rank !== 3 || weight.rank !== 3) {
    throw new ShapeError(`groupedLinear: expected x [G, N, in] and weight [G, in, out], got [${x.shape.join(', ')}] and [${weight.shape.join(', ')}]: tf.stack the per-group tensors`);
  }
  const [G, , inF] = x.shape as number[];
  if (weight.shape[0] !== G || weight.shape[1] !== inF) {
    throw new ShapeError(`groupedLinear: x [${x.shape.join(', ')}] does not match weight [${weight.shape.join(', ')}]: the weight must be [G=${G}, in=${inF}, out]`);
  }
  const outF = weight.shape[2] as number;
  if (bias && (bias.rank !== 2 || bias.shape[0] !== G || bias.shape[1] !== outF)) {
    throw new ShapeError(`groupedLinear: bias must be [${G}, ${outF}], got [${bias.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const y = useSimdKernel(x.dtype, wasmGemmAvailable) ? batchMatMul(x, weight) : groupedMatMul(x as tf.Tensor3D, weight as tf.Tensor3D);
    return (bias ? tf.add(y, tf.expandDims(bias, 1)) : y) as tf.Tensor3D;
  });
}
