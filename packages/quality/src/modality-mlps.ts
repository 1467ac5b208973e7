/**
 * `ModalityMLPs`: M independent two-layer perceptrons, one per modality, applied to a stacked
 * `[M, N, in]` tensor (the layout convention of this package; see the README).
 */
import { tf, Module, MLP, EVAL, deriveSeed, assertInteger, ShapeError, type CallContext, type Seed, type Activation } from '@umq/core';

/** Options of {@link ModalityMLPs}. */
export interface ModalityMLPsOptions {
  /** Number of modalities M (>= 1; the UMQ components use >= 2). */
  modalities: number;
  /** Input width of every MLP. */
  inFeatures: number;
  /** Hidden width of every MLP. */
  hidden: number;
  /** Output width of every MLP. */
  outFeatures: number;
  /** Hidden activation. Default `'relu'` (the UMQ reference). */
  activation?: Activation;
  /** Dropout after the activation, in [0, 1). Default `0`. */
  dropout?: number;
  /** Initialisation seed; modality m's MLP uses `deriveSeed(seed, m)`. Default `0`. */
  seed?: Seed;
}

/**
 * One {@link MLP} per modality over a stacked input: `x [M, N, in] -> [M, N, out]`, where
 * modality m's slice goes through MLP m (state names `0.l1.weight`, `1.l1.weight`, ...).
 *
 * @example
 * ```ts
 * const nets = new ModalityMLPs({ modalities: 3, inFeatures: 8, hidden: 4, outFeatures: 1, seed: 1 });
 * const y = nets.call(tf.ones([3, 5, 8])); // [3, 5, 1]
 * ```
 */
export class ModalityMLPs extends Module {
  static override className = 'umq.quality.ModalityMLPs';
  /** The per-modality networks, modality order. */
  readonly nets: readonly MLP[];
  private readonly options: Required<ModalityMLPsOptions>;

  constructor(options: ModalityMLPsOptions) {
    super();
    assertInteger('ModalityMLPs.modalities', options.modalities, 1);
    assertInteger('ModalityMLPs.inFeatures', options.inFeatures, 1);
    assertInteger('ModalityMLPs.hidden', options.hidden, 1);
    assertInteger('ModalityMLPs.outFeatures', options.outFeatures, 1);
    this.options = { activation: 'relu', dropout: 0, seed: 0, ...options };
    const o = this.options;
    this.nets = Array.from({ length: o.modalities }, (_, m) =>
      this.addModule(String(m), new MLP({ inFeatures: o.inFeatures, hidden: o.hidden, outFeatures: o.outFeatures, activation: o.activation, dropout: o.dropout, seed: deriveSeed(o.seed, m) })),
    );
  }

  /** `x [M, N, in] -> [M, N, out]`; dropout only when `ctx.training` (then `ctx.rng` is required). */
  call(x: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor {
    const { modalities: M, inFeatures } = this.options;
    if (x.rank !== 3 || x.shape[0] !== M || x.shape[2] !== inFeatures) {
      throw new ShapeError(`${this.getClassName()}: input must be stacked [M=${M}, N, ${inFeatures}], got [${x.shape.join(', ')}]: stack the per-modality tensors with tf.stack(list) in modality order`);
    }
    return tf.tidy(() => tf.stack(tf.unstack(x, 0).map((xm, m) => this.nets[m].call(xm, ctx)), 0));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(ModalityMLPs);
