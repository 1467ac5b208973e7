/**
 * Stage 2 of UMQ's forward pass: modality decoupling (Eq 2-6), the baseline representation
 * (Eq 7) and the quality enhancer (Eq 8); in training also the enhancer's pass over the
 * corrupted copy that Eq 22 regresses onto the clean representations.
 */
import type { tf, CallContext } from '@umq/core';
import type { DecouplingLosses } from '@umq/enhancer';
import type { BaselinePart, DecouplerPart, EnhancerPart } from '../components';

/** The parts of the stage (each may be left out). */
export interface EnhancementParts {
  /** Decoupler (Eq 2-6). */
  decoupler: DecouplerPart | null;
  /** Baseline representation (Eq 7). */
  baseline: BaselinePart | null;
  /** Quality enhancer (Eq 8). */
  enhancer: EnhancerPart | null;
}

/** What the stage gives the later stages. */
export interface Enhanced {
  /** ũ `[M, B, d]`: the enhanced representations (u itself without an enhancer). */
  u: tf.Tensor;
  /** The decoupling losses (Eq 2-5, per modality) when asked for and a decoupler is present. */
  decoupling: DecouplingLosses | null;
  /** Training only: Enh(AddNoise(u)) `[M, B, d]`, the input of L_enh (Eq 22). */
  restored: tf.Tensor | null;
}

/** The stage's inputs. */
export interface EnhancementInputs {
  /** Representations u `[M, B, d]`. */
  u: tf.Tensor;
  /** q `[M, B]` as the enhancer uses it. */
  q: tf.Tensor;
  /** Training only: the enhancer's corrupted copy and its q `[M, B]`. */
  corrupted: { u: tf.Tensor; q: tf.Tensor } | null;
  /** Compute the decoupling losses. */
  losses: boolean;
}

/**
 * `ũ = Enh([q·u ; attend(w_m, {s_n}_{n≠m} ∪ {b_m})])` (Eq 8), with `[s, c] = Dec(u)` (Eq 2) and
 * `b = EMA(c) + e` (Eq 7). Without a decoupler the keys are the raw u_n; without a baseline
 * there is no modality-specific key.
 *
 * @example
 * ```ts
 * const { u: uTilde } = enhance(parts, { u, q, corrupted: null, losses: false }, EVAL);
 * ```
 */
export function enhance(parts: EnhancementParts, inputs: EnhancementInputs, ctx: CallContext): Enhanced {
  const { u, q } = inputs;
  let s: tf.Tensor | null = null;
  let c: tf.Tensor | null = null;
  let decoupling: DecouplingLosses | null = null;
  if (parts.decoupler) {
    const dec = parts.decoupler.call(u, ctx, { losses: inputs.losses }); // Eq 2-6
    s = dec.s;
    c = dec.c;
    decoupling = dec.losses ?? null;
  }
  if (!parts.enhancer) return { u, decoupling, restored: null };
  const b = parts.baseline ? parts.baseline.call(c ?? u, ctx) : null; // Eq 7
  const enh = parts.enhancer.call({ u, q, keys: s ?? u, baseline: b }, ctx, { weights: false }); // Eq 8 (the weights are not used here)
  const restored = inputs.corrupted ? parts.enhancer.enhance(inputs.corrupted.u, inputs.corrupted.q, enh.context, ctx) : null; // Eq 22's input
  return { u: enh.output, decoupling, restored };
}
