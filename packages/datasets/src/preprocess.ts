/**
 * Feature preprocessing fitted on the training split only: per-dimension standardisation or
 * min-max scaling (the fitted parameters are returned so they can be saved with a model and
 * applied to new data), and imputation of NaN/Inf cells by the training column mean.
 */
import { NumericError, OptionError, ShapeError, type ModalityArray } from '@umq/core';
import { MultimodalDataset } from './dataset';
import { SPLIT } from './types';

/** Scaling method: `'standard'` ((x - mean) / std) or `'minmax'` ((x - min) / (max - min)). */
export type ScalerMethod = 'standard' | 'minmax';

/** Options of {@link fitScaler}. */
export interface ScalerOptions {
  /** Scaling method. Default `'standard'` (the reference's `standardize_fit`). */
  method?: ScalerMethod;
  /** A std (or range) below `eps` is replaced by 1, as the reference does. Default `1e-6`. */
  eps?: number;
}

/** Fitted parameters of one modality: `x' = (x - shift) / scale`, per feature dimension. */
export interface ModalityScaler {
  /** Modality name. */
  name: string;
  /** Per-dimension shift (mean, or min), length `dim`. */
  shift: Float32Array;
  /** Per-dimension scale (std, or max - min; values below `eps` set to 1), length `dim`. */
  scale: Float32Array;
}

/** Fitted scaler: method and per-modality parameters (see {@link scalerToJSON} to save it). */
export interface ScalerParams {
  /** Method used. */
  method: ScalerMethod;
  /** One entry per modality, in data set order. */
  modalities: ModalityScaler[];
}

/** JSON form of {@link ScalerParams} (plain number arrays). */
export interface ScalerJSON {
  /** Method used. */
  method: ScalerMethod;
  /** Per modality: name, shift and scale. */
  modalities: Array<{
    /** Modality name. */
    name: string;
    /** Subtracted per dimension. */
    shift: number[];
    /** Divisor per dimension. */
    scale: number[];
  }>;
}

/**
 * Fits per-dimension scaling on the training split (`split === 0`) only; padded sequence
 * steps are ignored. Statistics are accumulated in float64; std is the population std
 * (numpy's default, as the reference `standardize_fit`), and std < eps becomes 1.
 *
 * @example
 * ```ts
 * const params = fitScaler(ds, { method: 'standard' });
 * const scaled = applyScaler(ds, params);
 * ```
 */
export function fitScaler(ds: MultimodalDataset, options: ScalerOptions = {}): ScalerParams {
  const method = options.method ?? 'standard';
  const eps = options.eps ?? 1e-6;
  if (method !== 'standard' && method !== 'minmax') throw new OptionError(`fitScaler: \`method\` must be 'standard' or 'minmax', got ${JSON.stringify(method)}`);
  const train = ds.indices('train');
  if (train.length === 0) throw new OptionError(`fitScaler: dataset ${ds.name} has no training samples to fit on: give it a train split`);
  const modalities = ds.features.map((f, m) => {
    const d = f.d;
    const a = new Float64Array(d); // sum or min
    const b = new Float64Array(d); // sum of squares or max
    if (method === 'minmax') {
      a.fill(Infinity);
      b.fill(-Infinity);
    }
    let count = 0;
    for (const i of train) {
      for (let t = 0; t < f.t; t++) {
        if (f.mask && f.mask[i * f.t + t] === 0) continue;
        const off = (i * f.t + t) * d;
        count++;
        for (let j = 0; j < d; j++) {
          const v = f.values[off + j] as number;
          if (method === 'standard') {
            a[j]! += v;
          } else {
            if (v < a[j]!) a[j] = v;
            if (v > b[j]!) b[j] = v;
          }
        }
      }
    }
    const shift = new Float32Array(d);
    const scale = new Float32Array(d).fill(1);
    if (count === 0) return { name: ds.modalities[m]!.name, shift, scale };
    if (method === 'standard') {
      for (let j = 0; j < d; j++) a[j] = a[j]! / count;
      // Second pass for a numerically stable variance.
      for (const i of train) {
        for (let t = 0; t < f.t; t++) {
          if (f.mask && f.mask[i * f.t + t] === 0) continue;
          const off = (i * f.t + t) * d;
          for (let j = 0; j < d; j++) {
            const r = (f.values[off + j] as number) - a[j]!;
            b[j]! += r * r;
          }
        }
      }
      for (let j = 0; j < d; j++) {
        const sd = Math.sqrt(b[j]! / count);
        shift[j] = a[j]!;
        scale[j] = sd < eps ? 1 : sd;
      }
    } else {
      for (let j = 0; j < d; j++) {
        const r = b[j]! - a[j]!;
        shift[j] = a[j]!;
        scale[j] = r < eps ? 1 : r;
      }
    }
    if (shift.some((v) => !Number.isFinite(v)) || scale.some((v) => !Number.isFinite(v))) {
      throw new NumericError(`fitScaler: modality ${ds.modalities[m]!.name} has NaN/Inf training values: impute them first (imputeNonFinite) or fix the loader`);
    }
    return { name: ds.modalities[m]!.name, shift, scale };
  });
  return { method, modalities };
}

