/**
 * Additive white Gaussian noise at a signal-to-noise ratio (MultiBench's audio degradation in
 * AV-MNIST, here with Gaussian instead of recorded noise). No `node:` import.
 */
import { Rng, assertNumberInRange } from '@umq/core';

/**
 * `x + sigma * N(0, 1)` with `sigma^2 = mean(x^2) / 10^(snrDb/10)`: the noise power sits
 * `snrDb` decibels below the recording's own mean power. A silent signal (power 0) is returned
 * unchanged. The draws come from `rng` (fork one per recording for reproducible noise).
 *
 * @param x - Mono samples (not modified).
 * @param snrDb - Signal-to-noise ratio in dB (any finite number; lower is noisier).
 * @param rng - The noise stream.
 * @returns A new array.
 * @example
 * ```ts
 * const noisy = addNoiseAtSnr(wav.samples, 0, new Rng(1).fork('noise', '0_george_0')); // as loud as the speech
 * ```
 */
export function addNoiseAtSnr(x: Float32Array, snrDb: number, rng: Rng): Float32Array {
  assertNumberInRange('snrDb', snrDb, -200, 200);
  let p = 0;
  for (let i = 0; i < x.length; i++) p += x[i]! * x[i]!;
  p /= Math.max(1, x.length);
  const out = Float32Array.from(x);
  if (p === 0) return out;
  const sigma = Math.sqrt(p / 10 ** (snrDb / 10));
  // Box-Muller on 32-bit uniforms, both outputs used: two draws per two samples (about twice
  // as fast as Rng.normal's 53-bit uniforms, plenty for noise).
  for (let i = 0; i < out.length; i += 2) {
    const u1 = (rng.nextUint32() + 1) / 4294967296; // (0, 1]
    const a = (2 * Math.PI * rng.nextUint32()) / 4294967296;
    const r = sigma * Math.sqrt(-2 * Math.log(u1));
    out[i] = out[i]! + r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] = out[i + 1]! + r * Math.sin(a);
  }
  return out;
}
