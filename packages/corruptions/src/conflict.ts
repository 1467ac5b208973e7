/**
 * `conflict`: RCML's conflictive instances (Xu et al., "Reliable Conflictive Multi-View
 * Learning", AAAI 2024; jiajunsi/RCML `data.py`, `MultiViewDataset.postprocessing` with
 * `addNoise` then `addConflict`, applied by `main.py` to the test split only).
 */
import { OptionError, ShapeError, type ModalityArray, type Rng } from '@umq/core';
import { copyModality, fullMasks, isValid, makeResult, normals } from './internal';
import type { ConflictProtocol, CorruptionOptions, CorruptionResult } from './protocol';

/** The defaults of {@link ConflictProtocol} (RCML's `postprocessing(sigma=0.5, ratio_noise=0.1, ratio_conflict=0.4)`). */
export const CONFLICT_DEFAULTS = { rate: 0.4, noiseRate: 0.1, sigma: 0.5, donor: 'random' } as const;

/** Checks integer labels in [0, C) of length n; returns them as an Int32Array. */
function checkLabels(labels: ArrayLike<number> | undefined, classes: number | undefined, n: number, what: string): Int32Array {
  if (classes === undefined || !Number.isInteger(classes) || classes < 2) {
    throw new OptionError(`applyCorruption: protocol 'conflict' needs \`options.classes\` (the number of classes C, an integer >= 2), got ${String(classes)}: pass { labels, classes } as the fourth argument`);
  }
  if (!labels || typeof labels.length !== 'number') {
    throw new OptionError(`applyCorruption: protocol 'conflict' needs \`options.${what}\` (class indices 0 .. ${classes - 1}, one per sample): pass { labels, classes } as the fourth argument`);
  }
  if (labels.length !== n) throw new ShapeError(`applyCorruption: \`options.${what}\` has ${labels.length} entries but the data has ${n} samples: pass the labels of the same split`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new OptionError(`applyCorruption: \`options.${what}[${i}]\` is ${y}, not a class index in 0 .. ${classes - 1}: 'conflict' needs integer class labels (classification data)`);
    }
    out[i] = y;
  }
  return out;
}

/** Copies sample `j` of modality `src` (values and padding mask) over sample `i` of `out`. */
function copySample(out: ModalityArray, i: number, src: ModalityArray, j: number): void {
  const len = out.t * out.d;
  out.values.set(src.values.subarray(j * len, (j + 1) * len), i * len);
  if (out.mask) {
    if (src.mask) out.mask.set(src.mask.subarray(j * out.t, (j + 1) * out.t), i * out.t);
    else out.mask.fill(1, i * out.t, (i + 1) * out.t);
  }
}

/** `x ← x + σ ε` on every valid entry of sample `i`. */
function addGaussian(out: ModalityArray, i: number, sigma: number, rng: Rng): void {
  for (let s = 0; s < out.t; s++) {
    if (!isValid(out, i, s)) continue;
    const off = (i * out.t + s) * out.d;
    const e = normals(rng, out.d);
    for (let j = 0; j < out.d; j++) out.values[off + j] += sigma * e[j];
  }
}

/**
 * Applies RCML's conflictive corruption:
 * 1. noise: floor(noiseRate·n) samples drawn without replacement; each gets k ~ U{0, ..., M − 1}
 *    distinct random views (k may be 0, never all M, as `np.random.randint(num_views)` in the
 *    official code) with additive noise `x + σ ε`, ε ~ N(0, 1) per entry (no clipping);
 * 2. conflict: independently, floor(rate·n) samples drawn without replacement; each gets one
 *    random view v replaced by view v of a donor of class (y + 1) mod C: a random such sample of
 *    the split's clean data (`'random'`), or the first such sample of `options.donors` (default
 *    the split) (`'first'`, RCML's code). A replaced view loses any noise of step 1.
 * Quality: 1 clean, 1/(1 + σ) noised (x + σε = (1 + σ)((1 − r)x + rε) with r = σ/(1 + σ): the
 * signal share of Gaussian mixing at rate r), 0 replaced (it speaks for the wrong class). Every
 * view stays present.
 */
