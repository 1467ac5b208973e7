/**
 * Seeded parameter initialisers (as PyTorch's defaults, so models start alike in both).
 */
import { tf } from '../tf';
import { Rng, type Seed } from '../random';

/**
 * A tensor of U(-bound, bound) draws from `seed`; PyTorch's `nn.Linear` uses
 * `bound = 1 / sqrt(fanIn)` for weight and bias.
 *
 * @example
 * ```ts
 * const w = uniformInit([100, 64], 1 / Math.sqrt(100), 7);
 * ```
 */
export function uniformInit(shape: number[], bound: number, seed: Seed | Rng): tf.Tensor {
  const rng = seed instanceof Rng ? seed : new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(rng.fillUniform(new Float32Array(n), -bound, bound), shape, 'float32');
}
