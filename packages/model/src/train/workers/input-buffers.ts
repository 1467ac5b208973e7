/**
 * A batch's input rows in shared memory: the main thread copies the rows of its modalities
 * into SharedArrayBuffers (laid out as `@umq/datasets` batches them: vectors `[B, D]`, sequences
 * `[B, T, D]` with a `[B, T]` mask), a worker reads them back as tensors without a copy through
 * messages.
 */
import { tf } from '@umq/core';
import { isSequenceArray } from '@umq/datasets';
import type { SplitArrays } from '../split';

/** Layout of one modality's input in its shared buffers. */
export interface InputLayout {
  /** `[B, T, D]` with a `[B, T]` mask (true) or `[B, D]` (false). */
  sequence: boolean;
  /** Steps T (1 for vectors). */
  t: number;
  /** Feature width D. */
  d: number;
  /** Features `[capacity, T, D]` float32. */
  x: SharedArrayBuffer;
  /** Mask `[capacity, T]` float32 (sequences only). */
  mask: SharedArrayBuffer | null;
}

/**
 * The main thread's side for one worker: buffers for its modalities' rows, re-allocated when a
 * split's shapes change.
 *
 * @example
 * ```ts
 * const writer = new InputWriter([0, 2], 64);
 * const layouts = writer.write(split, index); // new layouts on the first call, undefined while shapes stay
 * ```
 */
export class InputWriter {
  private layouts: (InputLayout & { xView: Float32Array; maskView: Float32Array | null })[] | null = null;

  /**
   * @param modalities - the modalities this writer copies, in buffer order
   * @param capacity - the largest number of rows a batch may have
   */
  constructor(private readonly modalities: readonly number[], private readonly capacity: number) {}

  /** Copies rows `index` of `split`; returns the layouts when they changed (first call, other shapes), else undefined. */
  write(split: SplitArrays, index: Int32Array): InputLayout[] | undefined {
    let changed = this.layouts === null;
    const layouts = this.modalities.map((m, i) => {
      const f = split.features[m];
      const sequence = isSequenceArray(f);
      const old = this.layouts?.[i];
      if (old && old.sequence === sequence && old.t === f.t && old.d === f.d) return old;
      changed = true;
      const x = new SharedArrayBuffer(this.capacity * f.t * f.d * 4);
      const mask = sequence ? new SharedArrayBuffer(this.capacity * f.t * 4) : null;
      return { sequence, t: f.t, d: f.d, x, mask, xView: new Float32Array(x), maskView: mask ? new Float32Array(mask) : null };
    });
    this.layouts = layouts;
    const B = index.length;
    this.modalities.forEach((m, i) => {
      const f = split.features[m];
      const { xView, maskView } = layouts[i];
      const row = f.t * f.d;
      for (let k = 0; k < B; k++) xView.set(f.values.subarray(index[k] * row, (index[k] + 1) * row), k * row);
      if (maskView) {
        if (!f.mask) maskView.fill(1, 0, B * f.t);
        else for (let k = 0; k < B; k++) for (let t = 0; t < f.t; t++) maskView[k * f.t + t] = f.mask[index[k] * f.t + t];
      }
    });
    return changed ? layouts.map(({ sequence, t, d, x, mask }) => ({ sequence, t, d, x, mask })) : undefined;
  }
}

/**
 * The worker's side: the first `rows` rows of each buffer as tensors (the caller disposes them).
 *
 * @example
 * ```ts
 * const xs = readInputs(layouts, 32); // [{ x: [32, D], mask: null }, { x: [32, T, D], mask: [32, T] }]
 * ```
 */
export function readInputs(layouts: readonly InputLayout[], rows: number): { x: tf.Tensor; mask: tf.Tensor | null }[] {
  return layouts.map((l) => {
    const x = new Float32Array(l.x);
    const mask = l.mask ? new Float32Array(l.mask) : null;
    return {
      x: l.sequence ? tf.tensor3d(x.subarray(0, rows * l.t * l.d), [rows, l.t, l.d]) : tf.tensor2d(x.subarray(0, rows * l.d), [rows, l.d]),
      mask: mask ? tf.tensor2d(mask.subarray(0, rows * l.t), [rows, l.t]) : null,
    };
  });
}
