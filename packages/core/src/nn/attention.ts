/**
 * `MultiHeadSelfAttention`: PyTorch `nn.MultiheadAttention` (batch_first, self-attention)
 * on tfjs, with batched matMuls that train on every backend ({@link batchMatMul}).
 */
import { tf } from '../tf';
import { Module, type CallContext, EVAL } from './module';
import { uniformInit } from './init';
import { linear } from '../ops/linear';
import { batchMatMul } from '../ops/batch-matmul';
import { dropout as dropoutOp } from '../ops/dropout';
import { packSequence, unpackSequence, type SequencePacking } from '../ops/sequence-packing';
import { Rng, type Seed } from '../random';
import { assertInteger } from '../validate';
import { OptionError, ShapeError } from '../errors';

/** Options of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionOptions {
  /** Model width d (embed_dim). */
  dModel: number;
  /** Number of heads; must divide `dModel`. Default `4`. */
  numHeads?: number;
  /** Dropout on the attention weights during training, in [0, 1). Default `0` (PyTorch). */
  dropout?: number;
  /** Biases on the in- and out-projections. Default `true`. */
  bias?: boolean;
  /**
   * Initialisation seed. Default `0`. As PyTorch: in-projection `[d, 3d]` Xavier-uniform,
   * out-projection U(±1/sqrt(d)), biases 0.
   */
  seed?: Seed;
}

/** Result of {@link MultiHeadSelfAttention.call}. */
export interface AttentionResult {
  /** `[B, T, d]`. */
  output: tf.Tensor;
  /** Attention weights `[B, H, T, T]` (after masking, before dropout) when asked for, else null. */
  weights: tf.Tensor | null;
}

/** The additive score for a padded key: exp() of it underflows to exactly 0 next to a valid key. */
const MASKED = -1e9;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al.; used by the UMQ sequence
 * encoders, Eq 25-27): `softmax(Q Kᵀ / sqrt(d_h) + mask) V` per head, then an out-projection.
 *
 * Parameters (PyTorch names in brackets): `inProj.weight [d, 3d]` (= `in_proj_weight.T`, columns
 * q | k | v), `inProj.bias [3d]` (`in_proj_bias`), `outProj.weight [d, d]` (= `out_proj.weight.T`),
 * `outProj.bias [d]`.
 *
 * Key padding: `mask [B, T]` with 1 = valid key (the inverse of PyTorch's
 * `key_padding_mask`). Padded keys get a score of -1e9, so their weight is exactly 0. A row with
 * no valid key attends uniformly to all keys (PyTorch returns NaN there).
 *
 * @example
 * ```ts
 * const mha = new MultiHeadSelfAttention({ dModel: 100, numHeads: 4, seed: 1 });
 * const { output } = mha.call(tf.randomNormal([8, 50, 100]), tf.ones([8, 50])); // [8, 50, 100]
 * ```
 */
export class MultiHeadSelfAttention extends Module {
  static override className = 'umq.MultiHeadSelfAttention';
  /** `[d, 3d]` (q | k | v columns). */
  readonly inProjWeight: tf.Variable;
  /** `[3d]` or null. */
  readonly inProjBias: tf.Variable | null;
  /** `[d, d]`. */
  readonly outProjWeight: tf.Variable;
  /** `[d]` or null. */
  readonly outProjBias: tf.Variable | null;
  private readonly options: Required<Omit<MultiHeadSelfAttentionOptions, 'seed'>> & { seed: Seed };

  constructor(options: MultiHeadSelfAttentionOptions) {
    super();
    this.options = { numHeads: 4, dropout: 0, bias: true, seed: 0, ...options };
    const { dModel: d, numHeads: h, dropout } = this.options;
    assertInteger('MultiHeadSelfAttention.dModel', d, 1);
    assertInteger('MultiHeadSelfAttention.numHeads', h, 1);
    if (d % h !== 0) throw new OptionError(`MultiHeadSelfAttention: dModel (${d}) must be divisible by numHeads (${h}): pick numHeads among the divisors of ${d}`);
    if (!(dropout >= 0 && dropout < 1)) throw new OptionError(`MultiHeadSelfAttention.dropout must be in [0, 1), got ${dropout}`);
    const rng = new Rng(this.options.seed);
    const inProj = this.addModule('inProj', new Projection());
    const outProj = this.addModule('outProj', new Projection());
    this.inProjWeight = inProj.init('weight', uniformInit([d, 3 * d], Math.sqrt(6 / (d + 3 * d)), rng));
    this.inProjBias = this.options.bias ? inProj.init('bias', tf.zeros([3 * d])) : null;
    this.outProjWeight = outProj.init('weight', uniformInit([d, d], 1 / Math.sqrt(d), rng));
    this.outProjBias = this.options.bias ? outProj.init('bias', tf.zeros([d])) : null;
  }

