/**
 * UMQ Eq 14, configuration consistency: samples with the same modality configuration should
 * route alike.
 */
import { tf, l2Normalize, ShapeError, assertNumberInRange } from '@umq/core';

/** Result of {@link configConsistencyLoss}. */
export interface ConfigConsistencyResult {
  /** `L_cfg`: mean over same-configuration pairs i != j of `1 - cos(g_i, g_j)` (0 when there is no pair). */
  consistency: tf.Scalar;
  /** Push term: mean over different-configuration pairs of `max(0, cos(g_i, g_j) - ρ)` (0 when there is no pair). */
  push: tf.Scalar;
  /** Fraction of ordered pairs (i != j, over all B(B-1)) with identical configurations. */
  samePairFraction: number;
}

/**
 * Configuration consistency loss (UMQ Eq 14): with `κ^i` the configuration of sample i
 * (UMQ: `κ_m^i = 1 iff sg(q_m^i) > τ`),
 * `L_cfg = mean over pairs (i, j), i != j, κ^i = κ^j of (1 - cos(g^i, g^j))`,
 * and the optional push term (spec Reading, off by default in the MoE)
 * `L_push = mean over pairs κ^i != κ^j of max(0, cos(g^i, g^j) - ρ)`.
 * Configurations are compared exactly (read on the host; they carry no gradient).
 *
 * @param probs - gate probabilities `g [B, E]`.
 * @param config - configurations `κ [B, M]` (any numbers; rows equal entry by entry are "identical").
 * @param options - `rho` (ρ, default 0.5) and an optional `[B]` row mask (masked rows form no pair).
 * @example
 * ```ts
 * const { consistency, push } = configConsistencyLoss(g, tf.tensor2d([[1, 0], [1, 0], [0, 1]]));
 * ```
 */
export function configConsistencyLoss(
  probs: tf.Tensor,
  config: tf.Tensor | ArrayLike<ArrayLike<number | boolean>>,
  options: { rho?: number; mask?: Float32Array | null } = {},
): ConfigConsistencyResult {
  const B = probs.shape[0] as number;
  const rho = options.rho ?? 0.5;
  assertNumberInRange('configConsistencyLoss.rho', rho, -1, 1);
  const rows = configRows(config, B);
  const mask = options.mask ?? null;
  const same = new Float32Array(B * B);
  const diff = new Float32Array(B * B);
  let nSame = 0;
  let nDiff = 0;
  let nSameAll = 0;
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < B; j++) {
      if (i === j) continue;
      const eq = rowsEqual(rows[i], rows[j]);
      if (eq) nSameAll++;
      if (mask && (mask[i] === 0 || mask[j] === 0)) continue;
      if (eq) {
        same[i * B + j] = 1;
        nSame++;
      } else {
        diff[i * B + j] = 1;
        nDiff++;
      }
    }
  }
  return tf.tidy(() => {
    const gn = l2Normalize(probs); // [B, E]
    const cos = tf.matMul(gn, gn, false, true); // [B, B]
    const consistency = tf.div(tf.sum(tf.mul(tf.sub(1, cos), tf.tensor2d(same, [B, B]))), Math.max(nSame, 1)) as tf.Scalar;
    const push = tf.div(tf.sum(tf.mul(tf.relu(tf.sub(cos, rho)), tf.tensor2d(diff, [B, B]))), Math.max(nDiff, 1)) as tf.Scalar;
    return { consistency, push, samePairFraction: nSameAll / Math.max(1, B * (B - 1)) };
  });
}

function configRows(config: tf.Tensor | ArrayLike<ArrayLike<number | boolean>>, B: number): number[][] {
  let rows: number[][];
  if (config instanceof tf.Tensor) {
    if (config.rank !== 2 || config.shape[0] !== B) {
      throw new ShapeError(`configConsistencyLoss: \`config\` must have shape [${B}, M] (one configuration per row), got [${config.shape.join(', ')}]`);
    }
    rows = (config.arraySync() as (number | boolean)[][]).map((r) => r.map(Number));
  } else {
    if (config.length !== B) {
      throw new ShapeError(`configConsistencyLoss: \`config\` has ${config.length} rows, but the gate has ${B}: pass one configuration κ per row`);
    }
    rows = Array.from(config, (r) => Array.from(r, Number));
  }
  return rows;
}

function rowsEqual(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
