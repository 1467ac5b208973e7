/**
 * Dispatch: run the experts and combine their outputs with the gate weights (UMQ Eq 11,
 * `o_i = Σ_j ĝ_ij · Expert_j(x_i)`), densely or sparsely, plus the capacity limit.
 */
import { tf, type CallContext } from '@umq/core';
import type { ExpertList } from './experts';

/** How experts are run: every expert on every row, only on the rows routed to it, or chosen by rule. */
export type DispatchMode = 'dense' | 'sparse' | 'auto';

/**
 * Dense dispatch: every expert runs on all B rows; `o = Σ_j combine[:, j] · Expert_j(x)`.
 * Rows with zero weight for an expert contribute exactly zero.
 *
 * @param experts - the E experts.
 * @param x - expert input `[B, d]`.
 * @param combine - combine weights `[B, E]` (zero off the selected experts).
 * @param ctx - call context passed to every expert.
 * @example
 * ```ts
 * const o = denseDispatch(experts, x, combine, EVAL); // [B, out]
 * ```
 */
export function denseDispatch(experts: ExpertList, x: tf.Tensor, combine: tf.Tensor, ctx: CallContext): tf.Tensor2D {
  return tf.tidy(() => {
    const E = experts.length;
    let out: tf.Tensor | null = null;
    for (let j = 0; j < E; j++) {
      const y = experts.at(j).call(x, ctx); // [B, out]
      const w = tf.slice(combine, [0, j], [-1, 1]); // [B, 1]
      const c = tf.mul(w, y);
      out = out ? tf.add(out, c) : c;
    }
    return out as tf.Tensor2D;
  });
}

/**
 * Sparse dispatch: expert j runs only on the rows routed to it. Rows are gathered with a
 * constant 0/1 selection matrix `S_j [n_j, B]` (`S_j x`, a matMul, which has gradients on every
 * backend, unlike `gather` on wasm) and scattered back with `S_j^T`. Numerically equal to
 * {@link denseDispatch} up to float rounding.
 *
 * @param experts - the E experts.
 * @param x - expert input `[B, d]`.
 * @param combine - combine weights `[B, E]`.
 * @param selection - host `[B, E]` 0/1 dispatch plan (row-major): which rows go to which expert.
 * @param outFeatures - the experts' output width (for an all-empty plan).
 * @param ctx - call context passed to every expert.
 * @example
 * ```ts
 * const o = sparseDispatch(experts, x, combine, selectionData, 16, EVAL); // [B, 16]
 * ```
 */
export function sparseDispatch(
  experts: ExpertList,
  x: tf.Tensor,
  combine: tf.Tensor,
  selection: Float32Array,
  outFeatures: number,
  ctx: CallContext,
): tf.Tensor2D {
  const B = x.shape[0] as number;
  const E = experts.length;
  return tf.tidy(() => {
    let out: tf.Tensor | null = null;
    for (let j = 0; j < E; j++) {
      const rows: number[] = [];
      for (let i = 0; i < B; i++) if (selection[i * E + j] !== 0) rows.push(i);
      const n = rows.length;
      if (n === 0) continue;
      let xj: tf.Tensor;
      let wj: tf.Tensor;
      let scatter: tf.Tensor2D | null = null;
      if (n === B) {
        xj = x;
        wj = tf.slice(combine, [0, j], [-1, 1]);
      } else {
        const s = new Float32Array(n * B); // S_j [n, B]
        const st = new Float32Array(B * n); // S_j^T [B, n]
        rows.forEach((r, a) => {
          s[a * B + r] = 1;
          st[r * n + a] = 1;
        });
        const S = tf.tensor2d(s, [n, B]);
        scatter = tf.tensor2d(st, [B, n]);
        xj = tf.matMul(S, x as tf.Tensor2D); // [n, d]
        wj = tf.matMul(S, tf.slice(combine, [0, j], [-1, 1]) as tf.Tensor2D); // [n, 1]
      }
      const yj = tf.mul(wj, experts.at(j).call(xj, ctx)) as tf.Tensor2D; // [n, out]
      const c = scatter ? tf.matMul(scatter, yj) : yj; // [B, out]
      out = out ? tf.add(out, c) : c;
    }
    return (out ?? tf.zeros([B, outFeatures])) as tf.Tensor2D;
  });
}

/**
 * Capacity limit (Switch Transformer): each expert takes at most
 * `capacity = ceil(capacityFactor · k · N / E)` rows (N = real rows); rows over capacity are
 * dropped for that expert in batch order (earlier rows first). A dropped (row, expert) pair
 * contributes nothing and the row's other weights are NOT renormalised, so a row dropped by
 * all its experts outputs zero (add a residual outside the MoE if you need one).
 *
 * @param selection - host `[B, E]` 0/1 plan (masked rows already zero).
 * @param rows - B.
 * @param experts - E.
 * @param capacity - rows per expert.
 * @returns the kept plan (a new array) and the number of dropped (row, expert) pairs.
 * @example
 * ```ts
 * const { kept, dropped } = applyCapacity(plan, 64, 10, 20);
 * ```
 */
export function applyCapacity(selection: Float32Array, rows: number, experts: number, capacity: number): {
  /** The kept plan `[B, E]` (a new array). */
  kept: Float32Array;
  /** Number of dropped (row, expert) pairs. */
  dropped: number;
} {
  const kept = new Float32Array(selection.length);
  const used = new Int32Array(experts);
  let dropped = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < experts; j++) {
      if (selection[i * experts + j] === 0) continue;
      if (used[j] < capacity) {
        used[j]++;
        kept[i * experts + j] = 1;
      } else {
        dropped++;
      }
    }
  }
  return { kept, dropped };
}
