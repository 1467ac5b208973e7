/**
 * `conv1d`: temporal convolution with 'same' zero padding via im2col (the K shifted copies of the
 * input side by side, one matMul through {@link linear}), so it trains on the wasm backend, which
 * lacks the Conv2DBackpropFilter kernel behind `tf.conv1d`'s weight gradient.
 *
 * On wasm the columns are written in one pass on the host (one op with its own gradient) instead
 * of a Pad, K Slices and a Concat: the wasm Concat of three `[1, 50, 74]` took about 77 µs, a
 * fifth of a batch-1 call's non-product time on sequences. Other backends keep the tf ops.
 */
import { tf } from '../tf';
import { OptionError, ShapeError } from '../errors';
import { linear } from './linear';
import { readValues, tensorFromFill } from '../kernels/backend-heap';

/** `[B, T, C]` -> `[B, T, K·C]` with tf ops: column j·C + c holds x[t + j - p, c], 0 outside. */
function columnsByOps(x: tf.Tensor, k: number): tf.Tensor {
  const [b, t, c] = x.shape;
  const p = (k - 1) / 2;
  const xp = tf.pad(x, [[0, 0], [p, p], [0, 0]]); // [B, T + 2p, C]
  const taps: tf.Tensor[] = [];
  for (let j = 0; j < k; j++) taps.push(tf.slice(xp, [0, j, 0], [b, t, c]));
  return tf.concat(taps, 2);
}

/**
 * `dst[(b·T + t)·K·C + j·C + c] (+)= src[(b·T + t + j - p)·C + c]` for every in-range t + j - p:
 * im2col (`scatter` false: dst are the columns, src the input) or its adjoint (`scatter` true:
 * dst is the input's gradient, accumulated from the columns' gradient src; dst zeroed first).
 */
function shiftCopy(src: Float32Array, dst: Float32Array, b: number, t: number, c: number, k: number, scatter: boolean): void {
  const p = (k - 1) / 2;
  const row = k * c;
  if (scatter) dst.fill(0);
  for (let bi = 0; bi < b; bi++) {
    for (let ti = 0; ti < t; ti++) {
      const col = (bi * t + ti) * row;
      for (let j = 0; j < k; j++) {
        const s = ti + j - p;
        const at = col + j * c;
        if (s < 0 || s >= t) {
          if (!scatter) dst.fill(0, at, at + c);
          continue;
        }
        const x0 = (bi * t + s) * c;
        if (scatter) for (let i = 0; i < c; i++) dst[x0 + i] += src[at + i];
        else if (c >= 16) dst.set(src.subarray(x0, x0 + c), at);
        else for (let i = 0; i < c; i++) dst[at + i] = src[x0 + i];
      }
    }
  }
}

const hostColumns = new Map<number, (x: tf.Tensor) => tf.Tensor>();

/** im2col of K taps on the host, with its adjoint as the gradient (float32, the wasm backend). */
function columnsOnHost(x: tf.Tensor, k: number): tf.Tensor {
  let f = hostColumns.get(k);
  if (!f) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    f = tf.customGrad(((input: tf.Tensor) => {
      const [b, t, c] = input.shape;
      return {
        value: tensorFromFill([b, t, k * c], (out) => shiftCopy(readValues(input), out, b, t, c, k, false)),
        gradFunc: (dy: tf.Tensor) => tensorFromFill([b, t, c], (dx) => shiftCopy(readValues(dy), dx, b, t, c, k, true)),
      };
    }) as any) as unknown as (x: tf.Tensor) => tf.Tensor;
    hostColumns.set(k, f);
  }
  return f(x);
}

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
    // [B, T, K*C], column j*C + c holds x[t + j - p, c]
    let cols: tf.Tensor;
    if (k === 1) cols = x;
    else if (tf.getBackend() === 'wasm' && x.dtype === 'float32') cols = columnsOnHost(x, k);
    else cols = columnsByOps(x, k);
    const y = linear(tf.reshape(cols, [b * t, k * c]), tf.reshape(weight, [k * c, o]), bias);
    return tf.reshape(y, [b, t, o]);
  });
}
