/**
 * The power spectrogram of `torch.stft` as torchaudio's `Spectrogram(power=2)` computes it:
 * a periodic Hann window of `winLength` zero-padded (centred) to `nFft`, frames `hopLength`
 * apart, and with `center` the signal reflect-padded by `floor(nFft/2)` on both sides.
 * No `node:` import.
 */
import { OptionError } from '@umq/core';
import { RealFft } from './fft';

/** Framing of a short-time Fourier transform (all lengths in samples). */
export interface StftOptions {
  /** FFT size; bins = `floor(nFft/2) + 1`. */
  nFft: number;
  /** Window length (<= `nFft`), a periodic Hann window as `torch.hann_window(winLength)`. */
  winLength: number;
  /** Samples between frame starts. */
  hopLength: number;
  /** Reflect-pad by `floor(nFft/2)` on both sides so frame t is centred at `t * hopLength` (torch's `center=True`). */
  center: boolean;
}

/**
 * Number of frames of a signal of `length` samples: `1 + floor((length + 2*floor(nFft/2) - nFft) / hop)`
 * with `center`, `1 + floor((length - nFft) / hop)` without (0 when the signal is shorter than a frame).
 *
 * @example
 * ```ts
 * frameCount(8000, { nFft: 256, winLength: 200, hopLength: 80, center: true }); // 101
 * ```
 */
export function frameCount(length: number, o: StftOptions): number {
  const padded = o.center ? length + 2 * Math.floor(o.nFft / 2) : length;
  return padded < o.nFft ? 0 : 1 + Math.floor((padded - o.nFft) / o.hopLength);
}

/** Index of sample `i` of a reflect-padded signal of `length` samples (repeated reflection for short signals). */
function reflect(i: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < length ? j : period - j;
}

/**
 * A reusable power-spectrogram computer for one set of {@link StftOptions}.
 *
 * @example
 * ```ts
 * const stft = new PowerSpectrogram({ nFft: 256, winLength: 200, hopLength: 80, center: true });
 * const { frames, power } = stft.compute(samples); // power: Float64Array [frames, 129]
 * ```
 */
export class PowerSpectrogram {
  /** Bins per frame, `floor(nFft/2) + 1`. */
  readonly bins: number;
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly buf: Float64Array;

  /** The framing. */
  readonly options: StftOptions;

  /**
   * @param options - The framing.
   * @throws OptionError when a length is not a positive integer or the window is longer than the FFT.
   */
  constructor(options: StftOptions) {
    this.options = options;
    const { nFft, winLength, hopLength } = options;
    for (const [k, v] of [['nFft', nFft], ['winLength', winLength], ['hopLength', hopLength]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new OptionError(`audio features: \`${k}\` must be an integer >= 1, got ${v}`);
    }
    if (winLength > nFft) throw new OptionError(`audio features: \`winLength\` ${winLength} is longer than \`nFft\` ${nFft}: use nFft >= winLength`);
    this.fft = new RealFft(nFft);
    this.bins = this.fft.bins;
    this.window = new Float64Array(nFft);
    const left = Math.floor((nFft - winLength) / 2);
    for (let i = 0; i < winLength; i++) this.window[left + i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / winLength);
    this.buf = new Float64Array(nFft);
  }

  /**
   * The power spectrum of frame `t` of a signal.
   *
   * @param x - Mono samples.
   * @param t - Frame index (0-based, below {@link frameCount}).
   * @param out - Destination, `bins` long.
   */
  frame(x: ArrayLike<number>, t: number, out: Float64Array): Float64Array {
    const { nFft, hopLength, center } = this.options;
    const start = t * hopLength - (center ? Math.floor(nFft / 2) : 0);
    const { buf, window } = this;
    if (start >= 0 && start + nFft <= x.length) {
      for (let i = 0; i < nFft; i++) buf[i] = x[start + i]! * window[i]!;
    } else {
      for (let i = 0; i < nFft; i++) buf[i] = x[reflect(start + i, x.length)]! * window[i]!;
    }
    return this.fft.power(buf, out);
  }

  /**
   * The power spectrogram of one signal.
   *
   * @param x - Mono samples.
   * @returns `frames` and `power`, row-major `[frames, bins]`.
   */
  compute(x: ArrayLike<number>): {
    /** Frames computed. */
    frames: number;
    /** Row-major `[frames, bins]`. */
    power: Float64Array;
  } {
    const frames = frameCount(x.length, this.options);
    const power = new Float64Array(frames * this.bins);
    for (let t = 0; t < frames; t++) this.frame(x, t, power.subarray(t * this.bins, (t + 1) * this.bins));
    return { frames, power };
  }
}
