/**
 * `applyCorruptionTensors`: the tensor form of {@link applyCorruption}, with the same numbers
 * for the same seed (the tensors are read into typed arrays, corrupted, and written back).
 */
import { ShapeError, tf, type ModalityArray, type Seed } from '@umq/core';
import { applyCorruption } from './apply';
import type { CorruptionDetails, CorruptionOptions, CorruptionProtocol } from './protocol';

/** One modality as tensors: `x` `[N, D]` (vectors) or `[N, T, D]`, optional padding mask `[N, T]` (1 = valid). */
export interface ModalityTensor {
  /** Features `[N, D]` or `[N, T, D]`. */
  x: tf.Tensor;
  /** Padding mask `[N, T]` for sequences (`[N]` for vectors), non-zero = valid; null/absent when all valid. */
  mask?: tf.Tensor | null;
}

/** What {@link applyCorruptionTensors} returns; every tensor is new and owned by the caller. */
export interface CorruptionTensorResult {
  /** The corrupted modalities (`x` float32 of the input shape; `mask` a copy of the input mask or null). */
  data: {
    /** Corrupted features, float32, the input's shape. */
    x: tf.Tensor;
    /** A copy of the input's step mask (as corrupted: `'conflict'` may swap a sample's), or null. */
    mask: tf.Tensor | null;
  }[];
  /** Modality-level presence per modality, float32 `[N]`. */
  present: tf.Tensor1D[];
  /** Kept-step masks per modality, float32 of the mask shape (`[N, T]` or `[N]`), null for modality-level protocols. */
  keptSteps: (tf.Tensor | null)[];
  /** True quality per modality, float32 `[N]`. */
  quality: tf.Tensor1D[];
  /** Realised rate (see {@link CorruptionResult.rate}). */
  rate: number;
  /** The rate asked for, or null. */
  requestedRate: number | null;
  /** The protocol, as applied. */
  protocol: CorruptionProtocol;
  /** Per-sample draws worth reporting (typed arrays). */
  details: CorruptionDetails;
}

/**
 * Reads a modality tensor pair into a {@link ModalityArray} (a copy).
 *
 * @example
 * ```ts
 * const audio = modalityFromTensors({ x: tf.randomNormal([8, 20, 5]), mask: tf.ones([8, 20]) }, 'audio');
 * console.log(audio.n, audio.t, audio.d); // 8 20 5
 * ```
 */
export function modalityFromTensors(input: ModalityTensor, name = 'input'): ModalityArray {
  const { x, mask } = input;
  if (!(x instanceof tf.Tensor) || (x.rank !== 2 && x.rank !== 3)) {
    throw new ShapeError(`\`${name}.x\` must be a tensor of rank 2 ([N, D]) or 3 ([N, T, D]), got ${x instanceof tf.Tensor ? `shape [${x.shape.join(', ')}]` : typeof x}`);
  }
  const [n, t, d] = (x.rank === 2 ? [x.shape[0], 1, x.shape[1]] : x.shape) as [number, number, number];
  let m: Uint8Array | null = null;
  if (mask) {
    const expected = x.rank === 2 ? [n] : [n, t];
    if (mask.shape.length !== expected.length || mask.shape.some((s, i) => s !== expected[i])) {
      throw new ShapeError(`\`${name}.mask\` must have shape [${expected.join(', ')}] for x of shape [${x.shape.join(', ')}], got [${mask.shape.join(', ')}]`);
    }
    const mv = mask.dataSync();
    m = new Uint8Array(mv.length);
    for (let i = 0; i < mv.length; i++) m[i] = mv[i] !== 0 ? 1 : 0;
  }
  return { values: Float32Array.from(x.dataSync() as ArrayLike<number>), n, t, d, mask: m };
}

/**
 * Applies a corruption protocol to tensors: `[N, D]` vectors or `[N, T, D]` sequences with an
 * optional padding mask. Same numbers as {@link applyCorruption} on the same data, seed and
 * options (`'conflict'` needs `{ labels, classes }`).
 * The caller disposes the returned tensors ({@link disposeCorruptionTensors}).
 *
 * @example
 * ```ts
 * await initEngine();
 * const text = { x: tf.randomNormal([8, 16], 0, 1, 'float32', 1) };
 * const audio = { x: tf.randomNormal([8, 20, 5], 0, 1, 'float32', 2), mask: tf.ones([8, 20]) };
 * const res = applyCorruptionTensors([text, audio], { kind: 'gaussian', rate: 0.3 }, 7);
 * res.data[1].x.shape; // [8, 20, 5]
 * disposeCorruptionTensors(res);
 * ```
 */
export function applyCorruptionTensors(inputs: readonly ModalityTensor[], protocol: CorruptionProtocol, seed: Seed, options: CorruptionOptions = {}): CorruptionTensorResult {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ShapeError(`applyCorruptionTensors: \`inputs\` must be a non-empty list of { x, mask? }, got ${Array.isArray(inputs) ? 'an empty list' : typeof inputs}`);
  }
  const arrays = inputs.map((inp, m) => modalityFromTensors(inp, `inputs[${m}]`));
  const res = applyCorruption(arrays, protocol, seed, options);
  return {
    data: res.data.map((a, m) => ({
      x: tf.tensor(a.values, inputs[m].x.shape, 'float32'),
      mask: inputs[m].mask ? maskOut(inputs[m].mask as tf.Tensor, res.data[m].mask, protocol) : null,
    })),
    present: res.masks.map((mk) => tf.tensor1d(Float32Array.from(mk.present), 'float32')),
    keptSteps: res.masks.map((mk, m) => {
      if (!mk.keptSteps) return null;
      const shape = inputs[m].x.rank === 2 ? [arrays[m].n] : [arrays[m].n, arrays[m].t];
      return tf.tensor(Float32Array.from(mk.keptSteps), shape, 'float32');
    }),
    quality: res.quality.map((q) => tf.tensor1d(q, 'float32')),
    rate: res.rate,
    requestedRate: res.requestedRate,
    protocol: res.protocol,
    details: res.details,
  };
}

/**
 * The output padding mask: a copy of the input's, except where `'conflict'` replaced a view by
 * a donor's (whose valid steps may differ): then the corrupted mask, in the input's dtype.
 */
function maskOut(input: tf.Tensor, corrupted: Uint8Array | null, protocol: CorruptionProtocol): tf.Tensor {
  if (protocol.kind !== 'conflict' || !corrupted) return tf.clone(input);
  return tf.tidy(() => tf.cast(tf.tensor(Float32Array.from(corrupted), input.shape, 'float32'), input.dtype));
}

/**
 * Disposes every tensor of a {@link CorruptionTensorResult}.
 *
 * @example
 * ```ts
 * const res = applyCorruptionTensors([{ x: tf.zeros([4, 3]) }], { kind: 'clean' }, 1);
 * disposeCorruptionTensors(res);
 * ```
 */
export function disposeCorruptionTensors(res: CorruptionTensorResult): void {
  for (const d of res.data) {
    d.x.dispose();
    d.mask?.dispose();
  }
  for (const t of [...res.present, ...res.quality]) t.dispose();
  for (const k of res.keptSteps) k?.dispose();
}
