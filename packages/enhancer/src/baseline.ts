/**
 * The modality baseline representation of UMQ (Eq 7): an exponential moving average of the
 * modality-specific parts plus a trainable bias.
 */
import { tf, Module, EVAL, OptionError, stopGradient, assertInteger, assertNumberInRange, type CallContext, assertModalityStack } from '@umq/core';

/** Options of {@link ModalityBaseline}. */
export interface ModalityBaselineOptions {
  /** Number of modalities M (>= 2). */
  modalities: number;
  /** Representation width d. */
  features: number;
  /** EMA momentum β in [0, 1). Default `0.9` (spec reading; the paper gives no value). */
  beta?: number;
}

/**
 * `b_m = b̄_m + e_m` (UMQ Eq 7): `b̄_m <- β b̄_m + (1 - β) mean_i sg(c_m^i)` is a
 * non-trainable buffer (saved in the state dict as `movingAverage`, initialised to 0,
 * updated only when `ctx.training`), and `e_m` a trainable bias (`bias`, initialised to 0).
 *
 * @example
 * ```ts
 * const base = new ModalityBaseline({ modalities: 3, features: 16 });
 * const b = base.call(c, { training: true, rng }); // updates b̄ from c [3, B, 16]; b [3, 16]
 * const bEval = base.call(c); // no update
 * ```
 */
export class ModalityBaseline extends Module {
  static override className = 'umq.ModalityBaseline';
  /** b̄ `[M, d]`, the EMA buffer. */
  readonly movingAverage: tf.Variable;
  /** e `[M, d]`, the trainable bias. */
  readonly bias: tf.Variable;
  private readonly options: Required<ModalityBaselineOptions>;

  constructor(options: ModalityBaselineOptions) {
    super();
    assertInteger('ModalityBaseline.modalities', options.modalities, 2, 'UMQ needs at least two modalities');
    assertInteger('ModalityBaseline.features', options.features, 1);
    this.options = { beta: 0.9, ...options };
    assertNumberInRange('ModalityBaseline.beta', this.options.beta, 0, 1 - 1e-12);
    const { modalities: M, features: d } = this.options;
    this.movingAverage = this.addBuffer('movingAverage', tf.zeros([M, d]));
    this.bias = this.addParameter('bias', tf.zeros([M, d]));
  }

  /**
   * In training, first folds `mean_i sg(source)` into the EMA buffer; then returns
   * `b = b̄ + e` `[M, d]` (gradient flows to e only).
   * @param source - the modality-specific parts c `[M, B, d]` (the raw u without
   *   decoupling); read only when `ctx.training`, so it may be null at inference.
   */
  call(source: tf.Tensor | null, ctx: CallContext = EVAL): tf.Tensor {
    const { modalities: M, features: d, beta } = this.options;
    if (ctx.training) {
      if (!source) throw new OptionError('ModalityBaseline.call: training needs `source` (c [M, B, d]) to update the moving average');
      assertModalityStack('ModalityBaseline.call', 'source', source, M, d);
      const next = tf.tidy(() => tf.add(tf.mul(this.movingAverage, beta), tf.mul(tf.mean(stopGradient(source), 1), 1 - beta)));
      this.movingAverage.assign(next);
      next.dispose();
    }
    return tf.tidy(() => tf.add(this.movingAverage, this.bias));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(ModalityBaseline);
