/**
 * A tensor computed from variables (a transposed or regrouped weight) and kept between calls
 * that record no gradient, so inference does not redo the copy on every call, and the wasm
 * backend's XNNPACK, which keeps its packed form of a product's right operand per tensor, does
 * not repack it either (measured on a `[1, 100] x [100, 1000]` product: 71 µs with a kept
 * operand, 312 µs with a freshly transposed one).
 */
import { tf } from '../tf';
import { gradientDepth } from '../kernels/light-save';

/**
 * `get()` returns `compute()`: a fresh result while a gradient is being recorded (so gradients
 * flow to the variables), else a kept tensor, recomputed when any variable of `sources()` has
 * changed its data (an optimizer step, a state load). The owner calls `dispose()` with its own.
 *
 * @example
 * ```ts
 * const w = tf.variable(tf.randomNormal([10, 100, 16]));
 * const view = new DerivedTensor(() => [w], () => tf.reshape(tf.transpose(w, [1, 0, 2]), [100, 160]));
 * const y = tf.matMul(tf.ones([1, 100]), view.get()); // no transpose on the next inference call
 * view.dispose();
 * ```
 */
export class DerivedTensor {
  private kept: tf.Tensor | null = null;
  private keys: tf.DataId[] = [];

  constructor(private readonly sources: () => tf.Variable[], private readonly compute: () => tf.Tensor) {}

  /** The derived tensor; never dispose it (it may be the kept one). */
  get(): tf.Tensor {
    if (gradientDepth() > 0) return this.compute();
    const vars = this.sources();
    if (this.kept && !this.kept.isDisposed && vars.length === this.keys.length && vars.every((v, i) => v.dataId === this.keys[i])) return this.kept;
    this.dispose();
    this.kept = tf.keep(tf.tidy(() => this.compute()));
    this.keys = vars.map((v) => v.dataId);
    return this.kept;
  }

  /** Frees the kept tensor (the next `get()` computes it again). */
  dispose(): void {
    this.kept?.dispose();
    this.kept = null;
    this.keys = [];
  }
}
