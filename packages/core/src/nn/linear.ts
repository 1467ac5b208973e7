/**
 * `Linear`: a dense layer `x W + b` with PyTorch's default initialisation.
 */
import { tf } from '../tf';
import { Module } from './module';
import { uniformInit } from './init';
import { linear } from '../ops/linear';
import { inputLinear } from '../ops/input-linear';
import { Rng, type Seed } from '../random';
import { assertInteger } from '../validate';
import { ShapeError } from '../errors';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Input width. */
  inFeatures: number;
  /** Output width. */
  outFeatures: number;
  /** Add a bias. Default `true`. */
  bias?: boolean;
  /** Initialisation seed. Default `0`. Weight and bias are U(-1/sqrt(in), 1/sqrt(in)), as PyTorch. */
  seed?: Seed;
  /**
   * The input is data (the first layer of an encoder): no gradient is computed for it, which
   * saves one matrix product per backward pass ({@link inputLinear}). Default `false`.
   */
  dataInput?: boolean;
}

/**
 * Dense layer over the last axis. `weight` is stored `[in, out]` (the tfjs/Keras layout; the
 * transpose of PyTorch's `nn.Linear.weight`).
 *
 * @example
 * ```ts
 * const fc = new Linear({ inFeatures: 100, outFeatures: 64, seed: 1 });
 * const y = fc.call(tf.ones([8, 100])); // [8, 64]
 * ```
 */
export class Linear extends Module {
  static override className = 'umq.Linear';
  /** `[in, out]`. */
  readonly weight: tf.Variable;
  /** `[out]`, or null without bias. */
  readonly bias: tf.Variable | null;
  private readonly options: Required<Omit<LinearOptions, 'seed'>> & { seed: Seed };

  constructor(options: LinearOptions) {
    super();
    assertInteger('Linear.inFeatures', options.inFeatures, 1);
    assertInteger('Linear.outFeatures', options.outFeatures, 1);
    this.options = { bias: true, seed: 0, dataInput: false, ...options };
    const rng = new Rng(this.options.seed);
    const bound = 1 / Math.sqrt(options.inFeatures);
    this.weight = this.addParameter('weight', uniformInit([options.inFeatures, options.outFeatures], bound, rng));
    this.bias = this.options.bias ? this.addParameter('bias', uniformInit([options.outFeatures], bound, rng)) : null;
  }

  /** `x [..., in] -> [..., out]`. */
  call(x: tf.Tensor): tf.Tensor {
    if (x.shape[x.rank - 1] !== this.options.inFeatures) {
      throw new ShapeError(`Linear: input has ${x.shape[x.rank - 1]} features (shape [${x.shape.join(', ')}]), but the layer was built for ${this.options.inFeatures}: rebuild it with inFeatures = ${x.shape[x.rank - 1]}`);
    }
    return this.options.dataInput ? inputLinear(x, this.weight, this.bias ?? undefined) : linear(x, this.weight, this.bias ?? undefined);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options, seed: this.options.seed };
  }
}
tf.serialization.registerClass(Linear);
