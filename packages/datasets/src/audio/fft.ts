/**
 * Discrete Fourier transforms of real frames, in float64: a radix-2 complex FFT, the real FFT
 * of a power-of-two length through a half-length complex FFT, and Bluestein's chirp-z for any
 * other length (so `nFft = 400` works as in torchaudio). No `node:` import.
 */
import { OptionError } from '@umq/core';

/** In-place iterative radix-2 complex FFT of a fixed power-of-two size (tables built once). */
class ComplexFft {
  private readonly rev: Uint32Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly n: number) {
    const bits = Math.log2(n);
    this.rev = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
    this.cos = new Float64Array(n / 2);
    this.sin = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** `X[k] = sum_j x[j] e^{sign 2 pi i jk/n}` in place (`sign` -1 forward, +1 inverse unscaled). */
  run(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    const { n, rev, cos, sin } = this;
    for (let i = 0; i < n; i++) {
      const j = rev[i]!;
      if (j > i) {
        let t = re[i]!;
        re[i] = re[j]!;
        re[j] = t;
        t = im[i]!;
        im[i] = im[j]!;
        im[j] = t;
      }
    }
    // Stage 1 (size 2): twiddle 1.
    for (let a = 0; a + 1 < n; a += 2) {
      const xr = re[a + 1]!;
      const xi = im[a + 1]!;
      re[a + 1] = re[a]! - xr;
      im[a + 1] = im[a]! - xi;
      re[a] = re[a]! + xr;
      im[a] = im[a]! + xi;
    }
    for (let size = 4; size <= n; size <<= 1) {
      const half = size >> 1;
      const stride = n / size;
      for (let k = 0; k < half; k++) {
        const wr = cos[k * stride]!;
        const wi = sign * sin[k * stride]!;
        for (let a = k; a < n; a += size) {
          const b = a + half;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a] = re[a]! + xr;
          im[a] = im[a]! + xi;
        }
      }
    }
  }
}

const isPow2 = (n: number): boolean => n >= 1 && (n & (n - 1)) === 0;

/**
 * The one-sided DFT of real frames of a fixed length `n` (any integer >= 1): bins `0..n/2`
 * (`floor(n/2) + 1` of them). Power-of-two lengths use a real FFT (a complex FFT of `n/2`
 * points and one twiddle pass); other lengths Bluestein's algorithm on a power-of-two FFT.
 * Scratch buffers are reused, so one instance is not re-entrant.
 *
 * @example
 * ```ts
 * const fft = new RealFft(256);
 * const power = fft.power(frame); // Float64Array(129): |X[k]|^2
 * ```
 */
export class RealFft {
  /** Number of output bins, `floor(n/2) + 1`. */
  readonly bins: number;
  private readonly half: ComplexFft | null = null;
  private readonly tw: { cos: Float64Array; sin: Float64Array } | null = null;
  private readonly blue: { fft: ComplexFft; wr: Float64Array; wi: Float64Array; br: Float64Array; bi: Float64Array } | null = null;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly outRe: Float64Array;
  private readonly outIm: Float64Array;

  /** Frame length (the FFT size). */
  readonly n: number;

