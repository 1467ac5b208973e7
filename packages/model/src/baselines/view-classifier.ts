/**
 * The per-view network of the published fusion baselines (TMC, ECML, QMF, PDF, trust
 * discounting): `in -> hidden... -> out` with ReLU and dropout between layers; with no hidden
 * layer it is one linear layer, which is what the official multi-view codes use on feature
 * data (TMC's `Classifier`, RCML's `EvidenceCollector` with `dims = [[D]]`).
 */
import { tf, Module, Linear, trainingDropout, deriveSeed, assertInteger, assertNumberInRange, OptionError, type CallContext, type Seed } from '@umq/core';

/** Options of {@link ViewClassifier}. */
export interface ViewClassifierOptions {
  /** Input width. */
  inFeatures: number;
  /** Output width (classes, or 2 evidence slots for a referee). */
  outFeatures: number;
  /** Hidden widths; `[]` = one linear layer. Default `[]`. */
  hidden?: number[];
  /** Dropout after each hidden ReLU, in [0, 1). Default 0.1 (RCML's `EvidenceCollector`). */
  dropout?: number;
  /** Initialisation seed (PyTorch's U(±1/√in) per layer). Default 0. */
  seed?: Seed;
}

/** What {@link ViewClassifier.call} returns. */
export interface ViewClassifierResult {
  /** `[B, out]` pre-activation outputs. */
  logits: tf.Tensor;
  /** `[B, width]` the input of the output layer (the last hidden activation, or the input itself). */
  features: tf.Tensor;
}

/**
 * A per-view MLP (or linear layer) that also returns the features its output layer reads.
 *
 * @example
 * ```ts
 * const net = new ViewClassifier({ inFeatures: 240, outFeatures: 10 });           // linear
 * const { logits } = net.call(tf.zeros([8, 240]), EVAL);                           // [8, 10]
 * const mlp = new ViewClassifier({ inFeatures: 240, outFeatures: 10, hidden: [64] });
 * ```
 */
export class ViewClassifier extends Module {
  static override className = 'umq.ViewClassifier';
  private readonly layers: Linear[];
  private readonly options: Required<ViewClassifierOptions>;

  constructor(options: ViewClassifierOptions) {
    super();
    this.options = { hidden: [], dropout: 0.1, seed: 0, ...options };
    const o = this.options;
    assertInteger('ViewClassifier.inFeatures', o.inFeatures, 1);
    assertInteger('ViewClassifier.outFeatures', o.outFeatures, 1);
    if (!Array.isArray(o.hidden)) throw new OptionError(`ViewClassifier.hidden must be a list of widths (e.g. [] or [64]), got ${JSON.stringify(o.hidden)}`);
    o.hidden.forEach((h, i) => assertInteger(`ViewClassifier.hidden[${i}]`, h, 1));
    assertNumberInRange('ViewClassifier.dropout', o.dropout, 0, 0.999);
    const widths = [o.inFeatures, ...o.hidden, o.outFeatures];
    this.layers = widths.slice(1).map((w, i) => this.addModule(`l${i + 1}`, new Linear({ inFeatures: widths[i], outFeatures: w, seed: deriveSeed(o.seed, 'l', i), dataInput: i === 0 })));
  }

  /** `x [B, in] -> { logits [B, out], features }`. */
  call(x: tf.Tensor, ctx: CallContext): ViewClassifierResult {
    return tf.tidy(() => {
      let h = x;
      for (let i = 0; i < this.layers.length - 1; i++) h = trainingDropout(tf.relu(this.layers[i].call(h)), this.options.dropout, ctx, 'ViewClassifier.call');
      const features = h === x ? tf.clone(x) : h;
      return { logits: this.layers[this.layers.length - 1].call(h), features };
    }) as unknown as ViewClassifierResult;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, hidden: [...this.options.hidden], seed: String(this.options.seed) };
  }
}
tf.serialization.registerClass(ViewClassifier);
