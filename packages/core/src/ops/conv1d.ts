/**
 * `conv1d`: temporal convolution with 'same' zero padding via im2col (pad, K shifted slices
 * concatenated, one matMul through {@link linear}), so it trains on the wasm backend, which
 * lacks the Conv2DBackpropFilter kernel behind `tf.conv1d`'s weight gradient.
 */
import { tf } from '../tf';
import { OptionError, ShapeError } from '../errors';
import { linear } from './linear';

/**
 * 1-D cross-correlation over time with 'same' zero padding (PyTorch `nn.Conv1d(C, O, K,
 * padding=K // 2)` on `x.transpose(1, 2)`; UMQ Eq 25 uses K = 3):
 * `y[b, t, o] = bias[o] + Σ_j Σ_c x[b, t + j - (K-1)/2, c] · weight[j, c, o]`.
 *
 * Weight layout is `[K, C, O]` (kernel tap, input channel, output channel). A PyTorch
 * `Conv1d.weight` of shape `[O, C, K]` converts with `tf.transpose(w, [2, 1, 0])`
 * (numpy: `w.transpose(2, 1, 0)`).
 *
 * @param x - `[B, T, C]` (time-major channels-last, as the UMQ sequence inputs).
 * @param weight - `[K, C, O]`, K odd.
 * @param bias - `[O]`, optional.
 * @returns `[B, T, O]`.
 * @throws {@link ShapeError} on a rank or channel mismatch; {@link OptionError} for an even K.
 *
 * @example
 * ```ts
 * const y = conv1d(tf.ones([2, 50, 74]), tf.zeros([3, 74, 100]), tf.zeros([100])); // [2, 50, 100]
 * ```
 */
export function conv1d(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  if (x.rank !== 3) throw new ShapeError(`conv1d: x must be [B, T, C], got [${x.shape.join(', ')}]`);
  if (weight.rank !== 3) throw new ShapeError(`conv1d: weight must be [K, C, O], got [${weight.shape.join(', ')}]: a PyTorch Conv1d weight [O, C, K] converts with tf.transpose(w, [2, 1, 0])`);
  const [b, t, c] = x.shape;
  const [k, cw, o] = weight.shape;
  if (cw !== c) throw new ShapeError(`conv1d: x has ${c} channels (shape [${x.shape.join(', ')}]) but weight expects ${cw} (shape [${weight.shape.join(', ')}]): build the weight as [K, ${c}, O]`);
  if (k % 2 !== 1) throw new OptionError(`conv1d: kernel size must be odd for 'same' padding, got ${k}: use 1, 3, 5, ...`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== o)) throw new ShapeError(`conv1d: bias must be [${o}], got [${bias.shape.join(', ')}]`);
  return tf.tidy(() => {
    const p = (k - 1) / 2;
    let cols: tf.Tensor; // [B, T, K*C], column j*C + c holds x[t + j - p, c]
    if (k === 1) {
      cols = x;
    } else {
      const xp = tf.pad(x, [[0, 0], [p, p], [0, 0]]); // [B, T + 2p, C]
      const taps: tf.Tensor[] = [];
      for (let j = 0; j < k; j++) taps.push(tf.slice(xp, [0, j, 0], [b, t, c]));
      cols = tf.concat(taps, 2);
    }
    const y = linear(tf.reshape(cols, [b * t, k * c]), tf.reshape(weight, [k * c, o]), bias);
    return tf.reshape(y, [b, t, o]);
  });
}
