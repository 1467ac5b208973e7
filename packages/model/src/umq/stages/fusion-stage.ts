/**
 * Stage 3 of UMQ's forward pass: fusion (Eq 9), the modality-quality-aware mixture of experts
 * (Eq 10-14) and the predictor (Eq 15).
 */
import { tf, stopGradient, type CallContext, type MLP } from '@umq/core';
import type { MoELosses } from '@umq/moe';
import type { MoEPart } from '../components';
import type { ModelOutput } from '../../types';

/** The parts of the stage. */
export interface FusionParts {
  /** F: M·d -> d (Eq 9). */
  fusion: MLP;
  /** MQ-MoE (Eq 10-14), or null: the predictor reads h. */
  moe: MoEPart | null;
  /** P: d -> out (Eq 15). */
  predictor: MLP;
}

/** The stage's inputs. */
export interface FusionInputs {
  /** ũ `[M, B, d]`. */
  u: tf.Tensor;
  /** q `[M, B]` as the gate sees it (Eq 10), or null when the gate is blind to quality. */
  gateQuality: tf.Tensor | null;
  /** q `[M, B]` that selects κ (Eq 14), or null without quality. */
  configQuality: tf.Tensor | null;
  /** τ of κ. */
  tau: number;
  /** Compute the routing losses (training); false at inference, where none is computed. */
  losses: boolean;
}

/** What the stage gives. */
export interface Fused {
  /** The fused path's prediction P(o) `[B, out]`. */
  logits: tf.Tensor;
  /** The routing (selected experts, weights, gate, κ) with an MoE. */
  routing: ModelOutput['routing'];
  /** The routing losses (Eq 12-14) with an MoE. */
  moeLosses: MoELosses | null;
}

/**
 * `h = F([ũ_1; …; ũ_M])` (Eq 9); `o = Σ_{j∈topk(g)} ĝ_j Expert_j(h)` with `g = softmax(W_g [h; q])`
 * (Eq 10-11) and κ_m = [q_m > τ] for L_cfg (Eq 14); `ŷ = P(o)` (Eq 15).
 *
 * @example
 * ```ts
 * const { logits, routing } = fuseAndRoute(parts, { u: uTilde, gateQuality: q, configQuality: q, tau: 0.5, losses: false }, EVAL);
 * ```
 */
export function fuseAndRoute(parts: FusionParts, inputs: FusionInputs, ctx: CallContext): Fused {
  const [M, B, d] = inputs.u.shape as [number, number, number];
  const h = parts.fusion.call(tf.reshape(tf.transpose(inputs.u, [1, 0, 2]), [B, M * d]), ctx); // Eq 9, [B, d]
  const kappa = inputs.configQuality ? tf.cast(tf.greater(stopGradient(inputs.configQuality), inputs.tau), 'float32').transpose() : null; // Eq 14, [B, M]
  let o = h;
  let routing: ModelOutput['routing'];
  let moeLosses: MoELosses | null = null;
  if (parts.moe) {
    const res = parts.moe.call(h, { side: inputs.gateQuality ? tf.transpose(inputs.gateQuality) : undefined, config: kappa ?? undefined, ctx, losses: inputs.losses ? 'weighted' : 'none' }); // Eq 10-14
    o = res.output;
    routing = { topIndices: res.routing.experts, topWeights: res.routing.weights, gate: res.routing.probs, config: kappa ?? undefined };
    moeLosses = res.losses;
  }
  return { logits: parts.predictor.call(o, ctx), routing, moeLosses }; // Eq 15
}
