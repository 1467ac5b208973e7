/**
 * The modality decoupler of UMQ (Eq 2-6): splits each representation into a sample-specific
 * part s_m and a modality-specific (sample-shared) part c_m, and couples them back.
 */
import { tf, Module, ModalityMLPs, EVAL, assertInteger, assertNumberInRange, type CallContext, type Seed, assertModalityStack } from '@umq/core';
import { decouplingLosses, type DecouplingLosses } from './decoupling-losses';

/** Options of {@link ModalityDecoupler}. */
export interface ModalityDecouplerOptions {
  /** Number of modalities M (>= 2). */
  modalities: number;
  /** Representation width d. Paper: 100 (64 for MUStARD). */
  features: number;
  /** δ of Eq 3 (hinge on squared distances of unit vectors, in [0, 4]). Default `0.2` (Table 10, MOSI). */
  delta?: number;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/** Result of {@link ModalityDecoupler.call}. */
export interface DecouplerOutput {
  /** Sample-specific parts s_m, `[M, B, d]`. */
  s: tf.Tensor;
  /** Modality-specific (sample-shared) parts c_m, `[M, B, d]`. */
  c: tf.Tensor;
  /** û_m = Cpl_m([s_m; c_m]), `[M, B, d]`; null when losses were not requested. */
  reconstruction: tf.Tensor | null;
  /** Eq 2-6 losses; null when not requested. */
  losses: DecouplingLosses | null;
}

/**
 * `[s_m, c_m] = Dec_m(u_m)` (ReLU MLP d -> 2d -> 2d, split in halves) and `û_m =
 * Cpl_m([s_m; c_m])` (MLP 2d -> d -> d), one pair of networks per modality, with the losses
 * of UMQ Eq 2-6 (see {@link decouplingLosses}).
 *
 * @example
 * ```ts
 * const dec = new ModalityDecoupler({ modalities: 3, features: 16, seed: 1 });
 * const { s, c, losses } = dec.call(tf.randomNormal([3, 8, 16])); // s, c [3, 8, 16]
 * const lDec = losses!.total; // Eq 6
 * ```
 */
export class ModalityDecoupler extends Module {
  static override className = 'umq.ModalityDecoupler';
  /** Dec_m: d -> 2d -> 2d. */
  readonly decoder: ModalityMLPs;
  /** Cpl_m: 2d -> d -> d. */
  readonly coupler: ModalityMLPs;
  private readonly options: Required<ModalityDecouplerOptions>;

  constructor(options: ModalityDecouplerOptions) {
    super();
    assertInteger('ModalityDecoupler.modalities', options.modalities, 2, 'UMQ needs at least two modalities');
    assertInteger('ModalityDecoupler.features', options.features, 1);
    this.options = { delta: 0.2, seed: 0, ...options };
    assertNumberInRange('ModalityDecoupler.delta', this.options.delta, 0, 4);
    const { modalities: M, features: d, seed } = this.options;
    this.decoder = this.addModule('dec', new ModalityMLPs({ modalities: M, inFeatures: d, hidden: 2 * d, outFeatures: 2 * d, seed: `${seed}/dec` }));
    this.coupler = this.addModule('cpl', new ModalityMLPs({ modalities: M, inFeatures: 2 * d, hidden: d, outFeatures: d, seed: `${seed}/cpl` }));
  }

  /**
   * Decouples stacked `u [M, B, d]`. With `losses` (default true) also runs the coupler and
   * returns the Eq 2-6 losses; pass `{ losses: false }` at inference.
   */
  call(u: tf.Tensor, ctx: CallContext = EVAL, opts: { losses?: boolean } = {}): DecouplerOutput {
    const { modalities: M, features: d, delta } = this.options;
    assertModalityStack('ModalityDecoupler.call', 'u', u, M, d);
    const withLosses = opts.losses ?? true;
    return tf.tidy((): tf.TensorContainer => {
      const sc = this.decoder.call(u, ctx); // [M, B, 2d]
      const [s, c] = tf.split(sc, 2, 2);
      if (!withLosses) return { s, c, reconstruction: null, losses: null } as unknown as tf.TensorContainer;
      const reconstruction = this.coupler.call(sc, ctx);
      const losses = decouplingLosses(u, s, c, reconstruction, delta);
      return { s, c, reconstruction, losses } as unknown as tf.TensorContainer;
    }) as unknown as DecouplerOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(ModalityDecoupler);
