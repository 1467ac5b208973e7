/**
 * `MixtureOfExperts`: UMQ's MQ-MoE (Eq 10-14) as a general layer: gate over `[x ; side]`,
 * top-k routing, optional noisy gating and capacity limit, dense or sparse dispatch,
 * padding-aware routing, and every routing loss returned (nothing stashed on the layer).
 */
import { tf, Module, OptionError, ShapeError, assertInteger, assertNumberInRange, assertOneOf, deriveSeed, EVAL, type CallContext, type Seed } from '@umq/core';
import { TopKGate } from './gate';
import { ExpertList, type ExpertFactory } from './experts';
import { StackedExperts } from './stacked-experts';
import { denseDispatch, sparseDispatch, applyCapacity, type DispatchMode } from './dispatch';
import { rowMaskData, type RowMask } from './row-mask';
import { balanceLoss } from './balance-loss';
import { varianceLoss } from './variance-loss';
import { configConsistencyLoss } from './config-consistency-loss';
import { cvSquared, importance as importanceOf, smoothLoad } from './cv-squared-loss';
import { switchLoss } from './switch-loss';
import { routerZLoss } from './z-loss';

/** Weight of each routing loss in `losses.total`. */
export interface MoELossWeights {
  /** UMQ Eq 12 balance. Default `1`. */
  balance: number;
  /** UMQ Eq 13 variance hinge. Default `1`. */
  variance: number;
  /** UMQ Eq 14 configuration consistency (needs `config`). Default `1`. */
  config: number;
  /** Eq 14 push term for different configurations (spec Reading; the reference's `cfg_push` adds it with weight 1). Default `0`. */
  push: number;
  /** Shazeer importance CV². Default `0`. */
  importance: number;
  /** Shazeer load CV² (smooth estimator under noisy training, else counts, which carry no gradient). Default `0`. */
  load: number;
  /** GShard/Switch `E Σ f_j P_j`. Default `0`. */
  switch: number;
  /** ST-MoE router z-loss. Default `0`. */
  zLoss: number;
}

/**
 * The default loss weights: `total = L_bal + L_var + L_cfg`, the spec's `L_moe` (UMQ section 6).
 *
 * @example
 * ```ts
 * new MixtureOfExperts({ inFeatures: 16, lossWeights: { ...DEFAULT_LOSS_WEIGHTS, zLoss: 1e-3 } });
 * ```
 */
export const DEFAULT_LOSS_WEIGHTS: Readonly<MoELossWeights> = Object.freeze({
  balance: 1, variance: 1, config: 1, push: 0, importance: 0, load: 0, switch: 0, zLoss: 0,
});

/** Options of {@link MixtureOfExperts}. */
export interface MixtureOfExpertsOptions {
  /** Expert input width d (paper: 100; 64 for MUStARD). */
  inFeatures: number;
  /** Width of the side features appended to the gate input only (UMQ: M quality scores). Default `0`. */
  sideFeatures?: number;
  /** Number of experts E. Default `10` (paper Table 10: 10 or 12). */
  numExperts?: number;
  /** Experts per row k, in [1, E]. Default `3` (paper: 3 or 4). */
  topK?: number;
  /** Output width of the default experts. Default `inFeatures` (reference: d). */
  outFeatures?: number;
  /** Hidden width of the default experts. Default `inFeatures` (reference: d). */
  expertHidden?: number;
  /**
   * Expert factory `(index, seed) => Module` with `call(x [N, d], ctx) -> [N, outFeatures]`.
   * Default: ReLU MLPs `inFeatures -> expertHidden -> outFeatures`. Not serialised: a layer
   * rebuilt from `getConfig()` gets default experts unless the factory is passed again.
   */
  experts?: ExpertFactory;
  /** Renormalise the top-k weights to sum 1 (Eq 11 reading). Default `true`. */
  renormalize?: boolean;
  /** Noisy top-k gating (Shazeer 2017), training only, seeded by `ctx.rng`. Default `false`. */
  noisyGating?: boolean;
  /**
   * For custom experts (`experts` factory): `'dense'` runs every expert on every row;
   * `'sparse'` runs each only on its rows; `'auto'` (default) picks sparse when the routed
   * fraction k/E is at most `sparseBelow` (measured in tools/bench/moe/dispatch.ts), else dense.
   * The default MLP experts always run stacked ({@link StackedExperts}: two matrix products for
   * all experts, exact zeros for unrouted pairs), which is faster than either at UMQ's sizes;
   * the mode is then only reported.
   */
  dispatch?: DispatchMode;
  /** The `'auto'` threshold on k/E. Default `0.5`. */
  sparseBelow?: number;
  /** Capacity factor (Switch): each expert takes at most ceil(cf · k · N / E) rows; extra rows are dropped for it. Default `null` (no limit). */
  capacityFactor?: number | null;
  /** γ of the variance hinge (Eq 13). Default `0.1` (paper). */
  gamma?: number;
  /** ρ of the Eq 14 push term. Default `0.5`. */
  rho?: number;
  /** Loss weights; missing entries take {@link DEFAULT_LOSS_WEIGHTS}. */
  lossWeights?: Partial<MoELossWeights>;
  /** Initialisation seed. Default `0`. */
  seed?: Seed;
}

