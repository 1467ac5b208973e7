/**
 * Log-mel and MFCC frames of a mono signal, matching torchaudio 0.13:
 * log-mel = `log(MelSpectrogram(...)(x) + logOffset)` and MFCC = `MFCC(..., log_mels=True)`
 * (the DCT-II, orthonormal, of that log-mel). No `node:` import.
 */
import { OptionError, assertNumberInRange } from '@umq/core';
import { dctOrtho, melFilterbank, type MelNorm } from './mel';
import { PowerSpectrogram, frameCount } from './spectrogram';

/** Which frames to compute: natural-log mel energies or their cepstrum. */
export type AudioFeatureType = 'mfcc' | 'log-mel';

/**
 * Options of {@link AudioFeaturizer} (lengths in samples at the signal's rate; the defaults
 * are 25 ms windows every 10 ms at 8 kHz, the FSDD rate).
 */
export interface AudioFeatureOptions {
  /** `'mfcc'` (`nMfcc` coefficients a frame) or `'log-mel'` (`nMels` log energies a frame). Default `'mfcc'`. */
  type?: AudioFeatureType;
  /** FFT size, any integer >= `winLength` (powers of two are fastest). Default 256. */
  nFft?: number;
  /** Window length (periodic Hann), samples. Default 200 (25 ms at 8 kHz). */
  winLength?: number;
  /** Hop between frames, samples. Default 80 (10 ms at 8 kHz). */
  hopLength?: number;
  /** Mel bands. Default 40. */
  nMels?: number;
  /** MFCC coefficients kept (<= `nMels`; `type: 'mfcc'` only). Default 20. */
  nMfcc?: number;
  /** Lowest filter edge, Hz. Default 0. */
  fMin?: number;
  /** Highest filter edge, Hz (<= `floor(sampleRate/2)`). Default `floor(sampleRate/2)`. */
  fMax?: number;
  /** Filter normalisation: `'none'` (peak 1, torchaudio's default) or `'slaney'` (area). Default `'none'`. */
  melNorm?: MelNorm;
  /** Added to the mel energies before the natural log (torchaudio MFCC's `log_offset`). Default 1e-6. */
  logOffset?: number;
  /** Centre frames with reflect padding (torch `center=True`). Default true. */
  center?: boolean;
}

/** {@link AudioFeatureOptions} with every default filled in and the sample rate. */
export type ResolvedAudioFeatureOptions = Required<AudioFeatureOptions> & {
  /** Sample rate of the signals, Hz. */
  sampleRate: number;
};

/**
 * Fills the defaults of {@link AudioFeatureOptions} and checks the values.
 *
 * @param sampleRate - Sample rate of the signals, Hz.
 * @throws OptionError for a value out of range.
 * @example
 * ```ts
 * resolveAudioFeatureOptions({ type: 'log-mel' }, 8000).nMels; // 40
 * ```
 */
