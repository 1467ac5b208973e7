/**
 * `Conv1d` module: temporal convolution with 'same' padding (UMQ Eq 25 projection).
 */
import { tf } from '../tf';
import { Module } from './module';
import { uniformInit } from './init';
import { conv1d } from '../ops/conv1d';
import { Rng, type Seed } from '../random';
import { assertInteger } from '../validate';
import { OptionError, ShapeError } from '../errors';

/** Options of {@link Conv1d}. */
export interface Conv1dOptions {
  /** Input channels C (the modality's feature width D_m). */
  inChannels: number;
  /** Output channels O (the model width d). */
  outChannels: number;
  /** Kernel size K, odd. Default `3` (the paper's temporal Conv1D, Eq 25). */
  kernelSize?: number;
  /** Add a bias. Default `true`. */
  bias?: boolean;
  /** Initialisation seed. Default `0`. Weight and bias are U(±1/sqrt(C·K)), as PyTorch. */
  seed?: Seed;
}

/**
 * 1-D convolution over time, `[B, T, C] -> [B, T, O]`, 'same' zero padding, trainable on
 * every backend (im2col + one matMul, see {@link conv1d}). `weight` is stored `[K, C, O]`;
 * load a PyTorch `nn.Conv1d.weight` `[O, C, K]` as `w.transpose(2, 1, 0)`.
 *
 * @example
 * ```ts
 * const conv = new Conv1d({ inChannels: 74, outChannels: 100, seed: 1 });
 * const y = conv.call(tf.ones([8, 50, 74])); // [8, 50, 100]
 * ```
 */
export class Conv1d extends Module {
  static override className = 'umq.Conv1d';
  /** `[K, C, O]`. */
  readonly weight: tf.Variable;
  /** `[O]`, or null without bias. */
  readonly bias: tf.Variable | null;
  private readonly options: Required<Omit<Conv1dOptions, 'seed'>> & { seed: Seed };

  constructor(options: Conv1dOptions) {
    super();
    assertInteger('Conv1d.inChannels', options.inChannels, 1);
    assertInteger('Conv1d.outChannels', options.outChannels, 1);
    this.options = { kernelSize: 3, bias: true, seed: 0, ...options };
    const k = this.options.kernelSize;
    assertInteger('Conv1d.kernelSize', k, 1);
    if (k % 2 !== 1) throw new OptionError(`Conv1d.kernelSize must be odd for 'same' padding, got ${k}: use 1, 3, 5, ...`);
    const rng = new Rng(this.options.seed);
    const bound = 1 / Math.sqrt(options.inChannels * k);
    this.weight = this.addParameter('weight', uniformInit([k, options.inChannels, options.outChannels], bound, rng));
    this.bias = this.options.bias ? this.addParameter('bias', uniformInit([options.outChannels], bound, rng)) : null;
  }

  /** `x [B, T, C] -> [B, T, O]`. */
  call(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 3 || x.shape[2] !== this.options.inChannels) {
      throw new ShapeError(`Conv1d: input has shape [${x.shape.join(', ')}], expected [B, T, ${this.options.inChannels}]: rebuild with inChannels = ${x.shape[x.rank - 1]} or fix the input`);
    }
    return conv1d(x, this.weight, this.bias ?? undefined);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(Conv1d);
