/**
 * Seeded randomness. Every random draw in the `@umq/*` packages (initialisation, dropout,
 * noise, masks, shuffling) comes from an {@link Rng} built from an explicit seed. The
 * generator is xoshiro128** seeded through splitmix32, in 32-bit integer arithmetic, so the
 * same seed gives the same numbers on every machine and engine.
 */
import { OptionError } from './errors';

/** A seed: an integer (any safe integer) or a string label. */
export type Seed = number | string;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(str: string, h = 0x811c9dc5): number {
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function seedToUint32(seed: Seed): number {
  if (typeof seed === 'string') return hashString(seed);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new OptionError(`a seed must be a safe integer or a string, got ${String(seed)}: pass e.g. \`seed: 1\``);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  return hashString(`${hi}:${lo}`);
}

/**
 * Derives a new 32-bit seed from a seed and labels, e.g. `deriveSeed(runSeed, 'epoch', 3)`.
 * Different labels give independent streams; the same labels give the same seed.
 *
 * @example
 * ```ts
 * const s = deriveSeed(1, 'noise', 'train', 0); // a uint32
 * ```
 */
export function deriveSeed(seed: Seed, ...labels: (string | number)[]): number {
  let h = seedToUint32(seed);
  for (const l of labels) h = hashString(`/${typeof l}:${l}`, h ^ 0x9e3779b9);
  const mix = splitmix32(h);
  return mix();
}

/** Draws per block of the bulk fills (bounds their scratch memory). */
const CHUNK = 8192;

/**
 * {@link Rng.uniform}'s number in [0, 1) from two draws taken as int32 (27 bits of `hi`, 26 of
 * `lo`), for the bulk fills. `uniform()` keeps its own copy of the formula: fed its unsigned draws
 * too, this function made fillNormal measurably slower (0.76 vs 0.57 ms for 19,200 draws).
 */
function uniformOf(hi: number, lo: number): number {
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

/**
 * A seeded pseudo-random generator (xoshiro128**).
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.uniform(); // in [0, 1)
 * rng.normal();  // N(0, 1)
 * const child = rng.fork('dropout'); // an independent stream
 * ```
 */
export class Rng {
  /** The 32-bit seed this generator started from. */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: Seed) {
    this.seed = typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32 ? seed >>> 0 : seedToUint32(seed);
    const sm = splitmix32(this.seed ^ 0x5bd1e995);
    this.s0 = sm();
    this.s1 = sm();
    this.s2 = sm();
    this.s3 = sm();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3 >>> 0, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /**
   * Fills `out` with an inverted-dropout style keep mask: `out[i] = scale` when the i-th
   * {@link Rng.nextUint32} draw is at least `rate · 2³²` (probability `1 − rate`), else 0. The
   * same draws as `nextUint32` in a loop, advancing this generator as far, but in int32
   * arithmetic (about ten times faster in V8 than calling `nextUint32` per entry).
   *
   * @example
   * ```ts
   * const mask = new Rng(7).fillKeepMask(new Float32Array(8), 0.25, 1 / 0.75); // 0 or 1.333…
   * ```
   */
  fillKeepMask(out: Float32Array, rate: number, scale: number): Float32Array {
    const threshold = Math.ceil(rate * 4294967296);
    const thr = (threshold ^ 0x80000000) | 0; // unsigned order as signed: r >= threshold <=> (r ^ 2^31) >= thr
    const keep = threshold > 0xffffffff ? 0 : scale; // rate 1 keeps nothing
    const raw = new Int32Array(Math.min(out.length, CHUNK));
    for (let i0 = 0; i0 < out.length; i0 += raw.length) {
      const m = Math.min(raw.length, out.length - i0);
      const r = m === raw.length ? raw : raw.subarray(0, m);
      this.fillInt32(r);
      for (let j = 0; j < m; j++) out[i0 + j] = ((r[j] ^ 0x80000000) | 0) >= thr ? keep : 0;
    }
    return out;
  }

  /** `out.length` draws of {@link Rng.nextUint32} as int32, the generator's state in local variables. */
  private fillInt32(out: Int32Array): void {
    let a = this.s0 | 0;
    let b = this.s1 | 0;
    let c = this.s2 | 0;
    let d = this.s3 | 0;
    for (let i = 0; i < out.length; i++) {
      const x = Math.imul(b, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    this.s0 = a >>> 0;
    this.s1 = b >>> 0;
    this.s2 = c >>> 0;
    this.s3 = d >>> 0;
  }

  /** A uniform number in [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform number in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A standard normal draw (Box-Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A Laplace(0, scale) draw. */
  laplace(scale = 1): number {
    let u = 0;
    while (u === 0) u = this.uniform();
    u -= 0.5; // (-0.5, 0.5)
    return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new OptionError(`Rng.int(n) needs a positive integer n, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `arr` in place (Fisher-Yates) and returns it. */
  shuffle<T>(arr: T[] | Int32Array | Uint32Array | Float32Array): typeof arr {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t as never;
    }
    return arr;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    this.shuffle(p);
    return p;
  }

  /**
   * Fills `out` with N(mean, std) draws and returns it: the same values as calling
   * {@link Rng.normal} per entry (the generator ends in the same state, a pending spare
   * included), computed with the generator's state in local int32 variables (several times
   * faster in V8).
   */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): typeof out {
    const n = out.length;
    let i = 0;
    if (n > 0 && this.spare !== null) {
      out[i++] = mean + std * this.spare;
      this.spare = null;
    }
    // the uniforms of normal() in order (two 32-bit draws each, as Rng.uniform), drawn in blocks no
    // larger than what is still needed, so the generator ends where per-draw calls leave it (a
    // rejected u = 0 draws one block more)
    const block = new Int32Array(Math.max(2, Math.min(CHUNK, 2 * (n - i + 1))));
    let k = 0;
    let m = 0;
    for (; i < n; i += 2) {
      const need = 4 * ((n - i + 1) >> 1); // 32-bit draws for the remaining pairs
      let u = 0;
      while (u === 0) {
        if (k === m) {
          m = Math.min(block.length, need);
          this.fillInt32(m === block.length ? block : block.subarray(0, m));
          k = 0;
        }
        u = uniformOf(block[k], block[k + 1]);
        k += 2;
      }
      if (k === m) {
        m = Math.min(block.length, need - 2);
        this.fillInt32(m === block.length ? block : block.subarray(0, m));
        k = 0;
      }
      const v = uniformOf(block[k], block[k + 1]);
      k += 2;
      const rad = Math.sqrt(-2 * Math.log(u));
      const sin = rad * Math.sin(2 * Math.PI * v);
      out[i] = mean + std * (rad * Math.cos(2 * Math.PI * v));
      if (i + 1 < n) out[i + 1] = mean + std * sin;
      else this.spare = sin;
    }
    return out;
  }

  /**
   * Fills `out` with U(lo, hi) draws and returns it: the same values as calling
   * {@link Rng.uniform} per entry, with the state in local int32 variables.
   */
  fillUniform(out: Float32Array | Float64Array, lo = 0, hi = 1): typeof out {
    const raw = new Int32Array(Math.min(2 * out.length, CHUNK));
    for (let i0 = 0; i0 < out.length; i0 += raw.length >> 1) {
      const m = Math.min(raw.length >> 1, out.length - i0);
      this.fillInt32(raw.subarray(0, 2 * m));
      for (let j = 0; j < m; j++) out[i0 + j] = lo + (hi - lo) * uniformOf(raw[2 * j], raw[2 * j + 1]);
    }
    return out;
  }

  /** An independent generator for a named sub-stream; this generator is not advanced. */
  fork(...labels: (string | number)[]): Rng {
    return new Rng(deriveSeed(this.seed, ...labels));
  }

  /** A seed for tfjs' seeded random ops (`tf.randomUniform(..., seed)`), advancing this generator. */
  tfSeed(): number {
    return this.nextUint32();
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