  /**
   * @param n - Frame length (the FFT size), an integer >= 1.
   * @throws OptionError for a length that is not a positive integer.
   */
  constructor(n: number) {
    this.n = n;
    if (!Number.isInteger(n) || n < 1 || n > 1 << 24) throw new OptionError(`RealFft: the FFT size must be an integer in 1..${1 << 24}, got ${n}`);
    this.bins = Math.floor(n / 2) + 1;
    this.outRe = new Float64Array(this.bins);
    this.outIm = new Float64Array(this.bins);
    if (isPow2(n) && n >= 4) {
      const m = n / 2;
      this.half = new ComplexFft(m);
      const cos = new Float64Array(m + 1);
      const sin = new Float64Array(m + 1);
      for (let k = 0; k <= m; k++) {
        cos[k] = Math.cos((2 * Math.PI * k) / n);
        sin[k] = Math.sin((2 * Math.PI * k) / n);
      }
      this.tw = { cos, sin };
      this.re = new Float64Array(m);
      this.im = new Float64Array(m);
    } else {
      let m = 1;
      while (m < 2 * n - 1) m <<= 1;
      const fft = new ComplexFft(m);
      // Chirp w[j] = e^{-i pi j^2 / n} (j^2 taken mod 2n to keep the angle exact).
      const wr = new Float64Array(n);
      const wi = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const a = (Math.PI * ((j * j) % (2 * n))) / n;
        wr[j] = Math.cos(a);
        wi[j] = -Math.sin(a);
      }
      // b[j] = conj(w[j]) for |j| < n, wrapped, transformed once.
      const br = new Float64Array(m);
      const bi = new Float64Array(m);
      for (let j = 0; j < n; j++) {
        br[j] = wr[j]!;
        bi[j] = -wi[j]!;
        if (j > 0) {
          br[m - j] = wr[j]!;
          bi[m - j] = -wi[j]!;
        }
      }
      fft.run(br, bi, -1);
      this.blue = { fft, wr, wi, br, bi };
      this.re = new Float64Array(m);
      this.im = new Float64Array(m);
    }
  }

  /**
   * The one-sided spectrum of one real frame.
   *
   * @param x - `n` samples.
   * @param outRe - Real parts, `bins` long.
   * @param outIm - Imaginary parts, `bins` long.
   * @example
   * ```ts
   * const fft = new RealFft(8);
   * const re = new Float64Array(5), im = new Float64Array(5);
   * fft.forward(Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0), re, im); // re = 1, im = 0
   * ```
   */
  forward(x: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array): void {
    const { n, re, im } = this;
    if (x.length !== n) throw new OptionError(`RealFft.forward: the frame has ${x.length} samples, the FFT size is ${n}`);
    if (this.half && this.tw) {
      const m = n / 2;
      for (let k = 0; k < m; k++) {
        re[k] = x[2 * k]!;
        im[k] = x[2 * k + 1]!;
      }
      this.half.run(re, im, -1);
      const { cos, sin } = this.tw;
      for (let k = 0; k <= m; k++) {
        const zr = re[k % m]!;
        const zi = im[k % m]!;
        const cr = re[(m - k) % m]!;
        const ci = im[(m - k) % m]!;
        const er = (zr + cr) / 2;
        const ei = (zi - ci) / 2;
        const or = (zi + ci) / 2;
        const oi = -(zr - cr) / 2;
        const c = cos[k]!;
        const s = sin[k]!;
        outRe[k] = er + c * or + s * oi;
        outIm[k] = ei + c * oi - s * or;
      }
      return;
    }
    if (n === 1 || n === 2) {
      outRe[0] = n === 1 ? x[0]! : x[0]! + x[1]!;
      outIm[0] = 0;
      if (n === 2) {
        outRe[1] = x[0]! - x[1]!;
        outIm[1] = 0;
      }
      return;
    }
    const { fft, wr, wi, br, bi } = this.blue!;
    re.fill(0);
    im.fill(0);
    for (let j = 0; j < n; j++) {
      re[j] = x[j]! * wr[j]!;
      im[j] = x[j]! * wi[j]!;
    }
    fft.run(re, im, -1);
    for (let j = 0; j < re.length; j++) {
      const a = re[j]! * br[j]! - im[j]! * bi[j]!;
      im[j] = re[j]! * bi[j]! + im[j]! * br[j]!;
      re[j] = a;
    }
    fft.run(re, im, 1);
    const scale = 1 / re.length;
    for (let k = 0; k < this.bins; k++) {
      const cr = re[k]! * scale;
      const ci = im[k]! * scale;
      outRe[k] = cr * wr[k]! - ci * wi[k]!;
      outIm[k] = cr * wi[k]! + ci * wr[k]!;
    }
  }

  /**
   * The power spectrum `|X[k]|^2` of one real frame.
   *
   * @param x - `n` samples.
   * @param out - Destination, `bins` long (allocated when absent).
   * @example
   * ```ts
   * new RealFft(4).power([1, 1, 1, 1]); // [16, 0, 0]
   * ```
   */
  power(x: ArrayLike<number>, out: Float64Array = new Float64Array(this.bins)): Float64Array {
    const { outRe: re, outIm: im } = this;
    this.forward(x, re, im);
    for (let k = 0; k < this.bins; k++) out[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    return out;
  }
}
