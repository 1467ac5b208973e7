/**
 * torchaudio's mel filterbank (`melscale_fbanks`, HTK mel scale, norm `None` or `'slaney'`)
 * and its orthonormal DCT-II matrix (`create_dct(norm='ortho')`), in float64. No `node:` import.
 */

/** Area normalisation of the triangular mel filters: none (peak 1) or Slaney's (`2 / bandwidth`). */
export type MelNorm = 'none' | 'slaney';

/**
 * HTK mel of a frequency: `2595 log10(1 + f/700)`.
 *
 * @param f - Frequency in Hz.
 * @example
 * ```ts
 * hzToMel(1000); // 999.99
 * ```
 */
export function hzToMel(f: number): number {
  return 2595 * Math.log10(1 + f / 700);
}

/**
 * Inverse of {@link hzToMel}: `700 (10^(m/2595) - 1)` Hz.
 *
 * @param m - HTK mel.
 * @example
 * ```ts
 * melToHz(hzToMel(440)); // 440
 * ```
 */
export function melToHz(m: number): number {
  return 700 * (10 ** (m / 2595) - 1);
}

/**
 * Triangular mel filters over the one-sided FFT bins, as `torchaudio.functional.melscale_fbanks`
 * with `mel_scale='htk'`: bin k sits at `k * floor(sampleRate/2) / (bins-1)` Hz; the
 * `nMels + 2` edges are equally spaced in mel between `fMin` and `fMax`.
 * Stored sparsely: filter m has weights `weights[m]` on bins `start[m] .. start[m] + weights[m].length - 1`.
 *
 * @example
 * ```ts
 * const fb = melFilterbank({ bins: 129, sampleRate: 8000, nMels: 40, fMin: 0, fMax: 4000, norm: 'none' });
 * fb.apply(powerFrame, out); // out[m] = sum_k power[k] * fb[k, m]
 * ```
 */
export function melFilterbank(o: { bins: number; sampleRate: number; nMels: number; fMin: number; fMax: number; norm: MelNorm }): {
  /** First bin of each filter. */
  start: Int32Array;
  /** Weights of each filter from its first bin on. */
  weights: Float64Array[];
  /** `out[m] = sum_k power[k] * fb[k, m]` for one power frame. */
  apply(power: Float64Array, out: Float64Array): void;
} {
  const { bins, nMels } = o;
  const nyquist = Math.floor(o.sampleRate / 2);
  const freqs = Float64Array.from({ length: bins }, (_, k) => (bins === 1 ? 0 : (k * nyquist) / (bins - 1)));
  const mMin = hzToMel(o.fMin);
  const mMax = hzToMel(o.fMax);
  const edges = Float64Array.from({ length: nMels + 2 }, (_, i) => melToHz(mMin + ((mMax - mMin) * i) / (nMels + 1)));
  const start = new Int32Array(nMels);
  const weights: Float64Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const lo = edges[m]!;
    const mid = edges[m + 1]!;
    const hi = edges[m + 2]!;
    const scale = o.norm === 'slaney' ? 2 / (hi - lo) : 1;
    const w: number[] = [];
    let first = -1;
    for (let k = 0; k < bins; k++) {
      const f = freqs[k]!;
      const v = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid))) * scale;
      if (v > 0) {
        if (first < 0) first = k;
        // Zeros inside the support (possible only with degenerate edges) are kept as zeros.
        while (first + w.length < k) w.push(0);
        w.push(v);
      }
    }
    start[m] = Math.max(0, first);
    weights.push(Float64Array.from(w));
  }
  return {
    start,
    weights,
    apply(power: Float64Array, out: Float64Array): void {
      for (let m = 0; m < nMels; m++) {
        const w = weights[m]!;
        const s = start[m]!;
        let acc = 0;
        for (let j = 0; j < w.length; j++) acc += power[s + j]! * w[j]!;
        out[m] = acc;
      }
    },
  };
}

/**
 * The orthonormal DCT-II matrix `[nMfcc, nMels]` (row-major) of `torchaudio.functional.create_dct`
 * with `norm='ortho'`: `D[k, n] = sqrt(2/N) cos(pi/N (n + 1/2) k)`, row 0 scaled by `1/sqrt(2)`.
 *
 * @example
 * ```ts
 * const D = dctOrtho(13, 40); // Float64Array(13 * 40)
 * ```
 */
export function dctOrtho(nMfcc: number, nMels: number): Float64Array {
  const out = new Float64Array(nMfcc * nMels);
  const s = Math.sqrt(2 / nMels);
  for (let k = 0; k < nMfcc; k++) {
    for (let n = 0; n < nMels; n++) out[k * nMels + n] = s * Math.cos((Math.PI / nMels) * (n + 0.5) * k) * (k === 0 ? Math.SQRT1_2 : 1);
  }
  return out;
}
