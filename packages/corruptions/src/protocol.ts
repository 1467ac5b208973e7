/**
 * The corruption protocols as values: a discriminated union ({@link CorruptionProtocol}), its
 * validation, and the result every protocol returns ({@link CorruptionResult}).
 */
import type { ModalityArray } from '@umq/core';

/**
 * What an absent modality or a missing time step is replaced with: `'gaussian'` draws N(0, 1)
 * per entry (UMQ App. B.5: "we use Gaussian noise as its default features"), `'zeros'` sets
 * 0 (CIDer's choice).
 */
export type MissingFill = 'gaussian' | 'zeros';

/**
 * `'test'`: one fixed rate for every sample. `'train'`: CIDer's "one-to-all" training, a rate
 * r ~ U(0, 1) drawn per sample (CIDer Sec. III-A).
 */
export type RateMode = 'test' | 'train';

/** No corruption: the data is copied, every quality is 1. */
export interface CleanProtocol {
  /** Discriminant: `'clean'` (no corruption). */
  kind: 'clean';
}

/** Gaussian mixing `x̃ = (1 - r) x + r ε`, `ε ~ N(0, 1)` on every valid entry (UMQ Eq 30). */
export interface GaussianProtocol {
  /** Discriminant: `'gaussian'` (Gaussian mixing). */
  kind: 'gaussian';
  /** Noise rate r in [0, 1] (paper: 0.1 .. 0.7); r = 1 replaces the features by noise. */
  rate: number;
}

/** Laplace mixing `x̃ = (1 - r) x + r ε`, `ε ~ Laplace(0, 1)` (UMQ A.2). */
export interface LaplaceProtocol {
  /** Discriminant: `'laplace'` (Laplace mixing). */
  kind: 'laplace';
  /** Noise rate r in [0, 1]. */
  rate: number;
}

/** Random erasing: each valid entry set to 0 with probability r ("data loss", UMQ A.2). */
export interface EraseProtocol {
  /** Discriminant: `'erase'` (random erasing). */
  kind: 'erase';
  /** Erased fraction r in [0, 1]. */
  rate: number;
}

/**
 * UMQ's "other noises" (A.2): per sample, with probability 1/2 Laplace mixing at rate r,
 * otherwise random erasing at rate r; the choice is shared by all modalities of the sample.
 */
export interface OtherNoisesProtocol {
  /** Discriminant: `'other-noises'` (UMQ's "other noises"). */
  kind: 'other-noises';
  /** Rate r in [0, 1] of both noises. */
  rate: number;
}

/**
 * UMQ's missing-rate protocol (Eq 29): exactly round(MR·N·M) modality slots dropped, every
 * sample keeps at least one modality; MR is capped at (M - 1)/M.
 */
export interface MissingProtocol {
  /** Discriminant: `'missing'` (modality missingness). */
  kind: 'missing';
  /** Requested missing rate MR in [0, 1] (paper: 0.1 .. 0.7); capped at (M - 1)/M. */
  rate: number;
  /** Fill of absent modalities. Default `'gaussian'` (UMQ's). */
  fill?: MissingFill;
}

/** The rate-based missing types of CIDer (Sec. III-A and supplement). */
export type CiderKind = 'cider-rmfm' | 'cider-rmfm-traditional' | 'rmm' | 'tmfm' | 'stmfm';

/**
 * CIDer's rate-based missing types:
 * - `'cider-rmfm'`: one mask over the concatenation of all modalities' valid steps, each step
 *   missing with probability r.
 * - `'cider-rmfm-traditional'`: a separate mask per modality, each step missing with probability r.
 * - `'rmm'`: each whole modality missing with probability r, independently (may drop all).
 * - `'tmfm'` (aligned sequences): one time mask per sample shared by all modalities.
 * - `'stmfm'` (aligned sequences): one contiguous block of round(T·r) steps missing in all modalities.
 */
export interface CiderProtocol {
  /** Which CIDer missing type (see above). */
  kind: CiderKind;
  /** Missing rate r in [0, 1]; required in `'test'` mode, ignored (may be omitted) in `'train'` mode. */
  rate?: number;
  /** Default `'test'`; `'train'` draws r ~ U(0, 1) per sample (CIDer's one-to-all training). */
  mode?: RateMode;
  /** Fill of missing steps/modalities. Default `'zeros'` (CIDer's). */
  fill?: MissingFill;
}

