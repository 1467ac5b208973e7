/**
 * `batchMatMul`: `[G, n, k] @ [G, k, m]` with optional transposes and a custom gradient that
 * never broadcasts (tfjs' stock BatchMatMul gradient throws when batch dims broadcast) and
 * sends a single group (`G = 1`) through rank-2 matMuls without transpose flags, the only form
 * the wasm backend runs on XNNPACK.
 *
 * Measured on wasm (tools/bench/ops/batch-matmul.ts, attention shapes G = 256, n = m = 50,
 * k = 25 or 100): splitting into G rank-2 matMuls (unstack + matMul + stack) was 8-9x slower
 * than the batched kernel (each slice costs ~0.4 ms), broadcast-multiply + sum 3-4x slower,
 * and a block-diagonal rank-2 product wastes a factor G of work. The batched kernel with
 * explicit, non-broadcasting gradients is kept as the fastest candidate.
 */
import { tf } from '../tf';
import { ShapeError } from '../errors';

function t3(x: tf.Tensor): tf.Tensor3D {
  return tf.transpose(x, [0, 2, 1]) as tf.Tensor3D;
}

/** op(A) op(B) for rank-3 operands; G = 1 goes through rank-2 matMuls (XNNPACK on wasm). */
function mm(a: tf.Tensor3D, b: tf.Tensor3D, ta: boolean, tb: boolean): tf.Tensor3D {
  if (a.shape[0] === 1) {
    const a2 = tf.squeeze(ta ? t3(a) : a, [0]) as tf.Tensor2D;
    const b2 = tf.squeeze(tb ? t3(b) : b, [0]) as tf.Tensor2D;
    return tf.expandDims(tf.matMul(a2, b2), 0) as tf.Tensor3D;
  }
  return tf.matMul(a, b, ta, tb);
}

const kernels = new Map<string, (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D>();

function kernel(ta: boolean, tb: boolean): (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D {
  const key = `${ta}${tb}`;
  let f = kernels.get(key);
  if (!f) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    f = tf.customGrad(((a: tf.Tensor3D, b: tf.Tensor3D, save: tf.GradSaveFunc) => {
      save([a, b]);
      return {
        value: mm(a, b, ta, tb),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [A, B] = saved as [tf.Tensor3D, tf.Tensor3D];
          const d = dy as tf.Tensor3D;
          // C = op(A) op(B): the four cases of the matrix-product rule.
          if (!ta && !tb) return [mm(d, B, false, true), mm(A, d, true, false)];
          if (!ta && tb) return [mm(d, B, false, false), mm(d, A, true, false)];
          if (ta && !tb) return [mm(B, d, false, true), mm(A, d, false, false)];
          return [mm(B, d, true, true), mm(d, A, true, true)];
        },
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    }) as any) as unknown as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;
    kernels.set(key, f);
  }
  return f;
}

/**
 * Batched matrix product over `G` independent groups: `op(a)[g] @ op(b)[g]`, where `op`
 * transposes the last two axes when asked. Batch sizes must match exactly (no broadcasting).
 * Used for attention scores `Q Kᵀ` and contexts `P V`.
 *
 * @param a - `[G, n, k]`, or `[G, k, n]` with `transposeA`.
 * @param b - `[G, k, m]`, or `[G, m, k]` with `transposeB`.
 * @returns `[G, n, m]`.
 * @throws {@link ShapeError} when ranks, batch sizes or inner sizes do not match.
 *
 * @example
 * ```ts
 * const q = tf.randomNormal([8, 50, 25]);
 * const k = tf.randomNormal([8, 50, 25]);
 * const scores = batchMatMul(q, k, false, true); // [8, 50, 50]
 * ```
 */
export function batchMatMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor3D {
  if (a.rank !== 3 || b.rank !== 3) {
    throw new ShapeError(`batchMatMul: expected rank-3 operands [G, n, k] and [G, k, m], got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]: reshape leading axes into one group axis`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`batchMatMul: group sizes differ (${a.shape[0]} vs ${b.shape[0]}); broadcasting is not supported: tile the smaller operand first`);
  }
  const ka = transposeA ? a.shape[1] : a.shape[2];
  const kb = transposeB ? b.shape[2] : b.shape[1];
  if (ka !== kb) {
    throw new ShapeError(`batchMatMul: inner sizes differ: op(a) is [${a.shape[0]}, ${transposeA ? a.shape[2] : a.shape[1]}, ${ka}] but op(b) has ${kb} rows (a [${a.shape.join(', ')}], b [${b.shape.join(', ')}], transposeA=${transposeA}, transposeB=${transposeB})`);
  }
  return kernel(transposeA, transposeB)(a as tf.Tensor3D, b as tf.Tensor3D);
}