export function resolveAudioFeatureOptions(options: AudioFeatureOptions, sampleRate: number): ResolvedAudioFeatureOptions {
  assertNumberInRange('sampleRate', sampleRate, 1, 1e6);
  const nyquist = Math.floor(sampleRate / 2);
  const o: ResolvedAudioFeatureOptions = {
    type: options.type ?? 'mfcc',
    nFft: options.nFft ?? 256,
    winLength: options.winLength ?? 200,
    hopLength: options.hopLength ?? 80,
    nMels: options.nMels ?? 40,
    nMfcc: options.nMfcc ?? 20,
    fMin: options.fMin ?? 0,
    fMax: options.fMax ?? nyquist,
    melNorm: options.melNorm ?? 'none',
    logOffset: options.logOffset ?? 1e-6,
    center: options.center ?? true,
    sampleRate,
  };
  if (o.type !== 'mfcc' && o.type !== 'log-mel') throw new OptionError(`audio features: \`type\` must be 'mfcc' or 'log-mel', got ${JSON.stringify(o.type)}`);
  if (o.melNorm !== 'none' && o.melNorm !== 'slaney') throw new OptionError(`audio features: \`melNorm\` must be 'none' or 'slaney', got ${JSON.stringify(o.melNorm)}`);
  for (const k of ['nFft', 'winLength', 'hopLength', 'nMels', 'nMfcc'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new OptionError(`audio features: \`${k}\` must be an integer >= 1, got ${o[k]}`);
  }
  if (o.winLength > o.nFft) throw new OptionError(`audio features: \`winLength\` ${o.winLength} is longer than \`nFft\` ${o.nFft}: use nFft >= winLength`);
  if (o.type === 'mfcc' && o.nMfcc > o.nMels) throw new OptionError(`audio features: \`nMfcc\` ${o.nMfcc} is more than \`nMels\` ${o.nMels}: an MFCC keeps at most nMels coefficients`);
  assertNumberInRange('fMin', o.fMin, 0, nyquist);
  assertNumberInRange('fMax', o.fMax, o.fMin, nyquist, `fMax must lie in [fMin, sampleRate/2]`);
  if (o.fMax <= o.fMin) throw new OptionError(`audio features: \`fMax\` ${o.fMax} must be above \`fMin\` ${o.fMin}`);
  assertNumberInRange('logOffset', o.logOffset, Number.MIN_VALUE, 1);
  return o;
}

/**
 * Computes log-mel or MFCC frames; build one per option set and reuse it for every signal
 * (the window, filterbank, DCT and FFT tables are built once).
 *
 * @example
 * ```ts
 * const f = new AudioFeaturizer({ type: 'mfcc', nMfcc: 13 }, 8000);
 * const { frames, values } = f.compute(wav.samples); // values: Float32Array [frames, 13]
 * ```
 */
export class AudioFeaturizer {
  /** The resolved options. */
  readonly options: ResolvedAudioFeatureOptions;
  /** Values per frame: `nMfcc` or `nMels`. */
  readonly dim: number;
  private readonly stft: PowerSpectrogram;
  private readonly mel: ReturnType<typeof melFilterbank>;
  private readonly dct: Float64Array | null;
  private readonly melFrame: Float64Array;
  private readonly powerFrame: Float64Array;

  /**
   * @param options - Feature options (defaults filled by {@link resolveAudioFeatureOptions}).
   * @param sampleRate - Sample rate of the signals, Hz.
   * @throws OptionError for bad options.
   */
  constructor(options: AudioFeatureOptions, sampleRate: number) {
    const o = (this.options = resolveAudioFeatureOptions(options, sampleRate));
    this.stft = new PowerSpectrogram({ nFft: o.nFft, winLength: o.winLength, hopLength: o.hopLength, center: o.center });
    this.mel = melFilterbank({ bins: this.stft.bins, sampleRate, nMels: o.nMels, fMin: o.fMin, fMax: o.fMax, norm: o.melNorm });
    this.dct = o.type === 'mfcc' ? dctOrtho(o.nMfcc, o.nMels) : null;
    this.dim = o.type === 'mfcc' ? o.nMfcc : o.nMels;
    this.melFrame = new Float64Array(o.nMels);
    this.powerFrame = new Float64Array(this.stft.bins);
  }

  /**
   * Frames of one mono signal (computed in float64, stored as float32).
   *
   * @param x - Samples at the featurizer's sample rate.
   * @returns `frames` and `values`, row-major `[frames, dim]`.
   */
  compute(x: ArrayLike<number>): {
    /** Frames computed. */
    frames: number;
    /** Row-major `[frames, dim]`. */
    values: Float32Array;
  } {
    const frames = frameCount(x.length, this.stft.options);
    const { nMels, logOffset } = this.options;
    const out = new Float32Array(frames * this.dim);
    const m = this.melFrame;
    for (let t = 0; t < frames; t++) {
      this.mel.apply(this.stft.frame(x, t, this.powerFrame), m);
      for (let j = 0; j < nMels; j++) m[j] = Math.log(m[j]! + logOffset);
      if (!this.dct) {
        out.set(m, t * nMels);
        continue;
      }
      for (let k = 0; k < this.dim; k++) {
        let acc = 0;
        const row = k * nMels;
        for (let j = 0; j < nMels; j++) acc += this.dct[row + j]! * m[j]!;
        out[t * this.dim + k] = acc;
      }
    }
    return { frames, values: out };
  }
}
