/**
 * Per-modality containers: M independent linear layers or MLPs applied to a stacked
 * `[M, N, in]` tensor (the layout convention of this package; see the README). Parameters are
 * stored stacked (`weight [M, in, out]`, `bias [M, out]`, the reference's `MultiLinear`) and
 * each layer runs as one grouped op (`groupedLinear` of `@umq/core`).
 */
import { tf, GroupedLinear, GroupedMLP, EVAL, assertInteger, ShapeError, type CallContext, type Seed } from '@umq/core';

function checkInput(owner: string, x: tf.Tensor, M: number, inF: number): void {
  if (x.rank !== 3 || x.shape[0] !== M || x.shape[2] !== inF) {
    throw new ShapeError(`${owner}: input must be stacked [M=${M}, N, ${inF}], got [${x.shape.join(', ')}]: tf.stack the per-modality [N, ${inF}] tensors in modality order`);
  }
}

/** Options of {@link ModalityMLPs}. */
export interface ModalityMLPsOptions {
  /** Number of modalities M (>= 1). */
  modalities: number;
  /** Input width of every MLP. */
  inFeatures: number;
  /** Hidden width of every MLP. */
  hidden: number;
  /** Output width of every MLP. */
  outFeatures: number;
  /** Initialisation seed (each modality draws its own stream). Default `0`. */
  seed?: Seed;
}

/**
 * One ReLU MLP per modality over a stacked input: `x [M, N, in] -> [M, N, out]` (state
 * `l1.weight [M, in, hidden]`, `l1.bias [M, hidden]`, `l2.weight [M, hidden, out]`,
 * `l2.bias [M, out]`). No dropout, as in the reference.
 *
 * @example
 * ```ts
 * const nets = new ModalityMLPs({ modalities: 3, inFeatures: 16, hidden: 32, outFeatures: 32, seed: 1 });
 * const y = nets.call(tf.ones([3, 5, 16])); // [3, 5, 32]
 * ```
 */
export class ModalityMLPs extends GroupedMLP {
  static override className = 'umq.enhancer.ModalityMLPs';
  private readonly modalityOptions: Required<ModalityMLPsOptions>;

  constructor(options: ModalityMLPsOptions) {
    assertInteger('ModalityMLPs.modalities', options.modalities, 1);
    const o: Required<ModalityMLPsOptions> = { seed: 0, ...options };
    super({ groups: o.modalities, inFeatures: o.inFeatures, hidden: o.hidden, outFeatures: o.outFeatures, seed: o.seed });
    this.modalityOptions = o;
  }

  /** `x [M, N, in] -> [M, N, out]`. */
  override call(x: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor3D {
    checkInput(this.getClassName(), x, this.modalityOptions.modalities, this.modalityOptions.inFeatures);
    return super.call(x, ctx);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.modalityOptions };
  }
}
tf.serialization.registerClass(ModalityMLPs);

/** Options of {@link ModalityLinears}. */
export interface ModalityLinearsOptions {
  /** Number of modalities M (>= 1). */
  modalities: number;
  /** Input width. */
  inFeatures: number;
  /** Output width. */
  outFeatures: number;
  /** Initialisation seed (each modality draws its own stream). Default `0`. */
  seed?: Seed;
}

/**
 * One linear layer per modality (PyTorch init), stacked: `weight [M, in, out]`, `bias
 * [M, out]`; `call(x [M, N, in]) -> [M, N, out]`.
 *
 * @example
 * ```ts
 * const lin = new ModalityLinears({ modalities: 3, inFeatures: 16, outFeatures: 16, seed: 2 });
 * const y = lin.call(tf.ones([3, 5, 16])); // [3, 5, 16]
 * ```
 */
export class ModalityLinears extends GroupedLinear {
  static override className = 'umq.enhancer.ModalityLinears';
  private readonly modalityOptions: Required<ModalityLinearsOptions>;

  constructor(options: ModalityLinearsOptions) {
    assertInteger('ModalityLinears.modalities', options.modalities, 1);
    const o: Required<ModalityLinearsOptions> = { seed: 0, ...options };
    super({ groups: o.modalities, inFeatures: o.inFeatures, outFeatures: o.outFeatures, seed: o.seed });
    this.modalityOptions = o;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.modalityOptions };
  }
}
tf.serialization.registerClass(ModalityLinears);
