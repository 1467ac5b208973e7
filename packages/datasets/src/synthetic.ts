/**
 * A seeded synthetic multimodal data set: a latent label drives M modalities, each with its
 * own informativeness (signal strength) and noise, so fusion and robustness effects are
 * visible on a laptop in seconds (fusion beats every single modality; a more informative
 * modality beats a less informative one).
 */
import { OptionError, Rng, assertInteger, assertNumberInRange, type ModalityArray, type Seed } from '@umq/core';
import { MultimodalDataset } from './dataset';
import { stratifiedSplit, type SplitFractions } from './split';
import type { ModalityKind, ModalitySpec, TaskSpec } from './types';

/** One synthetic modality. */
export interface SyntheticModality {
  /** Modality name. */
  name: string;
  /** Feature width. */
  dim: number;
  /** `'vector'` or `'sequence'`. Default `'vector'`. */
  kind?: ModalityKind;
  /**
   * Signal strength: the distance of each class mean from the overall mean, in feature units
   * (regression: the slope of the label's direction). With `noise = 1`, a binary vector
   * modality alone reaches a Bayes accuracy of about Φ(informativeness). >= 0.
   */
  informativeness: number;
  /** Standard deviation of the Gaussian noise added to every feature (per step). >= 0. */
  noise: number;
  /** Steps per sample for sequences (valid lengths drawn uniformly in [ceil(seqLen/2), seqLen]). Default 8. */
  seqLen?: number;
  /**
   * Classification only: the spread of each sample's own latent point around its class mean,
   * in units of the spread of the class means (the latent class means are N(0, I)): sample i's
   * signal is the projection of `μ_y + variation · z_i`, `z_i ~ N(0, I)` drawn per sample and
   * modality. The signal then varies inside the modality's `latentDim`-dimensional subspace, so
   * with `dim > latentDim` and small `noise` the features have structure that N(0, 1) noise
   * lacks (as real features have), while `variation` keeps the classes overlapping. Default 0
   * (every sample of a class has the same signal).
   */
  variation?: number;
}

/** Options of {@link makeSynthetic}. */
export interface SyntheticOptions {
  /** Number of samples. Default 1500. */
  samples?: number;
  /** The modalities. Default: {@link DEFAULT_SYNTHETIC_MODALITIES} (three, informativeness 1.0 / 0.6 / 0.15). */
  modalities?: SyntheticModality[];
  /** Task. Default `'binary'`. */
  task?: 'binary' | 'multiclass' | 'regression';
  /** Number of classes for `'multiclass'`. Default 3. */
  classes?: number;
  /** Seed: the same seed gives the same data set. Default 0. */
  seed?: Seed;
  /** Stratified split fractions. Default `{ train: 0.7, valid: 0.1, test: 0.2 }`. */
  splits?: SplitFractions;
  /** Dimension of the latent class means shared by all modalities. Default 8. */
  latentDim?: number;
}

/**
 * The default modalities of {@link makeSynthetic}: a strong, a medium and a weak (sequence) one.
 * Sequence steps carry independent noise, so mean pooling over L valid steps raises the
 * effective signal to about informativeness * sqrt(L) (here 0.15 * sqrt(4.5) ~ 0.32).
 *
 * @example
 * ```ts
 * const weaker = DEFAULT_SYNTHETIC_MODALITIES.map((m) => ({ ...m, informativeness: m.informativeness / 2 }));
 * const ds = makeSynthetic({ modalities: weaker, seed: 1 });
 * ```
 */
export const DEFAULT_SYNTHETIC_MODALITIES: readonly SyntheticModality[] = [
  { name: 'a', dim: 16, kind: 'vector', informativeness: 1.0, noise: 1 },
  { name: 'b', dim: 12, kind: 'vector', informativeness: 0.6, noise: 1 },
  { name: 'c', dim: 8, kind: 'sequence', informativeness: 0.15, noise: 1, seqLen: 6 },
];

/**
 * Generates a synthetic multimodal data set. Classification: latent class means `μ_c ∈ R^L`
 * (Gaussian) are projected into each modality by a random matrix `A_m [dim, L]`, centred and
 * scaled so every class mean lies at distance `informativeness` from the modality centroid;
 * a sample of class c is `x_m = A_m μ_c + noise · ε`, ε ~ N(0, I) independent per modality
 * (so modalities are conditionally independent given the label, and fusing them helps).
 * Regression: `y ~ N(0, 1)`, `x_m = informativeness · y · u_m + noise · ε` with a unit
 * direction `u_m`. Sequence steps carry the same signal, each with its own noise; padded
 * steps are 0 with mask 0. Labels: 0/1, `0..C-1`, or real.
 *
 * @example
 * ```ts
 * const ds = makeSynthetic({ samples: 1500, task: 'multiclass', classes: 3, seed: 1 });
 * ds.summary().splits.train.samples; // 1050
 * ```
 */
