/**
 * `TransformerEncoderLayer`: PyTorch `nn.TransformerEncoderLayer(d_model, nhead,
 * dim_feedforward, dropout, batch_first=True)` (post-norm, ReLU) on tfjs.
 */
import { tf } from '../tf';
import { Module, type CallContext, EVAL } from './module';
import { MultiHeadSelfAttention } from './attention';
import { Linear } from './linear';
import { LayerNorm } from './layer-norm';
import { trainingDropout } from '../ops/dropout';
import type { SequencePacking } from '../ops/sequence-packing';
import { deriveSeed, type Seed } from '../random';
import { OptionError } from '../errors';

/** Options of {@link TransformerEncoderLayer}. */
export interface TransformerEncoderLayerOptions {
  /** Model width d. */
  dModel: number;
  /** Attention heads; must divide `dModel`. Default `4`. */
  numHeads?: number;
  /** Hidden width of the feed-forward block. Default `2048` (PyTorch's default). */
  dimFeedforward?: number;
  /** Dropout on attention weights, after attention, inside and after the feed-forward block. Default `0.1` (PyTorch). */
  dropout?: number;
  /** LayerNorm epsilon. Default `1e-5`. */
  layerNormEps?: number;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/**
 * One post-norm transformer encoder layer (UMQ Eq 25-27 sequence encoders):
 * `x = LN1(x + Drop(SA(x, mask)))`, then `x = LN2(x + Drop(W2 Drop(ReLU(W1 x))))`.
 * State names follow PyTorch: `selfAttn.*`, `linear1`, `linear2`, `norm1`, `norm2`
 * (Linear weights stored `[in, out]`, the transpose of PyTorch's).
 *
 * @example
 * ```ts
 * const layer = new TransformerEncoderLayer({ dModel: 100, numHeads: 4, dimFeedforward: 200, seed: 1 });
 * const y = layer.call(tf.randomNormal([8, 50, 100]), tf.ones([8, 50]), EVAL); // [8, 50, 100]
 * ```
 */
export class TransformerEncoderLayer extends Module {
  static override className = 'umq.TransformerEncoderLayer';
  /** The multi-head self-attention block. */
  readonly selfAttn: MultiHeadSelfAttention;
  /** Feed-forward input layer `dModel -> dimFeedforward`. */
  readonly linear1: Linear;
  /** Feed-forward output layer `dimFeedforward -> dModel`. */
  readonly linear2: Linear;
  /** Layer norm after the attention residual (post-norm, as PyTorch's default). */
  readonly norm1: LayerNorm;
  /** Layer norm after the feed-forward residual. */
  readonly norm2: LayerNorm;
  private readonly options: Required<Omit<TransformerEncoderLayerOptions, 'seed'>> & { seed: Seed };

  constructor(options: TransformerEncoderLayerOptions) {
    super();
    this.options = { numHeads: 4, dimFeedforward: 2048, dropout: 0.1, layerNormEps: 1e-5, seed: 0, ...options };
    const { dModel: d, numHeads, dimFeedforward: ff, dropout, layerNormEps: eps, seed } = this.options;
    if (!(dropout >= 0 && dropout < 1)) throw new OptionError(`TransformerEncoderLayer.dropout must be in [0, 1), got ${dropout}`);
    this.selfAttn = this.addModule('selfAttn', new MultiHeadSelfAttention({ dModel: d, numHeads, dropout, seed: deriveSeed(seed, 'selfAttn') }));
    this.linear1 = this.addModule('linear1', new Linear({ inFeatures: d, outFeatures: ff, seed: deriveSeed(seed, 'linear1') }));
    this.linear2 = this.addModule('linear2', new Linear({ inFeatures: ff, outFeatures: d, seed: deriveSeed(seed, 'linear2') }));
    this.norm1 = this.addModule('norm1', new LayerNorm({ features: d, eps }));
    this.norm2 = this.addModule('norm2', new LayerNorm({ features: d, eps }));
  }

  /**
   * `x [B, T, d] -> [B, T, d]`.
   *
   * @param mask - `[B, T]`, 1 = valid step (padded steps are not attended to), or null.
   * @param ctx - training flag; `ctx.rng` is required when training with dropout > 0.
   * @param packing - `x` and the output hold only the valid steps of `mask`, `[N, d]`
   *   ({@link packSequence}): every position-wise part skips the padded steps. Default null.
   */
  call(x: tf.Tensor, mask: tf.Tensor | null = null, ctx: CallContext = EVAL, packing: SequencePacking | null = null): tf.Tensor {
    const rate = this.options.dropout;
    const drop = (z: tf.Tensor): tf.Tensor => trainingDropout(z, rate, ctx, 'TransformerEncoderLayer.call');
    return tf.tidy(() => {
      const sa = this.selfAttn.call(x, mask, ctx, false, packing).output;
      const h = this.norm1.call(tf.add(x, drop(sa)));
      const ffOut = this.linear2.call(drop(tf.relu(this.linear1.call(h))));
      return this.norm2.call(tf.add(h, drop(ffOut)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(TransformerEncoderLayer);
