/**
 * Linear map of a data input: like {@link linear}, but the gradient is taken with respect to
 * the weight and bias only. For the first layer of an encoder (the input is a batch of
 * features, never a variable) this skips the `dy · Wᵀ` product that {@link linear}'s custom
 * gradient computes for every input, e.g. [3200, 100] x [100, 768] per step for a 768-d
 * text projection at B = 64, T = 50.
 */
import { tf } from '../tf';
import { ShapeError } from '../errors';

/**
 * `x W + b` over the last axis of `x` with no gradient to `x` (treated as a constant, like
 * `stopGradient(x)`), and one rank-2 XNNPACK matMul per pass.
 *
 * @param x input `[..., in]` (data: it receives no gradient)
 * @param weight `[in, out]`
 * @param bias `[out]`
 * @returns `[..., out]`
 * @throws ShapeError when `x`'s last axis is not `in`
 *
 * @example
 * ```ts
 * const w = tf.variable(tf.randomNormal([768, 100]));
 * const h = inputLinear(tf.randomNormal([64, 50, 768]), w); // [64, 50, 100]; d/dx is not computed
 * ```
 */
export function inputLinear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inF = weight.shape[0] as number;
  const outF = weight.shape[1] as number;
  if (weight.rank !== 2 || x.shape[x.rank - 1] !== inF) {
    throw new ShapeError(`inputLinear: x [${x.shape.join(', ')}] does not match weight [${weight.shape.join(', ')}]: the weight must be [in = ${x.shape[x.rank - 1]}, out]`);
  }
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const x2 = (x.rank === 2 ? x : tf.reshape(x, [-1, inF])) as tf.Tensor2D;
    // x is not an input of the custom op, so the tape has no edge to it; it is saved (kept
    // for the backward pass) because the caller may dispose it before gradients are taken
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const product = tf.customGrad(((w: tf.Tensor, save: tf.GradSaveFunc) => {
      save([x2]);
      return {
        value: tf.matMul(x2, w as tf.Tensor2D),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D)],
      };
    }) as any) as unknown as (w: tf.Tensor) => tf.Tensor2D;
    let y: tf.Tensor = product(weight);
    if (bias) y = tf.add(y, bias);
    return x.rank === 2 ? y : tf.reshape(y, [...lead, outF]);
  });
}