export function conflict(data: readonly ModalityArray[], p: ConflictProtocol, root: Rng, options: CorruptionOptions): CorruptionResult {
  const rate = p.rate ?? CONFLICT_DEFAULTS.rate;
  const noiseRate = p.noiseRate ?? CONFLICT_DEFAULTS.noiseRate;
  const sigma = p.sigma ?? CONFLICT_DEFAULTS.sigma;
  const donorKind = p.donor ?? CONFLICT_DEFAULTS.donor;
  const n = data[0].n;
  const M = data.length;
  const C = options.classes as number;
  const labels = checkLabels(options.labels, options.classes, n, 'labels');
  let donorData: readonly ModalityArray[] = data;
  let donorLabels = labels;
  if (options.donors) {
    if (donorKind !== 'first') throw new OptionError("applyCorruption: `options.donors` is used only by protocol 'conflict' with donor 'first': drop it, or set donor=first");
    donorData = options.donors.data;
    if (!Array.isArray(donorData) || donorData.length !== M) throw new ShapeError(`applyCorruption: \`options.donors.data\` must hold the same ${M} modalities as the data, got ${Array.isArray(donorData) ? donorData.length : typeof donorData}`);
    donorData.forEach((x, m) => {
      if (x.t !== data[m].t || x.d !== data[m].d || x.values.length !== x.n * x.t * x.d) {
        throw new ShapeError(`applyCorruption: \`options.donors.data[${m}]\` is [n=${x.n}, t=${x.t}, d=${x.d}] but the data's modality ${m} has t=${data[m].t}, d=${data[m].d}: donors must be shaped like the split`);
      }
    });
    donorLabels = checkLabels(options.donors.labels, C, donorData[0].n, 'donors.labels');
  }
  // candidate donors per class
  const byClass: number[][] = Array.from({ length: C }, () => []);
  donorLabels.forEach((y, j) => byClass[y].push(j));

  const out = data.map(copyModality);
  const noised = data.map(() => new Uint8Array(n));
  const replaced = data.map(() => new Uint8Array(n));
  const donor = data.map(() => new Int32Array(n).fill(-1));

  const noisePlan = root.fork('noise-plan');
  const noiseDraws = root.fork('noise');
  const noiseSamples = noisePlan.permutation(n).subarray(0, Math.floor(noiseRate * n));
  for (const i of noiseSamples) {
    const k = noisePlan.int(M);
    for (const v of noisePlan.permutation(M).subarray(0, k)) {
      addGaussian(out[v], i, sigma, noiseDraws);
      noised[v][i] = 1;
    }
  }

  const conflictPlan = root.fork('conflict-plan');
  const conflictSamples = conflictPlan.permutation(n).subarray(0, Math.floor(rate * n));
  for (const i of conflictSamples) {
    const v = conflictPlan.int(M);
    const target = (labels[i] + 1) % C;
    const candidates = byClass[target];
    if (candidates.length === 0) {
      throw new OptionError(`applyCorruption: 'conflict' needs a sample of class ${target} (= (${labels[i]} + 1) mod ${C}) to replace a view of sample ${i}, but the ${options.donors ? 'donors have' : 'split has'} none: use donor=first with options.donors (e.g. the whole data set), or a larger split`);
    }
    const j = donorKind === 'first' ? candidates[0] : candidates[conflictPlan.int(candidates.length)];
    copySample(out[v], i, donorData[v], j);
    replaced[v][i] = 1;
    noised[v][i] = 0;
    donor[v][i] = j;
  }

  const quality = data.map((_, m) => {
    const q = new Float32Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      if (replaced[m][i]) q[i] = 0;
      else if (noised[m][i]) q[i] = 1 / (1 + sigma);
    }
    return q;
  });
  return makeResult(p, out, fullMasks(data), quality, rate, { noised, replaced, donor });
}
