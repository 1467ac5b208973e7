/**
 * Helpers shared by the array-file adapters (npz, pickles): numpy arrays to row-major
 * float32, labels to a task, masks from lengths.
 */
import { DataFormatError, type ModalityArray } from '@umq/core';
import { isNumericNdArray, type NdArray, type NumericNdArray } from '../formats/ndarray';
import type { TaskSpec } from '../types';

/** A numeric array as row-major float32 (Fortran order transposed, int64 converted). */
export function toFloat32(a: NdArray, what: string, file: string): Float32Array {
  if (!isNumericNdArray(a)) throw new DataFormatError(`${what} should be a numeric array, got dtype ${a.dtype}`, file);
  const n = a.data.length;
  const out = new Float32Array(n);
  const src = a.data as ArrayLike<number | bigint>;
  if (!a.fortranOrder || a.shape.length < 2) {
    for (let i = 0; i < n; i++) out[i] = Number(src[i]);
    return out;
  }
  // Column-major -> row-major.
  const shape = a.shape;
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let f = 0; f < n; f++) {
    let c = 0;
    for (let k = 0; k < rank; k++) c = c * shape[k]! + idx[k]!;
    out[c] = Number(src[f]);
    for (let k = 0; k < rank; k++) {
      idx[k]! += 1;
      if (idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** A features array `[N, D]` or `[N, T, D]` (plus optional mask) as a ModalityArray. */
export function toModality(a: NumericNdArray, mask: Uint8Array | null, what: string, file: string): ModalityArray {
  const values = toFloat32(a, what, file);
  if (a.shape.length === 2) return { values, n: a.shape[0]!, t: 1, d: a.shape[1]!, mask: null };
  if (a.shape.length === 3) return { values, n: a.shape[0]!, t: a.shape[1]!, d: a.shape[2]!, mask };
  throw new DataFormatError(`${what} has shape [${a.shape.join(', ')}], expected [N, D] or [N, T, D]`, file);
}

/** A `[N, T]` mask from per-sample valid lengths (steps `0..len-1` valid). */
export function maskFromLengths(lengths: Float32Array, t: number, what: string, file: string): Uint8Array {
  const mask = new Uint8Array(lengths.length * t);
  lengths.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 0 || l > t) throw new DataFormatError(`${what}[${i}] is ${l}, expected an integer length in 0..${t}`, file);
    mask.fill(1, i * t, i * t + l);
  });
  return mask;
}

/** The task that fits the labels: {0,1} binary, integers 0..C-1 multiclass, else regression. */
export function inferTask(labels: Float32Array): TaskSpec {
  let integer = true;
  let max = -Infinity;
  let min = Infinity;
  for (const y of labels) {
    if (!Number.isInteger(y)) integer = false;
    if (y > max) max = y;
    if (y < min) min = y;
  }
  if (integer && min === 0 && max === 1) return { type: 'binary' };
  if (integer && min >= 0 && max >= 2) return { type: 'multiclass', classes: max + 1 };
  return { type: 'regression' };
}

/** Checks that every feature cell is finite, naming the array, sample and column otherwise. */
export function assertFiniteFeatures(f: ModalityArray, what: string, file: string): void {
  for (let k = 0; k < f.values.length; k++) {
    if (!Number.isFinite(f.values[k]!)) {
      const row = Math.floor(k / (f.t * f.d));
      throw new DataFormatError(`${what}: sample ${row} (0-based), column ${k % f.d} is ${f.values[k]} (not finite): fix the file or load with \`nonFinite: 'impute'\``, file);
    }
  }
}
