/**
 * Leaner gradients for the element-wise kernels a training step runs most, with the same values.
 *
 * tfjs' own gradient functions issue kernels that change nothing on float32 tensors: Multiply's,
 * RealDiv's, Square's and ReLU's cast their float32 operands to float32, Add's and
 * Sub's reshape the gradient to the shape it already has, all of them (and Sum's, Mean's, Reshape's
 * and ExpandDims') dispatch a Reshape kernel for what is a relabelling of the data on wasm and cpu,
 * and Tile's (which `tf.broadcastTo` also records) slices and adds once per repeat: 128 kernels
 * for a `[3, 1, 1]` tiled to `[3, 64, 1]`. Sum's and Mean's multiply by a tensor of ones made on
 * the host, Concat's splits with the wasm backend's slow slices; on wasm, outside nested
 * recording, both copies are made on the host instead (./host-copies.ts). AddN's clones dy per
 * input with an Identity kernel each; here each is a new tensor on dy's data.
 * In a UMQ training step on utterance vectors these were about 370 of 1,350 kernel calls, each
 * paying tfjs' per-op overhead. The gradients here compute the same values with the same
 * kernels minus those: a cast or reshape that changes nothing becomes a new tensor on the same
 * data (no kernel call), reshapes on the wasm and cpu backends relabel the data without a kernel
 * call (Reshape's, ExpandDims', Sum's and Mean's gradients included), and Tile's gradient is one
 * sum over the repeat axes.
 * Every result is bit-identical to the stock gradient's except Tile's, whose sum may add the
 * repeats in another order (float32 rounding).
 */
import { tf } from '../tf';
import { lightReshape, shareData } from './light-save';
import { onHost, spreadTo } from './host-copies';
import { sumBlockOnHost } from './wasm-sum';

type GradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => Record<string | number, () => tf.Tensor>;

const { getReductionAxes, assertAndGetBroadcastShape } = tf.backend_util;

/**
 * `t` reduced to `shape` by summing the broadcast axes (the stock gradients' sum and reshape).
 * When nothing is reduced: `t` itself if `fresh` (a tensor this gradient made), else a new
 * tensor on its data (a gradient must not hand back `dy` itself: tfjs disposes each input's
 * gradient separately).
 */
function reduceTo(t: tf.Tensor, shape: number[], outShape: number[], fresh: boolean): tf.Tensor {
  const axes = getReductionAxes(shape, outShape);
  if (axes.length === 0) return fresh ? t : shareData(t);
  // a block of leading or middle axes: the block-sum kernel's product with ones, without a dispatch
  const s = (onHost(t) ? sumBlockOnHost(t, axes) : null) ?? tf.sum(t, axes);
  return tf.util.arraysEqual(s.shape, shape) ? s : lightReshape(s, shape);
}

/** `t` as float32: `t` itself when it already is (tfjs casts float32 to float32 with a kernel call). */
const f32 = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));

/**
 * `dy` of a reduction back over the reduced axes of `shape`, divided by `divisor` (a mean's
 * count; 1 for a sum). On the host where it can be (one pass, no kernel); else as the stock
 * gradients do it (reshaped to keep the axes as 1, times ones of `shape`, then divided), the
 * reshape without a kernel call. (A Tile instead of the product measured slower: the wasm Tile
 * kernel is far slower than a broadcasting multiply.)
 */
function expandBack(dy: tf.Tensor, shape: number[], axes: number[], divisor = 1): tf.Tensor {
  const kept = shape.slice();
  for (const a of axes) kept[a] = 1;
  const k = lightReshape(dy, kept);
  if (onHost(k)) {
    const out = spreadTo(k, shape, divisor);
    k.dispose();
    return out;
  }
  const spread = tf.mul(k, tf.ones(shape, 'float32'));
  return divisor === 1 ? spread : tf.div(spread, divisor);
}

