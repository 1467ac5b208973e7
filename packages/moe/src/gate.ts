/**
 * `TopKGate`: softmax gate with top-k selection and optional noisy gating (UMQ Eq 10;
 * Shazeer et al. 2017, Eq 3-5).
 */
import { tf, Module, Linear, seededRandomNormal, OptionError, ShapeError, assertInteger, deriveSeed, type CallContext, EVAL, type Seed } from '@umq/core';
import { constantTopK } from './top-k';

/** Options of {@link TopKGate}. */
export interface TopKGateOptions {
  /** Gate input width (UMQ: d + M, the fused representation and the M quality scores). */
  inFeatures: number;
  /** Number of experts E. Paper (Table 10): 10 or 12. */
  numExperts: number;
  /** Experts kept per row, in [1, E]. Paper: 3 or 4. */
  topK: number;
  /** Renormalise the kept probabilities to sum to 1 (UMQ Eq 11 reading). Default `true`. */
  renormalize?: boolean;
  /**
   * Noisy top-k gating (Shazeer 2017): in training, logits += ε · (softplus(x W_noise) + 0.01),
   * ε ~ N(0, 1) seeded by `ctx.rng`; `W_noise` starts at zero. Default `false` (UMQ has none).
   */
  noisy?: boolean;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/** What {@link TopKGate.call} returns; every tensor is new and owned by the caller. */
export interface GateOutput {
  /** Logits the softmax was taken on `[B, E]` (noisy ones in noisy training). */
  logits: tf.Tensor2D;
  /** Clean logits `x W_g + b` `[B, E]`. */
  cleanLogits: tf.Tensor2D;
  /** Noise std `[B, E]` in noisy training, else null. */
  noiseStd: tf.Tensor2D | null;
  /** Gate probabilities `g = softmax(logits)` `[B, E]` (Eq 10). */
  probs: tf.Tensor2D;
  /** `[B, E]` 0/1 top-k mask (constant). */
  selection: tf.Tensor2D;
  /** `[B, k]` int32 chosen experts, best first (constant). */
  indices: tf.Tensor2D;
  /** Combine weights `[B, E]`: the kept probabilities (renormalised if asked), zero elsewhere. */
  combine: tf.Tensor2D;
  /** The selection mask as host data `[B, E]`. */
  selectionData: Float32Array;
}

/**
 * Softmax gate with top-k routing: `g = softmax(W_g x)` (UMQ Eq 10), keep the k largest,
 * renormalise them (Eq 11's `ĝ`). Gradients flow through the kept probabilities, as in
 * PyTorch's `topk` + `scatter`.
 *
 * @example
 * ```ts
 * const gate = new TopKGate({ inFeatures: 103, numExperts: 10, topK: 3, seed: 1 });
 * const { probs, combine } = gate.call(tf.randomNormal([64, 103]));
 * ```
 */
export class TopKGate extends Module {
  static override className = 'umq.TopKGate';
  /** `W_g`, `b` (Linear in -> E). */
  readonly proj: Linear;
  /** `W_noise` `[in, E]` (noisy gating only). */
  readonly noiseWeight: tf.Variable | null;
  private readonly options: Required<TopKGateOptions>;

  constructor(options: TopKGateOptions) {
    super();
    assertInteger('TopKGate.inFeatures', options.inFeatures, 1);
    assertInteger('TopKGate.numExperts', options.numExperts, 1);
    assertInteger('TopKGate.topK', options.topK, 1);
    if (options.topK > options.numExperts) {
      throw new OptionError(`TopKGate: topK = ${options.topK} exceeds numExperts = ${options.numExperts}: choose topK in [1, numExperts]`);
    }
    this.options = { renormalize: true, noisy: false, seed: 0, ...options };
    this.proj = this.addModule('proj', new Linear({ inFeatures: options.inFeatures, outFeatures: options.numExperts, seed: deriveSeed(this.options.seed, 'gate') }));
    this.noiseWeight = this.options.noisy ? this.addParameter('noise_weight', tf.zeros([options.inFeatures, options.numExperts])) : null;
  }

  /**
   * Routes `x [B, in]`.
   *
   * @param x - gate input `[B, in]`.
   * @param ctx - `training` turns noisy gating on (needs `ctx.rng`).
   * @example
   * ```ts
   * const { combine, indices } = gate.call(xg, { training: true, rng: new Rng(1) });
   * ```
   */
  call(x: tf.Tensor, ctx: CallContext = EVAL): GateOutput {
    if (x.rank !== 2 || x.shape[1] !== this.options.inFeatures) {
      throw new ShapeError(`TopKGate.call: gate input must have shape [B, ${this.options.inFeatures}], got [${x.shape.join(', ')}]: check inFeatures + sideFeatures`);
    }
    const noisy = this.options.noisy && ctx.training;
    if (noisy && !ctx.rng) throw new OptionError('TopKGate.call: noisy gating in training needs ctx.rng (a seeded Rng)');
    type Parts = { logits: tf.Tensor2D; cleanLogits: tf.Tensor2D; noiseStd: tf.Tensor2D | null; probs: tf.Tensor2D };
    const { logits, cleanLogits, noiseStd, probs } = tf.tidy((): tf.TensorContainer => {
      const clean = this.proj.call(x) as tf.Tensor2D;
      if (!noisy) return { logits: clean, cleanLogits: tf.clone(clean), probs: tf.softmax(clean) };
      const std = tf.add(tf.softplus(tf.matMul(x as tf.Tensor2D, this.noiseWeight as tf.Tensor2D)), 0.01) as tf.Tensor2D;
      const eps = seededRandomNormal(clean.shape, ctx.rng!.tfSeed());
      const l = tf.add(clean, tf.mul(eps, std)) as tf.Tensor2D;
      return { logits: l, cleanLogits: clean, noiseStd: std, probs: tf.softmax(l) };
    }) as unknown as Parts;
    const sel = constantTopK(probs, this.options.topK);
    const combine = tf.tidy(() => {
      const kept = tf.mul(probs, sel.mask);
      return (this.options.renormalize ? tf.div(kept, tf.sum(kept, -1, true)) : kept) as tf.Tensor2D;
    });
    return { logits, cleanLogits, noiseStd: noiseStd ?? null, probs, selection: sel.mask, indices: sel.indices, combine, selectionData: sel.maskData };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(TopKGate);
