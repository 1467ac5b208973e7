/**
 * The unimodal prediction heads P_m of UMQ section 8 and their loss L_uni: each head predicts
 * the label from one modality; its per-sample loss ℓ_m is the ranking signal of Eq 17-18.
 */
import { tf, Module, ModalityMLPs, EVAL, assertInteger, assertNumberInRange, perSampleTaskLoss, type CallContext, type Seed, type TaskType, assertModalityStack } from '@umq/core';

/** Options of {@link UnimodalHeads}. */
export interface UnimodalHeadsOptions {
  /** Number of modalities M (>= 2). */
  modalities: number;
  /** Representation width d. Paper: 100 (64 for MUStARD). */
  features: number;
  /** Output width: 1 for binary or regression, C for C classes. */
  outFeatures: number;
  /** Hidden width of each head. Default `floor(d / 2)` (the paper's d/2). */
  hidden?: number;
  /** Dropout after the hidden activation, in [0, 1). Default `0` (the reference has none). */
  dropout?: number;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/**
 * One prediction head P_m per modality (ReLU MLP d -> d/2 -> out): `u [M, B, d] -> logits
 * [M, B, out]`. Train them with {@link unimodalLoss}; their per-sample losses feed
 * {@link qualityLosses}.
 *
 * @example
 * ```ts
 * const heads = new UnimodalHeads({ modalities: 3, features: 16, outFeatures: 1, seed: 2 });
 * const logits = heads.call(tf.randomNormal([3, 8, 16])); // [3, 8, 1]
 * ```
 */
export class UnimodalHeads extends Module {
  static override className = 'umq.UnimodalHeads';
  /** The per-modality heads P_m. */
  readonly nets: ModalityMLPs;
  private readonly options: Required<UnimodalHeadsOptions>;

  constructor(options: UnimodalHeadsOptions) {
    super();
    assertInteger('UnimodalHeads.modalities', options.modalities, 2, 'UMQ needs at least two modalities');
    assertInteger('UnimodalHeads.features', options.features, 2);
    assertInteger('UnimodalHeads.outFeatures', options.outFeatures, 1);
    this.options = { hidden: Math.floor(options.features / 2), dropout: 0, seed: 0, ...options };
    assertInteger('UnimodalHeads.hidden', this.options.hidden, 1);
    assertNumberInRange('UnimodalHeads.dropout', this.options.dropout, 0, 0.999);
    const o = this.options;
    this.nets = this.addModule('heads', new ModalityMLPs({ modalities: o.modalities, inFeatures: o.features, hidden: o.hidden, outFeatures: o.outFeatures, dropout: o.dropout, seed: o.seed }));
  }

  /** Logits `[M, B, out]` of every head on its own modality's rows of `u [M, B, d]`. */
  call(u: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor {
    assertModalityStack('UnimodalHeads.call', 'u', u, this.options.modalities, this.options.features);
    return this.nets.call(u, ctx);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(UnimodalHeads);

/** Result of {@link unimodalLoss}. */
export interface UnimodalLoss {
  /** ℓ_m^i, the per-sample task loss of every head: `[M, B]` (differentiable). */
  perSample: tf.Tensor;
  /** `L_uni = mean_m mean_i ℓ_m^i` (scalar). */
  loss: tf.Scalar;
}

/**
 * The unimodal heads' loss (UMQ section 8, Eq 21's L_uni): per-sample task losses ℓ_m^i of
 * `logits [M, B, out]` against labels `y [B]` and their mean. Pass `perSample` (it is
 * stop-gradiented inside) to {@link qualityLosses} as `ell`.
 *
 * @example
 * ```ts
 * const { perSample, loss } = unimodalLoss(heads.call(u), y, 'binary'); // [M, B], scalar
 * ```
 */
export function unimodalLoss(logits: tf.Tensor, y: tf.Tensor, task: TaskType): UnimodalLoss {
  assertModalityStack('unimodalLoss', 'logits', logits, null, null);
  return tf.tidy(() => {
    const perSample = perSampleTaskLoss(logits, y, task);
    return { perSample, loss: tf.mean(perSample) as tf.Scalar };
  });
}