/** Inputs of {@link MixtureOfExperts.call} besides `x`. */
export interface MoECallArgs {
  /** Side features `[B, sideFeatures]`, appended to the gate input only (UMQ: quality scores q). */
  side?: tf.Tensor;
  /** Configurations κ `[B, M]` for Eq 14 (UMQ: `q > τ`); without them `config` and `push` are 0. */
  config?: tf.Tensor | ArrayLike<ArrayLike<number | boolean>>;
  /** Row mask `[B]`, 1 = real row: padding rows output 0 and are left out of every statistic and loss. */
  mask?: RowMask;
  /** Call context (`training`, `rng`). Default {@link EVAL}. */
  ctx?: CallContext;
  /**
   * Which losses to compute. `'all'` (default): every loss. `'weighted'` (training): the paper's
   * three (balance, variance, config) and every other loss whose weight is not 0; the others are
   * null. `'none'` (inference): no loss; `losses` is null.
   */
  losses?: MoELossRequest;
}

/** Which losses {@link MixtureOfExperts.call} computes (see {@link MoECallArgs.losses}). */
export type MoELossRequest = 'all' | 'weighted' | 'none';

/** Every routing loss (scalars), unweighted, and their weighted sum. */
export interface MoELosses {
  /** UMQ Eq 12. */
  balance: tf.Scalar;
  /** UMQ Eq 13. */
  variance: tf.Scalar;
  /** UMQ Eq 14 (0 without `config`). */
  config: tf.Scalar;
  /** UMQ Eq 14 push term (0 without `config`); null when not computed (weight 0 under `losses: 'weighted'`). */
  push: tf.Scalar | null;
  /** Shazeer importance CV²; null when not computed (weight 0 under `losses: 'weighted'`). */
  importance: tf.Scalar | null;
  /** Shazeer load CV² (smooth estimator under noisy training, else counts); null when not computed (weight 0 under `losses: 'weighted'`). */
  load: tf.Scalar | null;
  /** GShard/Switch `E Σ f_j P_j`; null when not computed (weight 0 under `losses: 'weighted'`). */
  switch: tf.Scalar | null;
  /** ST-MoE router z-loss; null when not computed (weight 0 under `losses: 'weighted'`). */
  zLoss: tf.Scalar | null;
  /** Σ weight · loss (default: the spec's `L_moe = L_bal + L_var + L_cfg`). */
  total: tf.Scalar;
}

