/**
 * The baselines' network: `in -> d -> d -> out` with ReLU and dropout (the PyTorch reference's
 * early/late fusion MLP).
 */
import { tf, Module, Linear, trainingDropout, deriveSeed, type CallContext, type Seed } from '@umq/core';

/** Options of {@link FeedForward}. */
export interface FeedForwardOptions {
  /** Input width. */
  inFeatures: number;
  /** Hidden width (both hidden layers). */
  hidden: number;
  /** Output width. */
  outFeatures: number;
  /** Dropout after each hidden ReLU. Default 0.1. */
  dropout?: number;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/**
 * Three-layer perceptron with ReLU and dropout.
 *
 * @example
 * ```ts
 * const net = new FeedForward({ inFeatures: 273, hidden: 64, outFeatures: 1 });
 * const logits = net.call(tf.zeros([8, 273]), EVAL); // [8, 1]
 * ```
 */
export class FeedForward extends Module {
  static override className = 'umq.FeedForward';
  private readonly layers: Linear[];
  private readonly options: Required<FeedForwardOptions>;

  constructor(options: FeedForwardOptions) {
    super();
    this.options = { dropout: 0.1, seed: 0, ...options };
    const { inFeatures, hidden, outFeatures, seed } = this.options;
    const widths = [inFeatures, hidden, hidden, outFeatures];
    this.layers = [0, 1, 2].map((i) => this.addModule(`l${i + 1}`, new Linear({ inFeatures: widths[i], outFeatures: widths[i + 1], seed: deriveSeed(seed, 'l', i), dataInput: i === 0 })));
  }

  /** `x [B, in] -> [B, out]`. */
  call(x: tf.Tensor, ctx: CallContext): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      this.layers.forEach((layer, i) => {
        h = layer.call(h);
        if (i < this.layers.length - 1) {
          h = trainingDropout(tf.relu(h), this.options.dropout, ctx, 'FeedForward.call');
        }
      });
      return h;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, seed: String(this.options.seed) };
  }
}
tf.serialization.registerClass(FeedForward);
