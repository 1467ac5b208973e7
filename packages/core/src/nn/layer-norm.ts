/**
 * `LayerNorm` module: learnable gain and bias over the last axis.
 */
import { tf } from '../tf';
import { Module } from './module';
import { layerNorm } from '../ops/layer-norm';
import { assertInteger } from '../validate';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Width of the normalised (last) axis. */
  features: number;
  /** Added to the variance. Default `1e-5` (PyTorch). */
  eps?: number;
}

/**
 * Layer normalisation with gain (init 1) and bias (init 0).
 *
 * @example
 * ```ts
 * const ln = new LayerNorm({ features: 64 });
 * const y = ln.call(tf.randomNormal([8, 64]));
 * ```
 */
export class LayerNorm extends Module {
  static override className = 'umq.LayerNorm';
  /** Scale γ `[features]`, initialised to 1. */
  readonly gamma: tf.Variable;
  /** Shift β `[features]`, initialised to 0. */
  readonly beta: tf.Variable;
  private readonly options: Required<LayerNormOptions>;

  constructor(options: LayerNormOptions) {
    super();
    assertInteger('LayerNorm.features', options.features, 1);
    this.options = { eps: 1e-5, ...options };
    this.gamma = this.addParameter('gamma', tf.ones([options.features]));
    this.beta = this.addParameter('beta', tf.zeros([options.features]));
  }

  /** Normalises `x [..., features]`. */
  call(x: tf.Tensor): tf.Tensor {
    return layerNorm(x, this.gamma, this.beta, this.options.eps);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(LayerNorm);