/** Routing diagnostics (UMQ Figure 4). */
export interface MoERouting {
  /** Gate probabilities `[B, E]`. */
  probs: tf.Tensor2D;
  /** Gate logits `[B, E]` (noisy in noisy training). */
  logits: tf.Tensor2D;
  /** Selected experts `[B, k]` int32, best first. */
  experts: tf.Tensor2D;
  /** Their weights `[B, k]` (0 for masked rows and capacity drops). */
  weights: tf.Tensor2D;
  /** Rows dispatched to each expert `[E]` (real rows, after capacity). */
  load: tf.Tensor1D;
  /** Σ of gate probabilities over real rows per expert `[E]`. */
  importance: tf.Tensor1D;
  /** (row, expert) pairs dropped by the capacity limit. */
  dropped: number;
  /** The dispatch actually used. */
  dispatch: 'dense' | 'sparse';
  /** Fraction of ordered pairs with the same configuration (NaN without `config`). */
  samePairFraction: number;
}

/** What {@link MixtureOfExperts.call} returns; the caller owns (and disposes) every tensor. */
export interface MoEResult {
  /** `[B, out]` (zero on masked rows). */
  output: tf.Tensor2D;
  /** Every routing loss and their weighted sum `total` (null with `losses: 'none'`). */
  losses: MoELosses | null;
  /** Routing diagnostics (probabilities, chosen experts, weights, load, importance). */
  routing: MoERouting;
}

/**
 * Mixture of experts with a top-k softmax gate over `[x ; side]` (UMQ MQ-MoE, Eq 10-14).
 * `output = Σ_{j in topk} ĝ_j Expert_j(x)` (Eq 11); losses: balance (Eq 12), variance (Eq 13),
 * configuration consistency and push (Eq 14), importance/load CV² (Shazeer 2017),
 * Switch load balancing, router z-loss.
 *
 * @example
 * ```ts
 * const moe = new MixtureOfExperts({ inFeatures: 100, sideFeatures: 3, numExperts: 10, topK: 3, seed: 1 });
 * const { output, losses, routing } = moe.call(h, { side: q, config: kappa, ctx: { training: true, rng } });
 * ```
 */
export class MixtureOfExperts extends Module {
  static override className = 'umq.MixtureOfExperts';
  /** The gate (Linear(d + side -> E)). */
  readonly gate: TopKGate;
  /** The experts: {@link StackedExperts} by default, an {@link ExpertList} for a custom factory. */
  readonly experts: ExpertList | StackedExperts;
  private readonly opts: Required<Omit<MixtureOfExpertsOptions, 'experts' | 'lossWeights' | 'capacityFactor'>> & {
    capacityFactor: number | null;
    lossWeights: MoELossWeights;
    customExperts: boolean;
  };

  constructor(options: MixtureOfExpertsOptions) {
    super();
    assertInteger('MixtureOfExperts.inFeatures', options.inFeatures, 1);
    const d = options.inFeatures;
    const o = {
      sideFeatures: 0, numExperts: 10, topK: 3, outFeatures: d, expertHidden: d, renormalize: true,
      noisyGating: false, dispatch: 'auto' as DispatchMode, sparseBelow: 0.5, capacityFactor: null as number | null,
      gamma: 0.1, rho: 0.5, seed: 0 as Seed, ...options,
    };
    assertInteger('MixtureOfExperts.sideFeatures', o.sideFeatures, 0);
    assertInteger('MixtureOfExperts.numExperts', o.numExperts, 1);
    assertInteger('MixtureOfExperts.topK', o.topK, 1, `choose topK in [1, numExperts = ${o.numExperts}]`);
    if (o.topK > o.numExperts) throw new OptionError(`MixtureOfExperts: topK = ${o.topK} exceeds numExperts = ${o.numExperts}: choose topK in [1, numExperts]`);
    assertInteger('MixtureOfExperts.outFeatures', o.outFeatures, 1);
    assertInteger('MixtureOfExperts.expertHidden', o.expertHidden, 1);
    assertOneOf('MixtureOfExperts.dispatch', o.dispatch, ['dense', 'sparse', 'auto'] as const);
    assertNumberInRange('MixtureOfExperts.sparseBelow', o.sparseBelow, 0, 1);
    if (o.capacityFactor !== null) assertNumberInRange('MixtureOfExperts.capacityFactor', o.capacityFactor, 1e-6, 1e6, 'use e.g. 1.25, or null for no limit');
    assertNumberInRange('MixtureOfExperts.gamma', o.gamma, 0, 1);
    assertNumberInRange('MixtureOfExperts.rho', o.rho, -1, 1);
    const lossWeights = { ...DEFAULT_LOSS_WEIGHTS, ...(options.lossWeights ?? {}) };
    for (const [k, v] of Object.entries(lossWeights)) {
      if (!(k in DEFAULT_LOSS_WEIGHTS)) throw new OptionError(`MixtureOfExperts.lossWeights: unknown loss ${JSON.stringify(k)}: use ${Object.keys(DEFAULT_LOSS_WEIGHTS).join(', ')}`);
      assertNumberInRange(`MixtureOfExperts.lossWeights.${k}`, v, 0, 1e9);
    }
    const { experts: factory, lossWeights: _lw, ...rest } = o;
    this.opts = { ...rest, lossWeights, customExperts: factory !== undefined };
    this.gate = this.addModule('gate', new TopKGate({
      inFeatures: d + o.sideFeatures, numExperts: o.numExperts, topK: o.topK, renormalize: o.renormalize,
      noisy: o.noisyGating, seed: deriveSeed(o.seed, 'gate'),
    }));
    this.experts = this.addModule('experts', factory
      ? new ExpertList({ count: o.numExperts, factory, seed: deriveSeed(o.seed, 'experts') })
      : new StackedExperts({ count: o.numExperts, inFeatures: d, hidden: o.expertHidden, outFeatures: o.outFeatures, seed: deriveSeed(o.seed, 'experts') }));
  }