  /**
   * Self-attention over `x [B, T, d]`.
   *
   * @param x - `[B, T, d]`, or with `packing` the valid steps only, `[N, d]` ({@link packSequence}).
   * @param mask - `[B, T]`, 1 = valid key, or null when every step is valid.
   * @param ctx - training flag and the Rng for attention dropout.
   * @param returnWeights - also return the attention weights. Default false.
   * @param packing - `x` (and the output) hold only the valid steps of `mask`: the projections
   *   skip the padded steps, which no query reads and whose outputs nothing uses. Needs `mask`.
   *   Default null (padded layout).
   */
  call(x: tf.Tensor, mask: tf.Tensor | null = null, ctx: CallContext = EVAL, returnWeights = false, packing: SequencePacking | null = null): AttentionResult {
    const { dModel: d, numHeads: h, dropout } = this.options;
    if (packing) {
      if (!mask) throw new OptionError('MultiHeadSelfAttention.call: packed input needs the mask it was packed with');
      if (x.rank !== 2 || x.shape[0] !== packing.rows.length || x.shape[1] !== d) throw new ShapeError(`MultiHeadSelfAttention: packed x has shape [${x.shape.join(', ')}], expected [N=${packing.rows.length}, ${d}]`);
    } else if (x.rank !== 3 || x.shape[2] !== d) throw new ShapeError(`MultiHeadSelfAttention: x has shape [${x.shape.join(', ')}], expected [B, T, ${d}]`);
    const [b, t] = packing ? [packing.batch, packing.steps] : x.shape;
    if (mask && (mask.rank !== 2 || mask.shape[0] !== b || mask.shape[1] !== t)) {
      throw new ShapeError(`MultiHeadSelfAttention: mask has shape [${mask.shape.join(', ')}], expected [${b}, ${t}] (1 = valid step)`);
    }
    const useDropout = ctx.training && dropout > 0;
    if (useDropout && !ctx.rng) throw new OptionError('MultiHeadSelfAttention.call: training with dropout needs ctx.rng (a seeded Rng)');
    const seed = useDropout ? (ctx.rng as Rng).tfSeed() : 0;
    const dh = d / h;
    const [output, weights] = tf.tidy(() => {
      let qkv = linear(x, this.inProjWeight, this.inProjBias ?? undefined); // [B, T, 3d] ([N, 3d] packed)
      if (packing) qkv = unpackSequence(qkv, packing); // zeros at padded steps: masked keys, unread queries
      const heads = (z: tf.Tensor): tf.Tensor => tf.reshape(tf.transpose(tf.reshape(z, [b, t, h, dh]), [0, 2, 1, 3]), [b * h, t, dh]);
      const [q, k, v] = tf.split(qkv, 3, 2).map(heads); // [B*H, T, dh] each
      let scores = tf.reshape(batchMatMul(tf.mul(q, 1 / Math.sqrt(dh)), k, false, true), [b, h, t, t]);
      if (mask) {
        const bias = tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASKED); // [B, T]
        scores = tf.add(scores, tf.reshape(bias, [b, 1, 1, t]));
      }
      const weights = tf.softmax(scores, -1); // [B, H, T, T]
      const p = useDropout ? dropoutOp(weights, dropout, seed) : weights;
      const context = batchMatMul(tf.reshape(p, [b * h, t, t]), v); // [B*H, T, dh]
      const merged = tf.reshape(tf.transpose(tf.reshape(context, [b, h, t, dh]), [0, 2, 1, 3]), [b, t, d]);
      const output = linear(packing ? packSequence(merged, packing) : merged, this.outProjWeight, this.outProjBias ?? undefined);
      return returnWeights ? [output, weights] : [output];
    });
    return { output, weights: weights ?? null };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);

/** A parameter holder so the state names read `inProj.weight`, `outProj.bias` (as PyTorch). */
class Projection extends Module {
  static override className = 'umq.AttentionProjection';
  init(name: 'weight' | 'bias', value: tf.Tensor): tf.Variable {
    return this.addParameter(name, value);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
