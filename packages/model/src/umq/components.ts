/**
 * The parts UMQ is assembled from, as structural interfaces: the defaults are the
 * `@umq/quality`, `@umq/enhancer` and `@umq/moe` classes; inject your own implementation of any
 * part. To leave a part out, set its options group to `null` (e.g. `moe: null`).
 */
import type { tf, Module, CallContext } from '@umq/core';
import type { AttendOptions, DecouplerOutput, EnhancerInputs, EnhancerOutput } from '@umq/enhancer';
import type { MoECallArgs, MoEResult } from '@umq/moe';
import type { TrainingNoisePart } from './training-noise';

/** Scores stacked representations `[M, N, d] -> q [M, N]` in (0, 1) (Eq 1). */
export interface QualityEstimatorPart extends Module {
  /** Returns q `[M, N]` for u `[M, N, d]`. */
  call(u: tf.Tensor): tf.Tensor;
}

/** Unimodal heads `[M, B, d] -> logits [M, B, out]` (spec section 8). */
export interface UnimodalHeadsPart extends Module {
  /** Returns the unimodal logits `[M, B, out]`. */
  call(u: tf.Tensor, ctx: CallContext): tf.Tensor;
}

/** Modality decoupling (Eq 2-6). */
export interface DecouplerPart extends Module {
  /** Splits u `[M, B, d]` into sample- and modality-specific parts, with L_dec when `opts.losses`. */
  call(u: tf.Tensor, ctx: CallContext, opts: { losses?: boolean }): DecouplerOutput;
}

/** Baseline representation (Eq 7): returns `b [M, d]`, updating its EMA in training. */
export interface BaselinePart extends Module {
  /** Returns b `[M, d]`; in training, updates the EMA from `source`. */
  call(source: tf.Tensor | null, ctx: CallContext): tf.Tensor;
}

/** The quality enhancer (Eq 8) and its reuse of an attention context for Eq 22. */
export interface EnhancerPart extends Module {
  /** Enhances the representations (Eq 8) and returns the attention context; `options.weights: false`: the attention weights are not needed (a part may then return null for them). */
  call(inputs: EnhancerInputs, ctx: CallContext, options?: AttendOptions): EnhancerOutput;
  /** Re-applies the enhancer to other representations with a given context (Eq 22). */
  enhance(u: tf.Tensor, q: tf.Tensor, context: tf.Tensor, ctx: CallContext): tf.Tensor;
}

/** The mixture of experts (Eq 10-14) over the fused representation. */
export interface MoEPart extends Module {
  /** Routes h `[B, d]` to experts; returns the output, the routing losses and the routing. */
  call(x: tf.Tensor, args: MoECallArgs): MoEResult;
}

/** Parts to inject into {@link UMQModel} in place of the defaults built from its options. */
export interface UMQComponents {
  /** Quality estimator (Eq 1); default `QualityEstimator` of `@umq/quality`. */
  qualityEstimator?: QualityEstimatorPart;
  /** Unimodal heads; default `UnimodalHeads` of `@umq/quality`. */
  unimodalHeads?: UnimodalHeadsPart;
  /** Decoupler (Eq 2-6); default `ModalityDecoupler` of `@umq/enhancer`. */
  decoupler?: DecouplerPart;
  /** Baseline representation (Eq 7); default `ModalityBaseline` of `@umq/enhancer`. */
  baseline?: BaselinePart;
  /** Quality enhancer (Eq 8); default `QualityEnhancer` of `@umq/enhancer`. */
  enhancer?: EnhancerPart;
  /** Mixture of experts (Eq 10-14); default `MixtureOfExperts` of `@umq/moe`. */
  moe?: MoEPart;
  /** The auxiliary draws of a training step (Eq 16, 19); default {@link paperTrainingNoise}. */
  trainingNoise?: TrainingNoisePart;
}
