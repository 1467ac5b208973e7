/**
 * Grouped layers: G independent Linear layers or MLPs stored as stacked parameters
 * (`weight [G, in, out]`, `bias [G, out]`), as the reference's `MultiLinear` / `MultiMLP`.
 * One pair of variables serves all groups, so optimizers and the autodiff tape see G times
 * fewer tensors than with G separate modules.
 */
import { tf } from '../tf';
import { Module, type CallContext, EVAL } from './module';
import { activate, type Activation } from './mlp';
import { groupedLinear } from '../ops/grouped-linear';
import { trainingDropout } from '../ops/dropout';
import { deriveSeed, Rng, type Seed } from '../random';
import { assertInteger } from '../validate';
import { OptionError, ShapeError } from '../errors';

/** Options of {@link GroupedLinear}. */
export interface GroupedLinearOptions {
  /** Number of groups G (modalities, experts). */
  groups: number;
  /** Input width. */
  inFeatures: number;
  /** Output width. */
  outFeatures: number;
  /** Learn a bias. Default true. */
  bias?: boolean;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/**
 * G independent linear layers: `x [G, N, in] -> [G, N, out]`, `y[g] = x[g] W[g] + b[g]`.
 * Each group is initialised like PyTorch's `nn.Linear` (U(±1/sqrt(in)) for weight and bias),
 * from its own seed stream `deriveSeed(seed, g)`.
 *
 * @example
 * ```ts
 * const lin = new GroupedLinear({ groups: 3, inFeatures: 16, outFeatures: 8, seed: 1 });
 * const y = lin.call(tf.zeros([3, 5, 16])); // [3, 5, 8]
 * ```
 */
export class GroupedLinear extends Module {
  /** Registered class name (tfjs serialization). */
  static override className = 'umq.GroupedLinear';
  /** Stacked weights `[G, in, out]`. */
  readonly weight: tf.Variable;
  /** Stacked biases `[G, out]`, or null. */
  readonly bias: tf.Variable | null;
  private readonly options: Required<Omit<GroupedLinearOptions, 'seed'>> & { seed: Seed };

  constructor(options: GroupedLinearOptions) {
    super();
    assertInteger('GroupedLinear.groups', options.groups, 1);
    assertInteger('GroupedLinear.inFeatures', options.inFeatures, 1);
    assertInteger('GroupedLinear.outFeatures', options.outFeatures, 1);
    this.options = { bias: true, seed: 0, ...options };
    const { groups: G, inFeatures: I, outFeatures: O, seed } = this.options;
    const bound = 1 / Math.sqrt(I);
    const w = new Float32Array(G * I * O);
    const b = new Float32Array(G * O);
    for (let g = 0; g < G; g++) {
      const rng = new Rng(deriveSeed(seed, g));
      rng.fillUniform(w.subarray(g * I * O, (g + 1) * I * O), -bound, bound);
      rng.fillUniform(b.subarray(g * O, (g + 1) * O), -bound, bound);
    }
    this.weight = this.addParameter('weight', tf.tensor3d(w, [G, I, O]));
    this.bias = this.options.bias ? this.addParameter('bias', tf.tensor2d(b, [G, O])) : null;
  }

  /** Applies the G layers to `x [G, N, in]`. */
  call(x: tf.Tensor): tf.Tensor3D {
    const { groups: G, inFeatures: I } = this.options;
    if (x.rank !== 3 || x.shape[0] !== G || x.shape[2] !== I) {
      throw new ShapeError(`GroupedLinear: input must be stacked [G=${G}, N, ${I}], got [${x.shape.join(', ')}]: tf.stack the per-group [N, ${I}] tensors in group order`);
    }
    return groupedLinear(x, this.weight, this.bias ?? undefined);
  }

  /** The constructor options (tfjs serialization, `config.json` of checkpoints). */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(GroupedLinear);

/** Options of {@link GroupedMLP}. */
export interface GroupedMLPOptions {
  /** Number of groups G. */
  groups: number;
  /** Input width. */
  inFeatures: number;
  /** Hidden width. */
  hidden: number;
  /** Output width. */
  outFeatures: number;
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
  /** Dropout after the activation (training only). Default 0. */
  dropout?: number;
  /** Initialisation seed. Default 0. */
  seed?: Seed;
}

/**
 * G independent two-layer MLPs `in -> hidden -> out` on stacked inputs
 * (`x [G, N, in] -> [G, N, out]`): the reference's `MultiMLP`. Parameters: `l1.weight
 * [G, in, hidden]`, `l1.bias [G, hidden]`, `l2.weight [G, hidden, out]`, `l2.bias [G, out]`.
 *
 * @example
 * ```ts
 * const nets = new GroupedMLP({ groups: 3, inFeatures: 16, hidden: 8, outFeatures: 1, seed: 2 });
 * const y = nets.call(tf.zeros([3, 5, 16]), EVAL); // [3, 5, 1]
 * ```
 */
export class GroupedMLP extends Module {
  /** Registered class name (tfjs serialization). */
  static override className = 'umq.GroupedMLP';
  /** First layer. */
  readonly l1: GroupedLinear;
  /** Second layer. */
  readonly l2: GroupedLinear;
  private readonly options: Required<Omit<GroupedMLPOptions, 'seed'>> & { seed: Seed };

  constructor(options: GroupedMLPOptions) {
    super();
    this.options = { activation: 'relu', dropout: 0, seed: 0, ...options };
    if (!(this.options.dropout >= 0 && this.options.dropout < 1)) throw new OptionError(`GroupedMLP.dropout must be in [0, 1), got ${this.options.dropout}`);
    const { groups, inFeatures, hidden, outFeatures, seed } = this.options;
    this.l1 = this.addModule('l1', new GroupedLinear({ groups, inFeatures, outFeatures: hidden, seed: deriveSeed(seed, 'l1') }));
    this.l2 = this.addModule('l2', new GroupedLinear({ groups, inFeatures: hidden, outFeatures, seed: deriveSeed(seed, 'l2') }));
  }

  /** Applies the G MLPs to `x [G, N, in]`. */
  call(x: tf.Tensor, ctx: CallContext = EVAL): tf.Tensor3D {
    return tf.tidy(() => {
      const h = activate(this.l1.call(x), this.options.activation);
      return this.l2.call(trainingDropout(h, this.options.dropout, ctx, 'GroupedMLP.call'));
    });
  }

  /** The constructor options (tfjs serialization, `config.json` of checkpoints). */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(GroupedMLP);