export function makeSynthetic(options: SyntheticOptions = {}): MultimodalDataset {
  const n = options.samples ?? 1500;
  const taskName = options.task ?? 'binary';
  const seed = options.seed ?? 0;
  const mods = options.modalities ?? DEFAULT_SYNTHETIC_MODALITIES;
  const latentDim = options.latentDim ?? 8;
  assertInteger('samples', n, 2);
  assertInteger('latentDim', latentDim, 1);
  if (taskName !== 'binary' && taskName !== 'multiclass' && taskName !== 'regression') {
    throw new OptionError(`makeSynthetic: \`task\` must be 'binary', 'multiclass' or 'regression', got ${JSON.stringify(taskName)}`);
  }
  if (mods.length === 0) throw new OptionError('makeSynthetic: `modalities` is empty: give at least one modality');
  const classes = taskName === 'binary' ? 2 : taskName === 'multiclass' ? (options.classes ?? 3) : 0;
  if (taskName === 'multiclass') assertInteger('classes', classes, 2);
  const task: TaskSpec = taskName === 'regression' ? { type: 'regression' } : taskName === 'binary' ? { type: 'binary' } : { type: 'multiclass', classes };
  const rng = new Rng(seed);

  // Labels.
  const labelRng = rng.fork('labels');
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) labels[i] = classes ? labelRng.int(classes) : labelRng.normal();

  // Latent class means shared by every modality.
  const latentRng = rng.fork('latent');
  const mu: Float64Array[] = [];
  for (let c = 0; c < Math.max(classes, 1); c++) mu.push(latentRng.fillNormal(new Float64Array(latentDim)) as Float64Array);

  const specs: ModalitySpec[] = [];
  const features: ModalityArray[] = mods.map((m, mi) => {
    const kind = m.kind ?? 'vector';
    const where = `modalities[${mi}]`;
    if (typeof m.name !== 'string' || m.name.length === 0) throw new OptionError(`makeSynthetic: ${where}.name must be a non-empty string`);
    assertInteger(`${where}.dim`, m.dim, 1);
    assertNumberInRange(`${where}.informativeness`, m.informativeness, 0, 1e6);
    assertNumberInRange(`${where}.noise`, m.noise, 0, 1e6);
    if (kind !== 'vector' && kind !== 'sequence') throw new OptionError(`makeSynthetic: ${where}.kind must be 'vector' or 'sequence', got ${JSON.stringify(kind)}`);
    const t = kind === 'sequence' ? (m.seqLen ?? 8) : 1;
    assertInteger(`${where}.seqLen`, t, 1);
    const variation = m.variation ?? 0;
    assertNumberInRange(`${where}.variation`, variation, 0, 1e6);
    if (variation > 0 && !classes) throw new OptionError(`makeSynthetic: ${where}.variation is for classification: set it to 0 for task 'regression'`);
    specs.push({ name: m.name, kind, dim: m.dim, maxLen: t });
    const mrng = rng.fork('modality', mi);
    const { protos, project } = modalityMeans(mrng.fork('projection'), mu, m.dim, classes, m.informativeness);
    const noiseRng = mrng.fork('noise');
    const variationRng = variation > 0 ? mrng.fork('variation') : null; // no draw at all when 0: the data set stays as before
    const z = new Float64Array(latentDim);
    const own = new Float64Array(m.dim);
    const lenRng = mrng.fork('length');
    const values = new Float32Array(n * t * m.dim);
    const mask = kind === 'sequence' ? new Uint8Array(n * t) : null;
    const eps = new Float64Array(m.dim);
    for (let i = 0; i < n; i++) {
      const y = labels[i] as number;
      const len = mask ? Math.ceil(t / 2) + lenRng.int(t - Math.ceil(t / 2) + 1) : 1;
      if (variationRng) {
        variationRng.fillNormal(z);
        for (let l = 0; l < latentDim; l++) z[l] = variation * (z[l] as number);
        project(z, own); // the sample's offset from its class mean, shared by its steps
      }
      for (let s = 0; s < len; s++) {
        noiseRng.fillNormal(eps);
        const off = (i * t + s) * m.dim;
        for (let j = 0; j < m.dim; j++) {
          const signal = classes ? (protos[y]![j] as number) + (variationRng ? (own[j] as number) : 0) : m.informativeness * y * (protos[0]![j] as number);
          values[off + j] = signal + m.noise * (eps[j] as number);
        }
        if (mask) mask[i * t + s] = 1;
      }
    }
    return { values, n, t, d: m.dim, mask };
  });

  const split = stratifiedSplit(labels, task, options.splits ?? { train: 0.7, valid: 0.1, test: 0.2 }, seed);
  const ids = Array.from({ length: n }, (_, i) => `syn_${i}`);
  return new MultimodalDataset({ name: 'synthetic', modalities: specs, task, features, labels, split, ids, groups: ids });
}

/**
 * Class means of one modality: `A_m μ_c`, centred, scaled so each lies at distance
 * `informativeness` from their centroid on average. Regression: one unit direction. `project`
 * maps a latent offset through the same scaled projection (`k A_m z`).
 */
function modalityMeans(rng: Rng, mu: Float64Array[], dim: number, classes: number, informativeness: number): { protos: Float64Array[]; project: (z: Float64Array, out: Float64Array) => void } {
  const L = mu[0]!.length;
  const A = rng.fillNormal(new Float64Array(dim * L)) as Float64Array;
  const out = mu.map((m) => {
    const v = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let l = 0; l < L; l++) s += A[j * L + l]! * m[l]!;
      v[j] = s;
    }
    return v;
  });
  if (!classes) {
    const norm = Math.hypot(...out[0]!) || 1;
    return { protos: [out[0]!.map((v) => v / norm)], project: () => {} };
  }
  const centroid = new Float64Array(dim);
  for (const v of out) for (let j = 0; j < dim; j++) centroid[j]! += v[j]! / out.length;
  let meanDist = 0;
  for (const v of out) {
    for (let j = 0; j < dim; j++) v[j]! -= centroid[j]!;
    meanDist += Math.hypot(...v) / out.length;
  }
  const k = meanDist > 0 ? informativeness / meanDist : 0;
  for (const v of out) for (let j = 0; j < dim; j++) v[j]! *= k;
  const project = (z: Float64Array, into: Float64Array): void => {
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let l = 0; l < L; l++) s += A[j * L + l]! * z[l]!;
      into[j] = k * s;
    }
  };
  return { protos: out, project };
}
