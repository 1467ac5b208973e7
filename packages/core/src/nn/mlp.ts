/**
 * `MLP`: Linear -> activation -> dropout -> Linear (the two-layer block used all over UMQ).
 */
import { tf } from '../tf';
import { Module, type CallContext, EVAL } from './module';
import { Linear, type LinearOptions } from './linear';
import { deriveSeed, type Seed } from '../random';
import { trainingDropout } from '../ops/dropout';
import { OptionError } from '../errors';

/** Activation functions of {@link MLP}. */
export type Activation = 'relu' | 'gelu' | 'tanh' | 'none';

/** Options of {@link MLP}. */
export interface MLPOptions {
  /** Input width. */
  inFeatures: number;
  /** Hidden width. */
  hidden: number;
  /** Output width. */
  outFeatures: number;
  /** Hidden activation. Default `'relu'` (the UMQ reference). */
  activation?: Activation;
  /** Dropout after the activation, in [0, 1). Default `0`. */
  dropout?: number;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
  /** The input is data (first layer of an encoder): skip its gradient (see {@link LinearOptions.dataInput}). Default `false`. */
  dataInput?: boolean;
}

/**
 * Applies an {@link Activation}.
 *
 * @example
 * ```ts
 * activate(tf.tensor1d([-1, 2]), 'relu').print(); // [0, 2]
 * ```
 */
export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
    case 'none':
      return x;
    default:
      throw new OptionError(`unknown activation ${JSON.stringify(activation)}: use 'relu', 'gelu', 'tanh' or 'none'`);
  }
}

/**
 * Two-layer perceptron `in -> hidden -> out`.
 *
 * @example
 * ```ts
 * const mlp = new MLP({ inFeatures: 100, hidden: 50, outFeatures: 1, seed: 3 });
 * const y = mlp.call(tf.ones([8, 100])); // [8, 1]
 * ```
 */
export class MLP extends Module {
  static override className = 'umq.MLP';
  /** First layer `inFeatures -> hidden`. */
  readonly l1: Linear;
  /** Second layer `hidden -> outFeatures`. */
  readonly l2: Linear;
  private readonly options: Required<MLPOptions>;

  constructor(options: MLPOptions) {
    super();
    this.options = { activation: 'relu', dropout: 0, seed: 0, dataInput: false, ...options };
    if (!(this.options.dropout >= 0 && this.options.dropout < 1)) throw new OptionError(`MLP.dropout must be in [0, 1), got ${this.options.dropout}`);
    this.l1 = this.addModule('l1', new Linear({ inFeatures: options.inFeatures, outFeatures: options.hidden, seed: deriveSeed(this.options.seed, 'l1'), dataInput: this.options.dataInput }));
    this.l2 = this.addModule('l2', new Linear({ inFeatures: options.hidden, outFeatures: options.outFeatures, seed: deriveSeed(this.options.seed, 'l2') }));
  }

  /** `x [..., in] -> [..., out]`; dropout only when `ctx.training`. */
  call(x: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor {
    return tf.tidy(() => {
      const h = activate(this.l1.call(x), this.options.activation);
      return this.l2.call(trainingDropout(h, this.options.dropout, ctx, 'MLP.call'));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(MLP);
