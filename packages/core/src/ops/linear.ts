/**
 * `linear`: y = x W + b, with a custom gradient that transposes explicitly (no transpose flags),
 * so all three matMuls of a training step take the wasm backend's XNNPACK fast path.
 */
import { tf } from '../tf';

/** `[dL/dx, dL/dW]` of `y = x W` from the saved `[x, W]`, every product without transpose flags. */
function productGrads(dy: tf.Tensor, saved: tf.Tensor[]): [tf.Tensor2D, tf.Tensor2D] {
  const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
  return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const linearNoBias = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return { value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), gradFunc: productGrads };
}) as any) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/**
 * With a bias `[out]`: its gradient, the column sums of dy, is computed as `1ᵀ dy`, one more
 * XNNPACK product, instead of tfjs' Sum over axis 0 (on wasm a transpose and a reduction:
 * about 17 ms per step of the benchmark's sequence model).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const linearWithBias = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const d = dy as tf.Tensor2D;
      const db = tf.reshape(tf.matMul(tf.ones([1, d.shape[0]]) as tf.Tensor2D, d), [d.shape[1]]);
      return [...productGrads(d, saved), db];
    },
  };
}) as any) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/**
 * Affine map over the last axis: `x [..., in] @ weight [in, out] + bias [out]`.
 *
 * @example
 * ```ts
 * const y = linear(tf.ones([8, 100]), tf.zeros([100, 64]), tf.zeros([64])); // [8, 64]
 * ```
 */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inF = weight.shape[0] as number;
    const outF = weight.shape[1] as number;
    const lead = x.shape.slice(0, -1);
    const x2 = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, inF]) as tf.Tensor2D;
    let y: tf.Tensor;
    if (bias && bias.rank === 1 && bias.shape[0] === outF) y = linearWithBias(x2, weight as tf.Tensor2D, bias as tf.Tensor1D);
    else {
      y = linearNoBias(x2, weight as tf.Tensor2D);
      if (bias) y = tf.add(y, bias);
    }
    return x.rank === 2 ? y : tf.reshape(y, [...lead, outF]);
  });
}
