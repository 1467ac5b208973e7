/**
 * The parts UMQ is assembled from, as structural interfaces: pass the `@umq/quality`,
 * `@umq/enhancer` and `@umq/moe` classes (the defaults), your own implementations, or `null`
 * to leave a part out (an ablation is one argument).
 */
import type { tf, Module, CallContext } from '@umq/core';
import type { DecouplerOutput, EnhancerInputs, EnhancerOutput } from '@umq/enhancer';
import type { MoECallArgs, MoEResult } from '@umq/moe';

/** Scores stacked representations `[M, N, d] -> q [M, N]` in (0, 1) (Eq 1). */
export interface QualityEstimatorPart extends Module {
  call(u: tf.Tensor): tf.Tensor;
}

/** Unimodal heads `[M, B, d] -> logits [M, B, out]` (spec section 8). */
export interface UnimodalHeadsPart extends Module {
  call(u: tf.Tensor, ctx: CallContext): tf.Tensor;
}

/** Modality decoupling (Eq 2-6). */
export interface DecouplerPart extends Module {
  call(u: tf.Tensor, ctx: CallContext, opts: { losses?: boolean }): DecouplerOutput;
}

/** Baseline representation (Eq 7): returns `b [M, d]`, updating its EMA in training. */
export interface BaselinePart extends Module {
  call(source: tf.Tensor | null, ctx: CallContext): tf.Tensor;
}

/** The quality enhancer (Eq 8) and its reuse of an attention context for Eq 22. */
export interface EnhancerPart extends Module {
  call(inputs: EnhancerInputs, ctx: CallContext): EnhancerOutput;
  enhance(u: tf.Tensor, q: tf.Tensor, context: tf.Tensor, ctx: CallContext): tf.Tensor;
}

/** The mixture of experts (Eq 10-14) over the fused representation. */
export interface MoEPart extends Module {
  call(x: tf.Tensor, args: MoECallArgs): MoEResult;
}

/** Parts to inject into {@link UMQModel}; `undefined` builds the default, `null` leaves it out. */
export interface UMQComponents {
  qualityEstimator?: QualityEstimatorPart | null;
  unimodalHeads?: UnimodalHeadsPart | null;
  decoupler?: DecouplerPart | null;
  baseline?: BaselinePart | null;
  enhancer?: EnhancerPart | null;
  moe?: MoEPart | null;
}