  /**
   * The dispatch `'auto'` resolves to for this layer: sparse when k/E <= `sparseBelow`.
   *
   * @example
   * ```ts
   * new MixtureOfExperts({ inFeatures: 8, numExperts: 10, topK: 3 }).resolvedDispatch(); // 'sparse'
   * ```
   */
  resolvedDispatch(): 'dense' | 'sparse' {
    if (this.opts.dispatch !== 'auto') return this.opts.dispatch;
    return this.opts.topK / this.opts.numExperts <= this.opts.sparseBelow ? 'sparse' : 'dense';
  }

  /**
   * Routes `x [B, d]` through the experts.
   *
   * @param x - expert input `[B, inFeatures]` (UMQ: the fused representation h).
   * @param args - side features, configurations κ, row mask, call context.
   * @returns output `[B, out]`, every loss, and the routing.
   * @example
   * ```ts
   * const { output, losses } = moe.call(h, { side: q, config: kappa, mask, ctx: { training: true, rng } });
   * ```
   */
  call(x: tf.Tensor, args: MoECallArgs = {}): MoEResult {
    const { inFeatures: d, sideFeatures, numExperts: E, topK: k } = this.opts;
    if (x.rank !== 2 || x.shape[1] !== d) {
      throw new ShapeError(`MixtureOfExperts.call: \`x\` must have shape [B, ${d}], got [${x.shape.join(', ')}]: reshape sequences to [B·T, d] or rebuild with inFeatures = ${x.shape[x.rank - 1]}`);
    }
    const B = x.shape[0] as number;
    if (sideFeatures > 0) {
      if (!args.side) throw new OptionError(`MixtureOfExperts.call: the layer was built with sideFeatures = ${sideFeatures}, but no \`side\` was passed: pass side [B, ${sideFeatures}] or rebuild with sideFeatures = 0`);
      if (args.side.rank !== 2 || args.side.shape[0] !== B || args.side.shape[1] !== sideFeatures) {
        throw new ShapeError(`MixtureOfExperts.call: \`side\` must have shape [${B}, ${sideFeatures}], got [${args.side.shape.join(', ')}]`);
      }
    } else if (args.side) {
      throw new OptionError(`MixtureOfExperts.call: \`side\` was passed ([${args.side.shape.join(', ')}]), but the layer was built with sideFeatures = 0: rebuild with sideFeatures = ${args.side.shape[args.side.rank - 1]}`);
    }
    const ctx = args.ctx ?? EVAL;
    const maskData = rowMaskData(args.mask, B, 'MixtureOfExperts.call');
    const w = this.opts.lossWeights;

    return tf.tidy(() => {
      const gateIn = args.side ? tf.concat([x, args.side], 1) : x;
      const g = this.gate.call(gateIn, ctx);
      const mask = maskData ? tf.tensor1d(maskData) : undefined;
      // dispatch plan on the host: top-k, minus masked rows, minus capacity drops
      let plan = g.selectionData;
      if (maskData) {
        plan = plan.slice();
        for (let i = 0; i < B; i++) if (maskData[i] === 0) plan.fill(0, i * E, (i + 1) * E);
      }
      let dropped = 0;
      if (this.opts.capacityFactor !== null) {
        const n = maskData ? maskData.reduce((a, b) => a + b, 0) : B;
        const capacity = Math.ceil((this.opts.capacityFactor * k * n) / E);
        ({ kept: plan, dropped } = applyCapacity(plan, B, E, capacity));
      }
      const planT = plan === g.selectionData ? g.selection : tf.tensor2d(plan, [B, E]);
      const combine = plan === g.selectionData ? g.combine : tf.mul(g.combine, planT);
      const mode = this.resolvedDispatch();
      const experts = this.experts;
      const output =
        experts instanceof StackedExperts
          ? experts.mix(x, combine) // both modes: zero-weight experts contribute exactly 0
          : mode === 'sparse'
            ? sparseDispatch(experts, x, combine, plan, this.opts.outFeatures, ctx)
            : denseDispatch(experts, x, combine, ctx);

      const imp = importanceOf(g.probs, mask);
      const load = tf.sum(planT, 0) as tf.Tensor1D;
      // losses (masked rows excluded); with 'weighted' a loss of weight 0 is not computed
      const request = args.losses ?? 'all';
      const wanted = (key: keyof MoELossWeights) => request === 'all' || w[key] !== 0;
      let losses: MoELosses | null = null;
      let samePairFraction = Number.NaN;
      if (request !== 'none') {
        let config: tf.Scalar = tf.scalar(0);
        let push: tf.Scalar | null = wanted('push') ? tf.scalar(0) : null;
        if (args.config !== undefined) {
          const r = configConsistencyLoss(g.probs, args.config, { rho: this.opts.rho, mask: maskData });
          ({ consistency: config, samePairFraction } = r);
          if (push) push = r.push;
        }
        const terms: Omit<MoELosses, 'total'> = {
          balance: balanceLoss(g.probs, mask),
          variance: varianceLoss(g.probs, this.opts.gamma, mask),
          config,
          push,
          importance: wanted('importance') ? cvSquared(imp) : null,
          load: wanted('load') ? cvSquared(g.noiseStd ? smoothLoad(g.cleanLogits, g.logits, g.noiseStd, k, mask) : load) : null,
          switch: wanted('switch') ? switchLoss(g.probs, planT, k, mask) : null,
          zLoss: wanted('zLoss') ? routerZLoss(g.logits, mask) : null,
        };
        let total: tf.Tensor = tf.scalar(0);
        for (const key of Object.keys(DEFAULT_LOSS_WEIGHTS) as (keyof MoELossWeights)[]) {
          if (w[key] !== 0) total = tf.add(total, tf.mul(terms[key]!, w[key]));
        }
        losses = { ...terms, total: total as tf.Scalar };
      }
      // the k weights of the selected experts (one-hot matMul, no gather)
      const onehot = tf.cast(tf.oneHot(g.indices, E), 'float32'); // [B, k, E]
      const weights = tf.sum(tf.mul(onehot, tf.expandDims(combine, 1)), -1) as tf.Tensor2D; // [B, k]
      return {
        output,
        losses,
        routing: {
          probs: g.probs, logits: g.logits, experts: g.indices, weights, load, importance: imp,
          dropped, dispatch: mode, samePairFraction,
        },
      } as unknown as tf.TensorContainer;
    }) as unknown as MoEResult;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { lossWeights, ...rest } = this.opts;
    return { ...rest, lossWeights: { ...lossWeights } } as unknown as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(MixtureOfExperts);
