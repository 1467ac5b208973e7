/**
 * Per-modality containers: M independent linear layers or MLPs applied to a stacked
 * `[M, N, in]` tensor (the layout convention of this package; see the README).
 */
import { tf, Module, MLP, Linear, EVAL, deriveSeed, assertInteger, ShapeError, type CallContext, type Seed } from '@umq/core';

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
  /** Initialisation seed; modality m uses `deriveSeed(seed, m)`. Default `0`. */
  seed?: Seed;
}

/**
 * One ReLU {@link MLP} per modality over a stacked input: `x [M, N, in] -> [M, N, out]`
 * (state names `0.l1.weight`, `1.l1.weight`, ...). No dropout, as in the reference.
 *
 * @example
 * ```ts
 * const nets = new ModalityMLPs({ modalities: 3, inFeatures: 16, hidden: 32, outFeatures: 32, seed: 1 });
 * const y = nets.call(tf.ones([3, 5, 16])); // [3, 5, 32]
 * ```
 */
export class ModalityMLPs extends Module {
  static override className = 'umq.enhancer.ModalityMLPs';
  /** The per-modality networks, modality order. */
  readonly nets: readonly MLP[];
  private readonly options: Required<ModalityMLPsOptions>;

  constructor(options: ModalityMLPsOptions) {
    super();
    assertInteger('ModalityMLPs.modalities', options.modalities, 1);
    this.options = { seed: 0, ...options };
    const o = this.options;
    this.nets = Array.from({ length: o.modalities }, (_, m) =>
      this.addModule(String(m), new MLP({ inFeatures: o.inFeatures, hidden: o.hidden, outFeatures: o.outFeatures, seed: deriveSeed(o.seed, m) })),
    );
  }

  /** `x [M, N, in] -> [M, N, out]`. */
  call(x: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor {
    checkInput(this.getClassName(), x, this.options.modalities, this.options.inFeatures);
    return tf.tidy(() => tf.stack(tf.unstack(x, 0).map((xm, m) => this.nets[m].call(xm, ctx)), 0));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
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
  /** Initialisation seed; modality m uses `deriveSeed(seed, m)`. Default `0`. */
  seed?: Seed;
}

/**
 * One {@link Linear} per modality (PyTorch init). Use {@link ModalityLinears.layer} to apply
 * modality m's layer to any `[..., in]` tensor.
 *
 * @example
 * ```ts
 * const proj = new ModalityLinears({ modalities: 3, inFeatures: 16, outFeatures: 16, seed: 1 });
 * const k0 = proj.layer(0).call(tf.ones([8, 2, 16])); // [8, 2, 16]
 * ```
 */
export class ModalityLinears extends Module {
  static override className = 'umq.enhancer.ModalityLinears';
  private readonly layers: readonly Linear[];
  private readonly options: Required<ModalityLinearsOptions>;

  constructor(options: ModalityLinearsOptions) {
    super();
    assertInteger('ModalityLinears.modalities', options.modalities, 1);
    this.options = { seed: 0, ...options };
    const o = this.options;
    this.layers = Array.from({ length: o.modalities }, (_, m) =>
      this.addModule(String(m), new Linear({ inFeatures: o.inFeatures, outFeatures: o.outFeatures, seed: deriveSeed(o.seed, m) })),
    );
  }

  /** Modality m's layer. */
  layer(m: number): Linear {
    const l = this.layers[m];
    if (!l) throw new ShapeError(`ModalityLinears.layer: modality index ${m} is out of range [0, ${this.options.modalities})`);
    return l;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(ModalityLinears);
