/**
 * Experts of a {@link MixtureOfExperts}: any module mapping `[N, d] -> [N, out]`, built by an
 * injectable factory, held in an {@link ExpertList}.
 */
import { tf, Module, MLP, deriveSeed, type CallContext, type Seed } from '@umq/core';

/** A module that maps `x [N, d]` to `[N, out]`; `N` may be any number of rows, including 0 rows never being passed. */
export type ExpertModule = Module & {
  /** Maps `x [N, d]` to `[N, out]`. */
  call(x: tf.Tensor, ctx: CallContext): tf.Tensor;
};

/**
 * Builds expert `index` from a seed derived from the MoE's seed.
 *
 * @example
 * ```ts
 * const factory: ExpertFactory = (i, seed) => new MLP({ inFeatures: 16, hidden: 64, outFeatures: 16, seed });
 * ```
 */
export type ExpertFactory = (index: number, seed: number) => ExpertModule;

/**
 * The default experts: two-layer ReLU MLPs `inFeatures -> hidden -> outFeatures` (the UMQ
 * reference uses d -> d -> d).
 *
 * @example
 * ```ts
 * const moe = new MixtureOfExperts({ inFeatures: 32, experts: mlpExperts(32, 64, 8) });
 * ```
 */
export function mlpExperts(inFeatures: number, hidden: number, outFeatures: number, dropout = 0): ExpertFactory {
  return (_index, seed) => new MLP({ inFeatures, hidden, outFeatures, activation: 'relu', dropout, seed });
}

/** Options of {@link ExpertList}. */
export interface ExpertListOptions {
  /** Number of experts E (>= 1). */
  count: number;
  /** The factory that builds each expert. */
  factory: ExpertFactory;
  /** Seed from which each expert's seed is derived (`deriveSeed(seed, 'expert', j)`). Default `0`. */
  seed?: Seed;
}

/**
 * An indexed list of experts; their state lives under `0.`, `1.`, ... (e.g. `experts.3.l1.weight`).
 *
 * @example
 * ```ts
 * const list = new ExpertList({ count: 4, factory: mlpExperts(8, 8, 8), seed: 1 });
 * const y = list.at(2).call(tf.ones([5, 8]), EVAL); // [5, 8]
 * ```
 */
export class ExpertList extends Module {
  static override className = 'umq.ExpertList';
  private readonly items: ExpertModule[] = [];
  private readonly count: number;
  private readonly seed: Seed;

  constructor(options: ExpertListOptions) {
    super();
    this.count = options.count;
    this.seed = options.seed ?? 0;
    for (let j = 0; j < options.count; j++) {
      this.items.push(this.addModule(String(j), options.factory(j, deriveSeed(this.seed, 'expert', j))));
    }
  }

  /** Number of experts E (`list.length`). */
  get length(): number {
    return this.items.length;
  }

  /** Expert `j` (0-based), e.g. `list.at(0).call(x, EVAL)`. */
  at(j: number): ExpertModule {
    return this.items[j];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { count: this.count, seed: this.seed };
  }
}
tf.serialization.registerClass(ExpertList);
