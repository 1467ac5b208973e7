/**
 * The default experts of a {@link MixtureOfExperts}, stacked: E two-layer ReLU MLPs
 * `in -> hidden -> out` held in two {@link GroupedLinear} layers (`l1.weight [E, in, hidden]`,
 * the reference's `MultiMLP` layout) and mixed by the combine weights in two matrix products.
 */
import { tf, Module, GroupedLinear, DerivedTensor, linear, assertInteger, ShapeError, type Seed } from '@umq/core';

/** Options of {@link StackedExperts}. */
export interface StackedExpertsOptions {
  /** Number of experts E. */
  count: number;
  /** Input width d. */
  inFeatures: number;
  /** Hidden width of every expert. */
  hidden: number;
  /** Output width of every expert. */
  outFeatures: number;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/**
 * E ReLU MLP experts evaluated together. `mix(x, combine)` returns
 * `Σ_j combine[:, j] · Expert_j(x)` (Eq 11) as
 * `[c_1 h_1, …, c_E h_E] · [W2_1; …; W2_E] + c · B2` with `h = relu(x [W1_1 … W1_E] + b1)`:
 * one `[B, d] x [d, E·hidden]` and one `[B, E·hidden] x [E·hidden, out]` product. Experts with
 * weight 0 in a row contribute exactly 0 to it and receive zero gradient from it, so the
 * result equals sparse top-k dispatch.
 *
 * @example
 * ```ts
 * const experts = new StackedExperts({ count: 10, inFeatures: 16, hidden: 16, outFeatures: 16, seed: 1 });
 * const y = experts.mix(tf.ones([4, 16]), tf.ones([4, 10]).div(10)); // [4, 16]
 * ```
 */
export class StackedExperts extends Module {
  static override className = 'umq.StackedExperts';
  /** First layers of all experts: `weight [E, in, hidden]`, `bias [E, hidden]`. */
  readonly l1: GroupedLinear;
  /** Second layers: `weight [E, hidden, out]`, `bias [E, out]`. */
  readonly l2: GroupedLinear;
  private readonly options: Required<StackedExpertsOptions>;
  /** `l1.weight` as `[in, E·hidden]` (a transposed copy), kept between inference calls. */
  private readonly w1: DerivedTensor;

  constructor(options: StackedExpertsOptions) {
    super();
    assertInteger('StackedExperts.count', options.count, 1);
    this.options = { seed: 0, ...options };
    const { count, inFeatures, hidden, outFeatures, seed } = this.options;
    this.l1 = this.addModule('l1', new GroupedLinear({ groups: count, inFeatures, outFeatures: hidden, seed: `${seed}/l1` }));
    this.l2 = this.addModule('l2', new GroupedLinear({ groups: count, inFeatures: hidden, outFeatures, seed: `${seed}/l2` }));
    this.w1 = this.addDerived(new DerivedTensor(() => [this.l1.weight], () => tf.reshape(tf.transpose(this.l1.weight, [1, 0, 2]), [inFeatures, count * hidden])));
  }

  /** Number of experts. */
  get length(): number {
    return this.options.count;
  }

  /**
   * The combined expert output `[B, out]` for inputs `x [B, in]` and combine weights
   * `combine [B, E]` (zero off each row's selected experts).
   */
  mix(x: tf.Tensor, combine: tf.Tensor): tf.Tensor2D {
    const { count: E, inFeatures: d, hidden: h, outFeatures: o } = this.options;
    if (x.rank !== 2 || x.shape[1] !== d) throw new ShapeError(`StackedExperts.mix: x must be [B, ${d}], got [${x.shape.join(', ')}]`);
    const B = x.shape[0];
    if (combine.rank !== 2 || combine.shape[0] !== B || combine.shape[1] !== E) throw new ShapeError(`StackedExperts.mix: combine must be [${B}, ${E}], got [${combine.shape.join(', ')}]`);
    return tf.tidy(() => {
      const hid = tf.relu(linear(x, this.w1.get(), tf.reshape(this.l1.bias as tf.Variable, [E * h]))); // [B, E·h]
      const scaled = tf.reshape(tf.mul(tf.reshape(hid, [B, E, h]), tf.expandDims(combine, 2)), [B, E * h]);
      const y = linear(scaled, tf.reshape(this.l2.weight, [E * h, o]));
      return tf.add(y, tf.matMul(combine as tf.Tensor2D, this.l2.bias as tf.Variable as unknown as tf.Tensor2D)) as tf.Tensor2D;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(StackedExperts);
