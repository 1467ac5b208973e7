/**
 * Band-limited resampling with torchaudio's `functional.resample` kernel
 * (`resampling_method='sinc_interpolation'`, a Hann-windowed sinc; torchaudio >= 2.1 calls it
 * `'sinc_interp_hann'`): the same taps, padding and output length, in float64. No `node:` import.
 */
import { OptionError } from '@umq/core';

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** Zero crossings of the sinc on each side (sharper filter, longer kernel). Default 6 (torchaudio's). */
  lowpassFilterWidth?: number;
  /** Cut-off as a fraction of the lower Nyquist rate (anti-aliasing margin). Default 0.99 (torchaudio's). */
  rolloff?: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Resamples a mono signal from `from` Hz to `to` Hz. With `g = gcd(from, to)`,
 * `p = from/g`, `q = to/g` and `base = min(p, q) * rolloff`, output sample `i*q + j` is
 * `sum_k xpad[i*p + k] * h_j[k]`, where `xpad` is `x` zero-padded by `width = ceil(w * p / base)`
 * on the left and `width + p` on the right, and `h_j[k] = sinc(base * t) * cos^2(pi t base / (2 w)) * base / p`
 * for `t = (k - width)/p - j/q` clamped to `[-w/base, w/base]` (w = `lowpassFilterWidth`).
 * The output has `ceil(q * length / p)` samples. Equal rates return a copy.
 *
 * @param x - Samples at `from` Hz.
 * @param from - Source rate, a positive integer.
 * @param to - Target rate, a positive integer.
 * @param options - Filter width and roll-off.
 * @throws OptionError for non-integer or non-positive rates and bad filter options.
 * @example
 * ```ts
 * const y = resample(samples44k, 44100, 8000); // torchaudio.functional.resample(x, 44100, 8000)
 * ```
 */
export function resample(x: ArrayLike<number>, from: number, to: number, options: ResampleOptions = {}): Float32Array {
  for (const [k, v] of [['from', from], ['to', to]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new OptionError(`resample: \`${k}\` must be a positive integer rate in Hz, got ${v}`);
  }
  const width0 = options.lowpassFilterWidth ?? 6;
  const rolloff = options.rolloff ?? 0.99;
  if (!Number.isInteger(width0) || width0 < 1) throw new OptionError(`resample: \`lowpassFilterWidth\` must be an integer >= 1, got ${width0}`);
  if (!(rolloff > 0 && rolloff <= 1)) throw new OptionError(`resample: \`rolloff\` must lie in (0, 1], got ${rolloff}`);
  if (from === to) return Float32Array.from(x);
  const g = gcd(from, to);
  const p = from / g;
  const q = to / g;
  const base = Math.min(p, q) * rolloff;
  const width = Math.ceil((width0 * p) / base);
  const taps = 2 * width + p;
  const kernel = new Float64Array(q * taps);
  for (let j = 0; j < q; j++) {
    for (let k = 0; k < taps; k++) {
      let t = ((k - width) / p - j / q) * base;
      t = Math.min(width0, Math.max(-width0, t));
      const win = Math.cos((t * Math.PI) / width0 / 2) ** 2;
      const a = t * Math.PI;
      kernel[j * taps + k] = (a === 0 ? 1 : Math.sin(a) / a) * win * (base / p);
    }
  }
  const n = x.length;
  const outLen = Math.ceil((q * n) / p);
  const out = new Float32Array(outLen);
  for (let o = 0; o < outLen; o++) {
    const i = Math.floor(o / q);
    const j = o - i * q;
    const first = i * p - width; // index into x of tap 0
    const h = j * taps;
    let acc = 0;
    const k0 = Math.max(0, -first);
    const k1 = Math.min(taps, n - first);
    for (let k = k0; k < k1; k++) acc += x[first + k]! * kernel[h + k]!;
    out[o] = acc;
  }
  return out;
}