/**
 * Applies fitted scaling to every sample of a data set (all splits), returning a new data
 * set; padded steps stay 0.
 *
 * @throws ShapeError when modality names or widths differ from the fitted ones.
 * @example
 * ```ts
 * const test = applyScaler(newData, params); // params from fitScaler on the training data
 * ```
 */
export function applyScaler(ds: MultimodalDataset, params: ScalerParams): MultimodalDataset {
  if (params.modalities.length !== ds.modalities.length) {
    throw new ShapeError(`applyScaler: the scaler was fitted on ${params.modalities.length} modalities, the dataset has ${ds.modalities.length}`);
  }
  const features = ds.features.map((f, m): ModalityArray => {
    const p = params.modalities[m]!;
    const spec = ds.modalities[m]!;
    if (p.name !== spec.name || p.shift.length !== f.d || p.scale.length !== f.d) {
      throw new ShapeError(`applyScaler: modality ${m} is ${spec.name} with ${f.d} dims, but the scaler has ${p.name} with ${p.shift.length}: fit the scaler on data of the same layout`);
    }
    const out = new Float32Array(f.values.length);
    const steps = f.n * f.t;
    for (let s = 0; s < steps; s++) {
      if (f.mask && f.mask[s] === 0) continue;
      const off = s * f.d;
      for (let j = 0; j < f.d; j++) out[off + j] = ((f.values[off + j] as number) - p.shift[j]!) / p.scale[j]!;
    }
    return { values: out, n: f.n, t: f.t, d: f.d, mask: f.mask };
  });
  return ds.withFeatures(features);
}

/**
 * Fits scaling on the training split and applies it to all splits.
 *
 * @example
 * ```ts
 * const { dataset, params } = scaleFeatures(ds, { method: 'standard' });
 * ```
 */
export function scaleFeatures(ds: MultimodalDataset, options: ScalerOptions = {}): {
  /** The scaled data set. */
  dataset: MultimodalDataset;
  /** The fitted parameters (save them with {@link scalerToJSON}). */
  params: ScalerParams;
} {
  const params = fitScaler(ds, options);
  return { dataset: applyScaler(ds, params), params };
}

/**
 * Serialisable form of fitted scaler parameters (to save beside a model).
 *
 * @example
 * ```ts
 * writeFileSync('scaler.json', JSON.stringify(scalerToJSON(params)));
 * ```
 */
export function scalerToJSON(params: ScalerParams): ScalerJSON {
  return { method: params.method, modalities: params.modalities.map((m) => ({ name: m.name, shift: Array.from(m.shift), scale: Array.from(m.scale) })) };
}

/**
 * Reads scaler parameters saved by {@link scalerToJSON}.
 *
 * @throws OptionError when the JSON does not have the expected form.
 * @example
 * ```ts
 * const params = scalerFromJSON(JSON.parse(readFileSync('scaler.json', 'utf8')));
 * ```
 */
export function scalerFromJSON(json: ScalerJSON): ScalerParams {
  if (!json || (json.method !== 'standard' && json.method !== 'minmax') || !Array.isArray(json.modalities)) {
    throw new OptionError(`scalerFromJSON: expected { method: 'standard' | 'minmax', modalities: [...] }, got ${JSON.stringify(json)?.slice(0, 80)}`);
  }
  return {
    method: json.method,
    modalities: json.modalities.map((m, i) => {
      if (typeof m.name !== 'string' || !Array.isArray(m.shift) || !Array.isArray(m.scale) || m.shift.length !== m.scale.length) {
        throw new OptionError(`scalerFromJSON: modality ${i} needs a name and shift/scale arrays of equal length`);
      }
      return { name: m.name, shift: Float32Array.from(m.shift), scale: Float32Array.from(m.scale) };
    }),
  };
}

/**
 * Replaces NaN/Inf feature cells by the training split's mean of that column (finite values
 * of valid steps only; 0 when the column has none). Returns the new data set and how many
 * cells were replaced.
 *
 * @example
 * ```ts
 * const { dataset, imputed } = imputeNonFinite(ds);
 * ```
 */
export function imputeNonFinite(ds: MultimodalDataset): {
  /** The data set with every NaN/Inf replaced. */
  dataset: MultimodalDataset;
  /** How many values were replaced. */
  imputed: number;
} {
  let imputed = 0;
  const features = ds.features.map((f): ModalityArray => {
    const sum = new Float64Array(f.d);
    const cnt = new Float64Array(f.d);
    for (let i = 0; i < f.n; i++) {
      if (ds.split[i] !== SPLIT.train) continue;
      for (let t = 0; t < f.t; t++) {
        if (f.mask && f.mask[i * f.t + t] === 0) continue;
        const off = (i * f.t + t) * f.d;
        for (let j = 0; j < f.d; j++) {
          const v = f.values[off + j] as number;
          if (Number.isFinite(v)) {
            sum[j]! += v;
            cnt[j]! += 1;
          }
        }
      }
    }
    const values = f.values.slice();
    for (let k = 0; k < values.length; k++) {
      if (!Number.isFinite(values[k]!)) {
        const j = k % f.d;
        values[k] = cnt[j]! > 0 ? sum[j]! / cnt[j]! : 0;
        imputed++;
      }
    }
    return { values, n: f.n, t: f.t, d: f.d, mask: f.mask };
  });
  return { dataset: ds.withFeatures(features), imputed };
}
