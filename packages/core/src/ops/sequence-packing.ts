/**
 * Sequence packing: the valid steps of a padded batch `[B, T, F]` as rows `[N, F]`, and back.
 * Position-wise layers (projections, feed-forward blocks, layer norms) then skip the padded
 * steps, whose outputs nothing reads (attention masks padded keys, pooling skips padded steps).
 * Both directions are differentiable (a gather and a scatter, each the other's gradient; tfjs'
 * own gather gradient needs UnsortedSegmentSum, which the wasm backend lacks).
 */
import { tf } from '../tf';
import { ShapeError } from '../errors';

/** Where the valid steps of a padded batch sit: built by {@link sequencePacking}. */
export interface SequencePacking {
  /** Batch size B. */
  readonly batch: number;
  /** Steps T. */
  readonly steps: number;
  /** Flat indices `b · T + t` of the valid steps, in row-major order: `[N]`. */
  readonly rows: Int32Array;
}

/**
 * The packing of a padding mask `[B, T]` (1 = valid step), or null when no step is padded
 * (then packing would only add copies). Reads the mask on the host.
 *
 * @example
 * ```ts
 * const p = sequencePacking(tf.tensor2d([[1, 1, 0], [1, 0, 0]])); // rows [0, 1, 3]
 * ```
 */
export function sequencePacking(mask: tf.Tensor): SequencePacking | null {
  if (mask.rank !== 2) throw new ShapeError(`sequencePacking: mask must be [B, T] (1 = valid step), got [${mask.shape.join(', ')}]`);
  const [batch, steps] = mask.shape as [number, number];
  const m = mask.dataSync();
  let n = 0;
  for (let i = 0; i < m.length; i++) if (m[i] > 0.5) n++;
  if (n === m.length) return null;
  const rows = new Int32Array(n);
  for (let i = 0, j = 0; i < m.length; i++) if (m[i] > 0.5) rows[j++] = i;
  return { batch, steps, rows };
}

/**
 * Rows `rows` of `x [R, F]`. On wasm and cpu a host copy, one block per run of consecutive
 * rows (one per sequence): the wasm GatherV2 kernel copies element by element, 103 ms for
 * 2,217 rows of [3200, 300] against about 3 ms this way. Elsewhere tf.gather.
 */
function gatherRows(x: tf.Tensor2D, rows: Int32Array): tf.Tensor2D {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return tf.tidy(() => tf.gather(x, tf.tensor1d(rows, 'int32')) as tf.Tensor2D);
  const f = x.shape[1];
  const src = x.dataSync() as Float32Array;
  const out = new Float32Array(rows.length * f);
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && rows[j] === rows[j - 1] + 1) j++;
    out.set(src.subarray(rows[i] * f, (rows[j - 1] + 1) * f), i * f);
    i = j;
  }
  return tf.tensor2d(out, [rows.length, f]);
}

function scatterRows(y: tf.Tensor2D, rows: Int32Array, total: number): tf.Tensor2D {
  return tf.tidy(() => tf.scatterND(tf.tensor2d(rows, [rows.length, 1], 'int32'), y, [total, y.shape[1]]) as tf.Tensor2D);
}

/**
 * The valid steps of `x [B, T, F]` as rows `[N, F]` (differentiable; its gradient scatters
 * back into `[B, T, F]` with zeros at the padded steps).
 *
 * @example
 * ```ts
 * const rows = packSequence(tf.ones([2, 3, 4]), p); // [3, 4] for the mask above
 * ```
 */
export function packSequence(x: tf.Tensor, packing: SequencePacking): tf.Tensor2D {
  const { batch, steps, rows } = packing;
  if (x.rank !== 3 || x.shape[0] !== batch || x.shape[1] !== steps) throw new ShapeError(`packSequence: x must be [B=${batch}, T=${steps}, F], got [${x.shape.join(', ')}]`);
  const f = x.shape[2] as number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const op = tf.customGrad(((a: tf.Tensor) => ({
    value: gatherRows(tf.reshape(a, [batch * steps, f]), rows),
    gradFunc: (dy: tf.Tensor) => tf.reshape(scatterRows(dy as tf.Tensor2D, rows, batch * steps), [batch, steps, f]),
  })) as any) as unknown as (a: tf.Tensor) => tf.Tensor2D;
  return op(x);
}

/**
 * Rows `[N, F]` back into the padded layout `[B, T, F]`, zeros at the padded steps
 * (differentiable; its gradient gathers the valid steps).
 *
 * @example
 * ```ts
 * const padded = unpackSequence(tf.ones([3, 4]), p); // [2, 3, 4]
 * ```
 */
export function unpackSequence(y: tf.Tensor, packing: SequencePacking): tf.Tensor3D {
  const { batch, steps, rows } = packing;
  if (y.rank !== 2 || y.shape[0] !== rows.length) throw new ShapeError(`unpackSequence: y must be [N=${rows.length}, F] (one row per valid step), got [${y.shape.join(', ')}]`);
  const f = y.shape[1] as number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const op = tf.customGrad(((a: tf.Tensor) => ({
    value: tf.reshape(scatterRows(a as tf.Tensor2D, rows, batch * steps), [batch, steps, f]),
    gradFunc: (dy: tf.Tensor) => gatherRows(tf.reshape(dy, [batch * steps, f]), rows),
  })) as any) as unknown as (a: tf.Tensor) => tf.Tensor3D;
  return op(y);
}