/**
 * CIDer's Specific Modality Missing: a fixed non-empty, proper subset of modalities kept in
 * every sample, the rest missing. Give exactly one of `kept` or `pattern`.
 */
export interface SmmProtocol {
  /** Discriminant: `'smm'` (specific modality missing). */
  kind: 'smm';
  /** Indices of the kept modalities (non-empty, not all). */
  kept?: readonly number[];
  /** Index into {@link smmPatterns}(M) (0 .. 2^M - 3). */
  pattern?: number;
  /** Fill of the missing modalities. Default `'zeros'` (CIDer's). */
  fill?: MissingFill;
}

/** Heterogeneous noise: each sample-modality its own Gaussian-mixing rate r ~ U(0, R). */
export interface HeteroNoiseProtocol {
  /** Discriminant: `'hetero-noise'` (heterogeneous noise). */
  kind: 'hetero-noise';
  /** Bound R in [0, 1] of the per-slot rate. */
  bound: number;
}

/**
 * Heterogeneous mixed quality: each sample-modality independently clean, Gaussian-mixed with
 * r ~ U(noisyRange) or missing, conditioned on at least one modality not missing per sample.
 * The three probabilities are normalised to sum to 1.
 */
export interface HeteroMixedProtocol {
  /** Discriminant: `'hetero-mixed'` (heterogeneous clean/noisy/missing). */
  kind: 'hetero-mixed';
  /** Probability of a clean slot. Default 0.4. */
  pClean?: number;
  /** Probability of a noisy slot. Default 0.4. */
  pNoisy?: number;
  /** Probability of a missing slot. Default 0.2. */
  pMissing?: number;
  /** Range [lo, hi] of the noisy slots' mixing rate, within [0, 1]. Default [0.3, 1]. */
  noisyRange?: readonly [number, number];
  /** Fill of missing slots. Default `'gaussian'`. */
  fill?: MissingFill;
}

/**
 * Where `conflict` takes a replacement view from: `'random'` (a random sample of class
 * (y + 1) mod C of the split being corrupted, its clean view) or `'first'` (RCML's code: the
 * first sample of that class in {@link CorruptionOptions.donors}, default the split itself;
 * RCML passes the whole data set, so the donor may be a training sample).
 */
export type ConflictDonor = 'random' | 'first';

/**
 * RCML's conflictive test set (Xu et al., AAAI 2024; jiajunsi/RCML `data.py` `postprocessing`):
 * additive Gaussian noise on a random subset of the views of `noiseRate` of the samples, then
 * for `rate` of the samples one random view replaced by that view of a sample of class
 * (y + 1) mod C. Needs the labels ({@link CorruptionOptions}).
 */
export interface ConflictProtocol {
  /** Discriminant: `'conflict'` (RCML's conflictive instances). */
  kind: 'conflict';
  /** Fraction of samples (floor(rate·n), without replacement) with one view replaced, in [0, 1]. Default 0.4 (RCML's `ratio_conflict`). */
  rate?: number;
  /** Fraction of samples (floor(noiseRate·n)) with additive noise on a random subset of views, in [0, 1]. Default 0.1 (RCML's `ratio_noise`). */
  noiseRate?: number;
  /** Standard deviation σ of the additive noise `x + σ ε`, >= 0, in feature units. Default 0.5 (RCML's `sigma`, on min-max scaled features). */
  sigma?: number;
  /** Where the replacement view comes from. Default `'random'` (RCML's code: `'first'`). */
  donor?: ConflictDonor;
}

/**
 * A corruption protocol, as a value. Every protocol is a pure function of (data, protocol,
 * seed); see {@link applyCorruption}.
 *
 * @example
 * ```ts
 * const p: CorruptionProtocol = { kind: 'missing', rate: 0.3 };
 * const q: CorruptionProtocol = { kind: 'cider-rmfm', rate: 0.5, mode: 'train' };
 * ```
 */