const gradients: Record<string, GradFunc> = {
  Add: (dy, [a, b]) => {
    const out = assertAndGetBroadcastShape(a.shape, b.shape);
    return { a: () => reduceTo(dy as tf.Tensor, a.shape, out, false), b: () => reduceTo(dy as tf.Tensor, b.shape, out, false) };
  },
  Sub: (dy, [a, b]) => {
    const out = assertAndGetBroadcastShape(a.shape, b.shape);
    return { a: () => reduceTo(dy as tf.Tensor, a.shape, out, false), b: () => tf.neg(reduceTo(dy as tf.Tensor, b.shape, out, true)) };
  },
  Multiply: (dy, [a, b]) => {
    const out = assertAndGetBroadcastShape(a.shape, b.shape);
    return {
      a: () => reduceTo(tf.mul(dy as tf.Tensor, f32(b)), a.shape, out, true),
      b: () => reduceTo(tf.mul(dy as tf.Tensor, f32(a)), b.shape, out, true),
    };
  },
  RealDiv: (dy, [a, b]) => {
    const out = assertAndGetBroadcastShape(a.shape, b.shape);
    return {
      a: () => reduceTo(tf.div(dy as tf.Tensor, f32(b)), a.shape, out, true),
      b: () => tf.neg(tf.div(reduceTo(tf.mul(dy as tf.Tensor, f32(a)), b.shape, out, true), f32(tf.square(b)))),
    };
  },
  Square: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(f32(x), 2)) }),
  Relu: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, f32(tf.step(x))) }),
  Sum: (dy, [x], attrs) => ({ x: () => expandBack(dy as tf.Tensor, x.shape, tf.util.parseAxisParam(attrs.axis as number | number[], x.shape)) }),
  Mean: (dy, [x], attrs) => {
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const n = axes.reduce((p, a) => p * x.shape[a], 1);
    return { x: () => expandBack(dy as tf.Tensor, x.shape, axes, n) };
  },
  // tfjs' own: dy.clone() per input, an Identity kernel each
  AddN: (dy, saved) => Object.fromEntries(saved.map((_, i) => [i, () => shareData(dy as tf.Tensor)])),
  Concat: (dy, saved, attrs) => {
    // tfjs' own, split once for all inputs (on wasm the SplitV of kernels/wasm-slice.ts reads dy
    // in place)
    const d = dy as tf.Tensor;
    const axis = tf.util.parseAxisParam(attrs.axis as number, saved[0].shape)[0];
    const parts = tf.split(d, saved.map((t) => t.shape[axis]), axis);
    return Object.fromEntries(parts.map((p, i) => [i, () => p]));
  },
  Reshape: (dy, [x]) => ({ x: () => lightReshape(dy as tf.Tensor, x.shape) }),
  ExpandDims: (dy, [input]) => ({ input: () => lightReshape(dy as tf.Tensor, input.shape) }),
  Tile: (dy, [x], attrs) => ({
    x: () => {
      // dy [r0·s0, r1·s1, ...] viewed as [r0, s0, r1, s1, ...], summed over the r axes
      const reps = attrs.reps as number[];
      const split: number[] = [];
      const axes: number[] = [];
      x.shape.forEach((s, i) => {
        if (reps[i] > 1) axes.push(split.length);
        split.push(reps[i], s);
      });
      if (axes.length === 0) return shareData(dy as tf.Tensor);
      return lightReshape(tf.sum(lightReshape(dy as tf.Tensor, split), axes), x.shape);
    },
  }),
};

const stock = new Map<string, tf.GradConfig>();

/**
 * Registers the lean gradients (idempotent; `initEngine` calls it). Returns whether they are installed.
 *
 * @example
 * ```ts
 * installLeanGradients(); // Add, AddN, Sub, Multiply, RealDiv, Square, Relu, Sum, Mean, Concat, Reshape, ExpandDims, Tile
 * ```
 */
export function installLeanGradients(): boolean {
  if (stock.size > 0) return true;
  for (const [kernelName, gradFunc] of Object.entries(gradients)) {
    const original = tf.getGradient(kernelName);
    if (!original) continue;
    stock.set(kernelName, original);
    tf.registerGradient({ ...original, gradFunc: gradFunc as unknown as tf.GradFunc });
  }
  return stock.size > 0;
}

/**
 * Registers tfjs' own gradients again (for comparisons and tests). Returns whether the lean ones were installed.
 *
 * @example
 * ```ts
 * uninstallLeanGradients(); // tfjs' stock gradient functions
 * ```
 */
export function uninstallLeanGradients(): boolean {
  if (stock.size === 0) return false;
  for (const config of stock.values()) tf.registerGradient(config);
  stock.clear();
  return true;
}
