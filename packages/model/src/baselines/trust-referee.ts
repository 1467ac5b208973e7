/**
 * The referee of trust-discounted evidential fusion (Lu et al., "Navigating Conflicting Views:
 * Harnessing Trust for Learning", ICML 2025; OverfitFlow/Trust4Conflict): per view, a binomial
 * opinion about whether that view's prediction can be trusted, whose projected probability
 * discounts the view's evidence before fusion. The official `Trust/models/etf.py` is not in the
 * stored index this was written from; the referee's form here (a linear evidential classifier
 * on the view's input, trained on whether the view's own prediction is right, with label
 * smoothing and its own, lower learning rate) is our reading of the paper and of the released
 * scripts' options (`--smooth-factor 0.9 --warm-epochs 1 --rlr 3e-4` against `--lr 3e-3`).
 */
import { tf, Module, assertNumberInRange, type CallContext, type Seed } from '@umq/core';
import { ViewClassifier } from './view-classifier';

/** Options of {@link TrustReferee}. */
export interface TrustRefereeOptions {
  /** Input width (the view's features). */
  inFeatures: number;
  /**
   * The referee's learning rate relative to the model's, in (0, 1]: its weights are stored
   * divided by this factor and multiplied back in the forward pass, so Adam (whose steps do not
   * depend on the gradient's scale) moves them this much slower. Default 0.1 (Trust4Conflict's
   * `rlr 3e-4` against `lr 3e-3`).
   */
  lrScale?: number;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/** What {@link TrustReferee.call} returns. */
export interface TrustOpinion {
  /** `[B, 2]` evidence for (trust, distrust). */
  evidence: tf.Tensor;
  /** `[B]` projected trust probability (e_t + 1) / (e_t + e_d + 2), base rate 1/2. */
  trust: tf.Tensor;
}

/**
 * A linear evidential referee over one view's input: evidence softplus(c · (x W′ + b′)) for
 * (trust, distrust), with W = c · W′ initialised as PyTorch's `nn.Linear`.
 *
 * @example
 * ```ts
 * const referee = new TrustReferee({ inFeatures: 76, seed: 1 });
 * const { trust } = referee.call(tf.zeros([4, 76]), EVAL); // [4] in (0, 1)
 * ```
 */
export class TrustReferee extends Module {
  static override className = 'umq.TrustReferee';
  private readonly net: ViewClassifier;
  private readonly options: Required<TrustRefereeOptions>;

  constructor(options: TrustRefereeOptions) {
    super();
    this.options = { lrScale: 0.1, seed: 0, ...options };
    assertNumberInRange('TrustReferee.lrScale', this.options.lrScale, Number.MIN_VALUE, 1, 'use e.g. 0.1 (the referee learns 10x slower)');
    this.net = this.addModule('net', new ViewClassifier({ inFeatures: this.options.inFeatures, outFeatures: 2, seed: this.options.seed }));
    const c = this.options.lrScale;
    for (const [, v] of this.net.namedParameters()) tf.tidy(() => v.assign(tf.div(v, c)));
  }

  /** `x [B, in] -> { evidence [B, 2], trust [B] }`. */
  call(x: tf.Tensor, ctx: CallContext): TrustOpinion {
    return tf.tidy(() => {
      const evidence = tf.softplus(tf.mul(this.net.call(x, ctx).logits, this.options.lrScale));
      const [et, ed] = tf.unstack(evidence, 1);
      const trust = tf.div(tf.add(et, 1), tf.add(tf.add(et, ed), 2));
      return { evidence, trust };
    }) as unknown as TrustOpinion;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, seed: String(this.options.seed) };
  }
}
tf.serialization.registerClass(TrustReferee);

/**
 * The referee's targets `[B, 2]`: (s, 1 − s) where the view's prediction is right and
 * (1 − s, s) where it is wrong, s the smoothing factor (Trust4Conflict's `--smooth-factor 0.9`).
 *
 * @param correct - `[B]` 1 where the view's argmax is the label, else 0
 * @param smoothing - s in [0.5, 1]
 * @example
 * ```ts
 * refereeTargets(tf.tensor1d([1, 0]), 0.9); // [[0.9, 0.1], [0.1, 0.9]]
 * ```
 */
export function refereeTargets(correct: tf.Tensor, smoothing: number): tf.Tensor {
  assertNumberInRange('refereeTargets smoothing', smoothing, 0.5, 1);
  return tf.tidy(() => {
    const c = tf.cast(correct, 'float32');
    const trustTarget = tf.add(tf.mul(c, 2 * smoothing - 1), 1 - smoothing); // s if right, 1 - s if wrong
    return tf.stack([trustTarget, tf.sub(1, trustTarget)], 1);
  });
}
