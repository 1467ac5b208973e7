/**
 * Unimodal encoder for feature sequences (UMQ Eq 24-28): a projection into d (Linear for
 * language, temporal Conv1D with kernel 3 for the others), transformer encoder layers with
 * padding masks, LayerNorm, and mean pooling over the valid steps.
 */
import { tf, Module, Linear, Conv1d, TransformerEncoderLayer, LayerNorm, maskedMeanPool, deriveSeed, sequencePacking, packSequence, unpackSequence, type CallContext, type Seed } from '@umq/core';

/** Options of {@link SequenceEncoder}. */
export interface SequenceEncoderOptions {
  /** Input width D. */
  inFeatures: number;
  /** Representation width d. */
  d: number;
  /** Projection: 'linear' (language, Eq 24) or 'conv' (acoustic/visual, Eq 25). Default 'conv'. */
  projection?: 'linear' | 'conv';
  /** Conv1D kernel. Default 3. */
  kernel?: number;
  /** Transformer layers. Default 1. */
  layers?: number;
  /** Attention heads (must divide d). Default 4. */
  heads?: number;
  /** Feed-forward width. Default 2d. */
  ffDim?: number;
  /** Dropout in the transformer layers. Default 0.1. */
  dropout?: number;
  /**
   * Skip the padded steps in every position-wise part (projection, attention's projections,
   * feed-forward blocks, layer norms): the valid steps of a batch are packed into rows
   * ({@link packSequence}) and only attention sees the padded layout. The outputs equal those
   * of the padded computation up to float rounding (padded steps are masked as keys and left
   * out of the pooling); the work shrinks with the share of padding. With dropout the masks
   * are drawn over the packed rows, so they differ from the padded layout's. Default true.
   */
  skipPadding?: boolean;
  /** Seed. Default 0. */
  seed?: Seed;
}

/**
 * `[B, T, D]` (+ mask `[B, T]`, 1 = valid) `-> u [B, d]`. No positional encoding (the spec has none).
 *
 * @example
 * ```ts
 * const enc = new SequenceEncoder({ inFeatures: 74, d: 64, projection: 'conv' });
 * const u = enc.call(tf.zeros([8, 50, 74]), tf.ones([8, 50]), EVAL); // [8, 64]
 * ```
 */
export class SequenceEncoder extends Module {
  static override className = 'umq.SequenceEncoder';
  private readonly proj: Linear | Conv1d;
  private readonly layers: TransformerEncoderLayer[];
  private readonly ln: LayerNorm;
  private readonly options: SequenceEncoderOptions;

  constructor(options: SequenceEncoderOptions) {
    super();
    this.options = options;
    const seed = options.seed ?? 0;
    const d = options.d;
    this.proj = options.projection === 'linear'
      ? this.addModule('proj', new Linear({ inFeatures: options.inFeatures, outFeatures: d, seed: deriveSeed(seed, 'proj'), dataInput: true }))
      : this.addModule('proj', new Conv1d({ inChannels: options.inFeatures, outChannels: d, kernelSize: options.kernel ?? 3, seed: deriveSeed(seed, 'proj') }));
    this.layers = Array.from({ length: options.layers ?? 1 }, (_, i) =>
      this.addModule(`layer${i}`, new TransformerEncoderLayer({ dModel: d, numHeads: options.heads ?? 4, dimFeedforward: options.ffDim ?? 2 * d, dropout: options.dropout ?? 0.1, seed: deriveSeed(seed, 'layer', i) })),
    );
    this.ln = this.addModule('ln', new LayerNorm({ features: d }));
  }

  /** Encodes `x [B, T, D]` with padding mask `[B, T]` (null: all valid). */
  call(x: tf.Tensor, mask: tf.Tensor | null, ctx: CallContext): tf.Tensor {
    return tf.tidy(() => {
      const packing = mask && this.options.skipPadding !== false ? sequencePacking(mask) : null;
      if (!packing) {
        let h = this.proj.call(x);
        for (const layer of this.layers) h = layer.call(h, mask, ctx);
        return maskedMeanPool(this.ln.call(h), mask ?? undefined);
      }
      // the linear projection reads only the valid steps; the convolution needs their neighbours
      let h: tf.Tensor = this.proj instanceof Linear ? this.proj.call(packSequence(x, packing)) : packSequence(this.proj.call(x), packing);
      for (const layer of this.layers) h = layer.call(h, mask, ctx, packing);
      return maskedMeanPool(unpackSequence(this.ln.call(h), packing), mask!);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, seed: String(this.options.seed ?? 0) } as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(SequenceEncoder);