export type CorruptionProtocol =
  | CleanProtocol
  | GaussianProtocol
  | LaplaceProtocol
  | EraseProtocol
  | OtherNoisesProtocol
  | MissingProtocol
  | CiderProtocol
  | SmmProtocol
  | HeteroNoiseProtocol
  | HeteroMixedProtocol
  | ConflictProtocol;

/**
 * Every protocol kind, in a stable order.
 *
 * @example
 * ```ts
 * PROTOCOL_KINDS.includes('missing'); // true
 * console.log(PROTOCOL_KINDS.join(', ')); // clean, gaussian, laplace, ...
 * ```
 */
export const PROTOCOL_KINDS = [
  'clean',
  'gaussian',
  'laplace',
  'erase',
  'other-noises',
  'missing',
  'cider-rmfm',
  'cider-rmfm-traditional',
  'rmm',
  'tmfm',
  'stmfm',
  'smm',
  'hetero-noise',
  'hetero-mixed',
  'conflict',
] as const satisfies readonly CorruptionProtocol['kind'][];

/** The masks a protocol applied to one modality. */
export interface ModalityMasks {
  /** Modality-level presence `[n]`: 0 where the whole modality is missing (or every valid step was dropped). */
  present: Uint8Array;
  /**
   * Kept-step mask `[n * t]` for step-level protocols (RMFM, TMFM, STMFM): 0 where a valid step
   * was dropped, 1 elsewhere (padding steps are never dropped); `null` for the others.
   */
  keptSteps: Uint8Array | null;
}

/** Extra per-sample or per-slot draws, for diagnostics. */
export interface CorruptionDetails {
  /** The rate drawn per sample `[n]` in `'train'` mode. */
  sampleRate?: Float32Array;
  /** `other-noises`: 1 where the sample got Laplace mixing, 0 where it got erasing `[n]`. */
  laplace?: Uint8Array;
  /** `hetero-mixed`: per modality `[n]`, 0 clean, 1 noisy, 2 missing. */
  state?: Uint8Array[];
  /** `conflict`: per modality `[n]`, 1 where additive noise stayed on the view (a replaced view is not counted). */
  noised?: Uint8Array[];
  /** `conflict`: per modality `[n]`, 1 where the view was replaced by another class's view. */
  replaced?: Uint8Array[];
  /** `conflict`: per modality `[n]`, the donor's index (into the split, or into `donors` with donor 'first'), -1 where not replaced. */
  donor?: Int32Array[];
}

/** Extra inputs of {@link applyCorruption} that some protocols need. */
export interface CorruptionOptions {
  /** Class labels of the split `[n]` (integers 0 .. classes - 1): required by `'conflict'`. */
  labels?: ArrayLike<number>;
  /** Number of classes C: required by `'conflict'`. */
  classes?: number;
  /**
   * `'conflict'` with donor `'first'`: the data whose first sample of each class donates the
   * replacement view (RCML: the whole data set), with its labels; modalities shaped like the
   * split's. Default: the split itself.
   */
  donors?: {
    /** The donor modalities (same M, t and d as the split). */
    data: readonly ModalityArray[];
    /** Their labels. */
    labels: ArrayLike<number>;
  };
}

/** What {@link applyCorruption} returns. The input is never mutated. */
export interface CorruptionResult {
  /** The corrupted modalities (new arrays; padding masks copied unchanged). */
  data: ModalityArray[];
  /** The masks applied, per modality. */
  masks: ModalityMasks[];
  /**
   * True quality per modality `[n]` in [0, 1]: 1 - r for mixing, 1 - the erased fraction for
   * erasing, the fraction of valid steps kept for step masks, 0 for a missing modality, 1 clean;
   * `conflict`: 1/(1 + σ) for additive noise (the mixing rate it equals up to scale), 0 for a
   * view replaced by another class's.
   */
  quality: Float32Array[];
  /**
   * Realised rate: 1 - the mean quality over all N·M sample-modality slots. It is Eq 29's MR
   * for modality-missing protocols and r for the mixing protocols.
   */
  rate: number;
  /** The rate asked for (`rate` or `bound`), or null where there is none (clean, smm, hetero-mixed). */
  requestedRate: number | null;
  /** The protocol, as applied. */
  protocol: CorruptionProtocol;
  /** Per-sample draws worth reporting. */
  details: CorruptionDetails;
}
