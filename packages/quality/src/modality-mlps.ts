/**
 * `ModalityMLPs`: M independent two-layer perceptrons, one per modality, applied to a stacked
 * `[M, N, in]` tensor (the layout convention of this package; see the README).
 */
import { tf, GroupedMLP, EVAL, assertInteger, ShapeError, type CallContext, type Seed, type Activation } from '@umq/core';

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
  /** Initialisation seed (each modality draws its own stream). Default `0`. */
  seed?: Seed;
}

/**
 * One MLP per modality over a stacked input: `x [M, N, in] -> [M, N, out]`, where modality
 * m's slice goes through MLP m. The M networks are stored stacked, as the reference's
 * `MultiMLP`: state `l1.weight [M, in, hidden]`, `l1.bias [M, hidden]`, `l2.weight
 * [M, hidden, out]`, `l2.bias [M, out]`, and run as one grouped op per layer
 * (`groupedLinear` of `@umq/core`).
 *
 * @example
 * ```ts
 * const nets = new ModalityMLPs({ modalities: 3, inFeatures: 8, hidden: 4, outFeatures: 1, seed: 1 });
 * const y = nets.call(tf.ones([3, 5, 8])); // [3, 5, 1]
 * ```
 */
export class ModalityMLPs extends GroupedMLP {
  static override className = 'umq.quality.ModalityMLPs';
  private readonly modalityOptions: Required<ModalityMLPsOptions>;

  constructor(options: ModalityMLPsOptions) {
    assertInteger('ModalityMLPs.modalities', options.modalities, 1);
    assertInteger('ModalityMLPs.inFeatures', options.inFeatures, 1);
    assertInteger('ModalityMLPs.hidden', options.hidden, 1);
    assertInteger('ModalityMLPs.outFeatures', options.outFeatures, 1);
    const o: Required<ModalityMLPsOptions> = { activation: 'relu', dropout: 0, seed: 0, ...options };
    super({ groups: o.modalities, inFeatures: o.inFeatures, hidden: o.hidden, outFeatures: o.outFeatures, activation: o.activation, dropout: o.dropout, seed: o.seed });
    this.modalityOptions = o;
  }

  /** `x [M, N, in] -> [M, N, out]`; dropout only when `ctx.training` (then `ctx.rng` is required). */
  override call(x: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor3D {
    const { modalities: M, inFeatures } = this.modalityOptions;
    if (x.rank !== 3 || x.shape[0] !== M || x.shape[2] !== inFeatures) {
      throw new ShapeError(`${this.getClassName()}: input must be stacked [M=${M}, N, ${inFeatures}], got [${x.shape.join(', ')}]: stack the per-modality tensors with tf.stack(list) in modality order`);
    }
    return super.call(x, ctx);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.modalityOptions };
  }
}
tf.serialization.registerClass(ModalityMLPs);
