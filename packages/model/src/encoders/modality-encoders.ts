/**
 * The unimodal encoders of a model (spec section 0, UMQ Eq 24-28), one per modality, as one
 * module: what `UMQModel` encodes its inputs with and what an encoder-worker runner builds in a
 * worker thread without the rest of the model.
 */
import { tf, Module, deriveSeed, assertInteger, assertOneOf, OptionError, ShapeError, type CallContext, type Seed } from '@umq/core';
import type { ModalityInput } from '../types';
import { VectorEncoder } from './vector-encoder';
import { SequenceEncoder } from './sequence-encoder';

/** Projection of a language sequence into d (Eq 24): a linear layer (the spec) or a convolution. */
export type LanguageProjection = 'linear' | 'conv';

/** Options of {@link ModalityEncoders}. */
export interface ModalityEncodersOptions {
  /** The modalities, in input order. */
  modalities: ModalityInput[];
  /** Representation width d. Paper: 100 (64 for MUStARD). */
  d: number;
  /** Dropout of the vector MLPs and the transformer layers, in [0, 1). Default 0.1 (not in the paper). */
  dropout?: number;
  /** Output normalisation of the vector encoders: 'layer' (LayerNorm, the spec) or 'none'. Default 'layer'. */
  vectorNorm?: 'layer' | 'none';
  /** Which modality is language (its sequence projection is `languageProjection`). Default 0. */
  languageIndex?: number;
  /** Projection of the language sequence. Default 'linear' (Eq 24). */
  languageProjection?: LanguageProjection;
  /** Conv1D kernel of the other sequence encoders (Eq 25). Default 3. */
  convKernel?: number;
  /** Transformer encoder layers per sequence modality. Default 1. */
  layers?: number;
  /** Attention heads (must divide d). Default 4. */
  heads?: number;
  /** Feed-forward width as a multiple of d. Default 2. */
  ffMult?: number;
  /** Sequence encoders compute only the valid steps ({@link SequenceEncoder}'s `skipPadding`). Default true. */
  skipPadding?: boolean;
  /** Seed: encoder m initialises from `deriveSeed(seed, 'encoder', m)`. Default 0. */
  seed?: Seed;
}

/** An encoder of one modality: `[B, D]` or `[B, T, D]` (+ mask) -> `u [B, d]`. */
export type ModalityEncoder = VectorEncoder | SequenceEncoder;

/**
 * The M unimodal encoders: vectors through {@link VectorEncoder} (MLP, optional LayerNorm),
 * sequences through {@link SequenceEncoder} (projection, transformer, LayerNorm, pooling).
 * Encoder m is the child `String(m)`, so its parameters are named `<m>.<...>` here and
 * `encoders.<m>.<...>` inside a `UMQModel`.
 *
 * @example
 * ```ts
 * const encoders = new ModalityEncoders({ modalities: [{ name: 'text', kind: 'vector', dim: 100 }, { name: 'audio', kind: 'sequence', dim: 74 }], d: 64 });
 * const u = encoders.encode(batch.x, batch.mask, EVAL); // [2, B, 64]
 * ```
 */
export class ModalityEncoders extends Module {
  static override className = 'umq.ModalityEncoders';
  /** The resolved options. */
  readonly options: Required<ModalityEncodersOptions>;
  private readonly list: ModalityEncoder[];

  constructor(options: ModalityEncodersOptions) {
    super();
    const o: Required<ModalityEncodersOptions> = {
      dropout: 0.1, vectorNorm: 'layer', languageIndex: 0, languageProjection: 'linear', convKernel: 3, layers: 1, heads: 4, ffMult: 2, skipPadding: true, seed: 0, ...options,
    };
    if (!Array.isArray(o.modalities) || o.modalities.length < 1) throw new OptionError('ModalityEncoders.modalities must list at least one modality');
    assertInteger('ModalityEncoders.d', o.d, 1);
    assertOneOf('ModalityEncoders.vectorNorm', o.vectorNorm, ['layer', 'none'] as const);
    assertOneOf('ModalityEncoders.languageProjection', o.languageProjection, ['linear', 'conv'] as const);
    this.options = o;
    this.list = o.modalities.map((mod, m) =>
      this.addModule(String(m), mod.kind === 'vector'
        ? new VectorEncoder({ inFeatures: mod.dim, d: o.d, norm: o.vectorNorm, dropout: o.dropout, seed: deriveSeed(o.seed, 'encoder', m) })
        : new SequenceEncoder({
            inFeatures: mod.dim, d: o.d, projection: m === o.languageIndex ? o.languageProjection : 'conv', kernel: o.convKernel, layers: o.layers, heads: o.heads,
            ffDim: o.ffMult * o.d, dropout: o.dropout, skipPadding: o.skipPadding, seed: deriveSeed(o.seed, 'encoder', m),
          })),
    );
  }

  /** Number of modalities M. */
  get size(): number {
    return this.list.length;
  }

  /** The encoder of modality `m`. */
  encoder(m: number): ModalityEncoder {
    const e = this.list[m];
    if (!e) throw new OptionError(`ModalityEncoders.encoder: no modality ${m} (there are ${this.list.length})`);
    return e;
  }

  /** The trainable parameters of the encoders of `modalities`, named as in this module (`<m>.<...>`), in order. */
  parametersOf(modalities: readonly number[]): [string, tf.Variable][] {
    return modalities.flatMap((m) => this.encoder(m).namedParameters(`${m}.`));
  }

  /** Parameters and buffers of the encoders of `modalities`, named as in this module. */
  stateOf(modalities: readonly number[]): Record<string, tf.Variable> {
    return Object.fromEntries(modalities.flatMap((m) => Object.entries(this.encoder(m).stateDict()).map(([k, v]) => [`${m}.${k}`, v])));
  }

  /**
   * Encodes the modalities `which` (default all, in order): `u [which.length, B, d]`.
   *
   * @param x - per modality of `which`, `[B, D]` or `[B, T, D]`
   * @param mask - per modality of `which`, the `[B, T]` padding mask or null
   */
  encode(x: tf.Tensor[], mask: (tf.Tensor | null)[], ctx: CallContext, which?: readonly number[]): tf.Tensor {
    const ms = which ?? this.list.map((_, m) => m);
    if (x.length !== ms.length) throw new ShapeError(`ModalityEncoders.encode: got ${x.length} modalities, expected ${ms.length}: pass one input per modality, in order`);
    return tf.tidy(() => tf.stack(ms.map((m, i) => this.encoder(m).call(x[i], mask[i] ?? null, ctx)), 0));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(ModalityEncoders);
