/**
 * Per-modality containers: M independent MLPs or linear layers applied to a stacked
 * `[M, N, in]` tensor (the layout of the UMQ packages: modality-major). Parameters are stored
 * stacked like the PyTorch reference's `MultiMLP`/`MultiLinear` (`weight [M, in, out]`,
 * `bias [M, out]`) and each layer runs as one grouped op ({@link groupedLinear}). They are
 * {@link GroupedMLP} and {@link GroupedLinear} with modality-worded errors, shared by
 * `@umq/quality` (estimator, heads) and `@umq/enhancer` (decoupler, enhancer).
 */
import { tf } from '../tf';
import { EVAL, type CallContext } from './module';
import { GroupedLinear, GroupedMLP } from './grouped';
import type { Activation } from './mlp';
import type { Seed } from '../random';
import { assertInteger } from '../validate';
import { ShapeError } from '../errors';

function checkStacked(owner: string, x: tf.Tensor, M: number, inFeatures: number): void {
  if (x.rank !== 3 || x.shape[0] !== M || x.shape[2] !== inFeatures) {
    throw new ShapeError(`${owner}: input must be stacked [M=${M}, N, ${inFeatures}], got [${x.shape.join(', ')}]: stack the per-modality [N, ${inFeatures}] tensors with tf.stack(list) in modality order`);
  }
}

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
  /** Dropout after the activation, in [0, 1) (training only). Default `0` (the reference has none). */
  dropout?: number;
  /** Initialisation seed (each modality draws its own stream). Default `0`. */
  seed?: Seed;
}

/**
 * One two-layer perceptron per modality over a stacked input: `x [M, N, in] -> [M, N, out]`,
 * modality m's slice through MLP m. State: `l1.weight [M, in, hidden]`, `l1.bias [M, hidden]`,
 * `l2.weight [M, hidden, out]`, `l2.bias [M, out]`.
 *
 * @example
 * ```ts
 * const nets = new ModalityMLPs({ modalities: 3, inFeatures: 8, hidden: 4, outFeatures: 1, seed: 1 });
 * const y = nets.call(tf.ones([3, 5, 8])); // [3, 5, 1]
 * ```
 */
export class ModalityMLPs extends GroupedMLP {
  /** Registered class name (tfjs serialization). */
  static override className = 'umq.ModalityMLPs';
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
    checkStacked(this.getClassName(), x, this.modalityOptions.modalities, this.modalityOptions.inFeatures);
    return super.call(x, ctx);
  }

  /** The constructor options (tfjs serialization). */
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
 * One linear layer per modality (PyTorch's init), stacked: `weight [M, in, out]`, `bias
 * [M, out]`; `call(x [M, N, in]) -> [M, N, out]`.
 *
 * @example
 * ```ts
 * const lin = new ModalityLinears({ modalities: 3, inFeatures: 16, outFeatures: 16, seed: 2 });
 * const y = lin.call(tf.ones([3, 5, 16])); // [3, 5, 16]
 * ```
 */
export class ModalityLinears extends GroupedLinear {
  /** Registered class name (tfjs serialization). */
  static override className = 'umq.ModalityLinears';
  private readonly modalityOptions: Required<ModalityLinearsOptions>;

  constructor(options: ModalityLinearsOptions) {
    assertInteger('ModalityLinears.modalities', options.modalities, 1);
    const o: Required<ModalityLinearsOptions> = { seed: 0, ...options };
    super({ groups: o.modalities, inFeatures: o.inFeatures, outFeatures: o.outFeatures, seed: o.seed });
    this.modalityOptions = o;
  }

  /** `x [M, N, in] -> [M, N, out]`. */
  override call(x: tf.Tensor): tf.Tensor3D {
    checkStacked(this.getClassName(), x, this.modalityOptions.modalities, this.modalityOptions.inFeatures);
    return super.call(x);
  }

  /** The constructor options (tfjs serialization). */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.modalityOptions };
  }
}
tf.serialization.registerClass(ModalityLinears);
