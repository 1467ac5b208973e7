/**
 * The copy a reduction's gradient makes, done on the host on the wasm backend: the gradient spread
 * back over the reduced axes ({@link spreadTo}).
 *
 * tfjs' gradient of a sum or a mean multiplies the reshaped gradient by a tensor of ones that it
 * fills on the host and copies into the backend for every call, and the wasm backend's Multiply
 * broadcasts through a general index computation per entry: 60-374 µs for a `[3, 1, 100]` or
 * `[3, 64, 1]` spread to `[3, 64, 100]`, 13-19 µs here (tools/bench/core/host-copies.ts). It is one
 * pass that copies or fills runs of the result in the backend's memory, with no kernel call and the
 * same values (copies are exact; a mean's division rounds to float32 as RealDiv does). Float32
 * tensors only. (Concat's gradient, a SplitV, needs nothing here since kernels/wasm-slice.ts reads
 * its input in place.)
 *
 * Only outside gradient recording (a result made on the host has no tape node) and on the wasm
 * backend, whose memory the host writes without a transfer: {@link onHost} says when.
 * (Summing a broadcast operand's gradient on the host was tried too and dropped: plain loops
 * add at about 2.6 ns an entry, slower than the wasm Sum kernel in most shapes of a step.)
 */
import { tf } from '../tf';
import { readValues, tensorFromFill } from './backend-heap';
import { gradientDepth } from './light-save';

/**
 * Whether {@link spreadTo} may run on `t` now: `t` is float32, no
 * gradient is being recorded and the backend is wasm.
 *
 * @example
 * ```ts
 * const dx = onHost(dy) ? spreadTo(dy, [3, 64, 100]) : tf.mul(dy, tf.ones([3, 64, 100]));
 * ```
 */
export function onHost(t: tf.Tensor): boolean {
  return t.dtype === 'float32' && gradientDepth() === 0 && tf.getBackend() === 'wasm';
}

/**
 * `shape`'s axes merged into runs that `kept` (the same rank) has at full size, or all reduced
 * (1 in `kept`): `[size, isKept]` pairs, outermost first, size-1 axes dropped.
 */
function runs(shape: number[], kept: number[]): [number, boolean][] {
  const out: [number, boolean][] = [];
  shape.forEach((size, i) => {
    if (size === 1) return;
    const isKept = kept[i] === size;
    const last = out[out.length - 1];
    if (last && last[1] === isKept) last[0] *= size;
    else out.push([size, isKept]);
  });
  return out;
}

/**
 * `t` (float32, of `shape` with 1 on the reduced axes, the same rank) repeated along them to `shape`,
 * each value divided by `divisor` (rounded to float32, as tfjs' RealDiv rounds it): the
 * gradient of a sum (`divisor` 1, the values copied exactly) or of a mean over n entries
 * (`divisor` n). Only where {@link onHost} holds.
 *
 * @example
 * ```ts
 * const g = spreadTo(tf.tensor2d([[1], [2]]), [2, 3]); // [[1, 1, 1], [2, 2, 2]]
 * const m = spreadTo(tf.tensor2d([[3], [6]]), [2, 3], 3); // [[1, 1, 1], [2, 2, 2]]
 * ```
 */
export function spreadTo(t: tf.Tensor, shape: number[], divisor = 1): tf.Tensor {
  const r = runs(shape, t.shape);
  // the innermost run, and the outer runs walked as an odometer over t's offsets
  const [size, innerKept] = r.length > 0 ? r[r.length - 1] : [1, true];
  const outer = r.slice(0, -1);
  const strides = new Array<number>(outer.length).fill(0);
  for (let i = outer.length - 1, s = innerKept ? size : 1; i >= 0; i--) {
    if (outer[i][1]) {
      strides[i] = s;
      s *= outer[i][0];
    }
  }
  const blocks = outer.reduce((p, [n]) => p * n, 1);
  return tensorFromFill(shape.slice(), (out) => {
    const x = readValues(t);
    const idx = new Array<number>(outer.length).fill(0);
    let o = 0;
    for (let b = 0, i = 0; b < blocks; b++, i += size) {
      if (!innerKept) out.fill(divisor === 1 ? x[o] : x[o] / divisor, i, i + size);
      else if (divisor === 1) out.set(x.subarray(o, o + size), i);
      else for (let c = 0; c < size; c++) out[i + c] = x[o + c] / divisor;
      for (let d = outer.length - 1; d >= 0; d--) {
        o += strides[d];
        if (++idx[d] < outer[d][0]) break;
        o -= strides[d] * outer[d][0];
        idx[d] = 0;
      }
    }
  });
}
