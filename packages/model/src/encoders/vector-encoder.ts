/**
 * Unimodal encoder for utterance-level vectors: `MLP(D -> d -> d)` then LayerNorm (UMQ Eq 28
 * with T = 1; the PyTorch reference's `VectorEncoder`), or the MLP alone with `norm: 'none'`.
 */
import { tf, Module, MLP, LayerNorm, deriveSeed, assertOneOf, type CallContext, type Seed } from '@umq/core';

/** Options of {@link VectorEncoder}. */
export interface VectorEncoderOptions {
  /** Input width D. */
  inFeatures: number;
  /** Representation width d. */
  d: number;
  /** Normalisation of the output: 'layer' (LayerNorm, the spec) or 'none'. Default 'layer'. */
  norm?: 'layer' | 'none';
  /** Dropout after the hidden ReLU. Default 0.1. */
  dropout?: number;
  /** Seed. Default 0. */
  seed?: Seed;
}

/**
 * `[B, D] -> u [B, d]`.
 *
 * @example
 * ```ts
 * const enc = new VectorEncoder({ inFeatures: 73, d: 64 });
 * const u = enc.call(tf.zeros([8, 73]), null, EVAL); // [8, 64]
 * ```
 */
export class VectorEncoder extends Module {
  static override className = 'umq.VectorEncoder';
  private readonly net: MLP;
  private readonly ln: LayerNorm | null;
  private readonly options: VectorEncoderOptions;

  constructor(options: VectorEncoderOptions) {
    super();
    this.options = options;
    this.net = this.addModule('net', new MLP({ inFeatures: options.inFeatures, hidden: options.d, outFeatures: options.d, dropout: options.dropout ?? 0.1, seed: deriveSeed(options.seed ?? 0, 'net'), dataInput: true }));
    assertOneOf('VectorEncoder.norm', options.norm ?? 'layer', ['layer', 'none'] as const);
    this.ln = (options.norm ?? 'layer') === 'layer' ? this.addModule('ln', new LayerNorm({ features: options.d })) : null;
  }

  /** Encodes `x [B, D]` (the mask is unused for vectors). */
  call(x: tf.Tensor, _mask: tf.Tensor | null, ctx: CallContext): tf.Tensor {
    return tf.tidy(() => {
      const h = this.net.call(x, ctx);
      return this.ln ? this.ln.call(h) : h;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, seed: String(this.options.seed ?? 0) };
  }
}
tf.serialization.registerClass(VectorEncoder);
