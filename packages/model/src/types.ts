/**
 * The contract every model in the harness follows (UMQ, its ablations and the baselines), so
 * the trainer, the evaluation protocols and the CLI treat them alike.
 */
import type { tf, Module, CallContext, TaskType } from '@umq/core';
import { ModalityEncoders } from './encoders/modality-encoders';

/** One modality's input description. */
export interface ModalityInput {
  /** Name, e.g. `'text'`. */
  name: string;
  /** `'vector'`: `[B, D]` inputs; `'sequence'`: `[B, T, D]` with a padding mask. */
  kind: 'vector' | 'sequence';
  /** Feature width D. */
  dim: number;
}

/** A batch as the models consume it. Tensors are owned by the caller. */
export interface ModelBatch {
  /** Per modality `[B, D]` or `[B, T, D]`. */
  x: tf.Tensor[];
  /** Per modality `[B, T]` padding mask (1 = valid) or null. */
  mask: (tf.Tensor | null)[];
  /** Labels `[B]` (float32; class indices for multiclass). */
  y: tf.Tensor;
  /** True per-sample-modality quality `[M, B]` (1 - r, 0 if missing), for oracle models only. */
  quality?: tf.Tensor;
  /** Rows of the batch in its split (the trainer's batches carry them; models that keep a per-sample history, such as QMF, read them). */
  index?: Int32Array;
}

/** What a forward pass returns. */
export interface ModelOutput {
  /** `[B, out]` logits (or the regression output). */
  logits: tf.Tensor;
  /** The objective asked for: the task loss (`losses: 'task'`) or the training objective (`'all'`; Eq 23 for UMQ). */
  loss?: tf.Scalar;
  /** Every loss term, as scalars named for logging (`L_task`, ...; weights not applied). */
  terms: Record<string, tf.Scalar>;
  /** Estimated quality `[M, B]` when the model has one (UMQ, late-fusion-q). */
  quality?: tf.Tensor;
  /** MoE routing when the model has one: selected experts `[B, k]`, their weights `[B, k]`, κ `[B, M]`. */
  routing?: {
    /** Selected experts `[B, k]` (int32). */
    topIndices: tf.Tensor;
    /** Their weights `[B, k]`. */
    topWeights: tf.Tensor;
    /** Gate probabilities `[B, E]`. */
    gate: tf.Tensor;
    /** Configuration κ `[B, M]` (Eq 14). */
    config?: tf.Tensor;
  };
}

/**
 * Which losses a forward pass computes: `'none'` (predictions only), `'task'` (the task loss
 * only: validation) or `'all'` (the training objective with every auxiliary term).
 */
export type LossRequest = 'none' | 'task' | 'all';

/** Options of one forward pass. */
export interface ForwardOptions extends CallContext {
  /** Which losses to compute (needs `batch.y` unless `'none'`); `loss` holds the objective asked for. */
  losses: LossRequest;
  /**
   * The 0-based training epoch, for losses annealed over epochs (e.g. an evidential KL term);
   * the trainer sets it in training steps. Absent in evaluation.
   */
  epoch?: number;
}

/** A model the harness can train and evaluate. */
export interface HarnessModel extends Module {
  /** The task the model was built for. */
  readonly task: TaskType;
  /** Number of modalities. */
  readonly numModalities: number;
  /** One forward pass. All returned tensors are new and owned by the caller. */
  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput;
}

/**
 * A model whose modality encoders run apart from the rest of its forward pass: `forward(batch)`
 * is `forwardEncoded(encoders.encode(batch.x, batch.mask), batch)`. Step runners that put the
 * encoders in worker threads use the two halves; nothing else needs them.
 */
export interface EncoderSeparable extends HarnessModel {
  /** The unimodal encoders, one module (`encode(x, mask, ctx) -> [M, B, d]`). */
  readonly encoders: ModalityEncoders;
  /** The forward pass after the encoders, from `u [M, B, d]`; `batch.x` is not read. */
  forwardEncoded(u: tf.Tensor, batch: ModelBatch, options: ForwardOptions): ModelOutput;
}

/**
 * Whether a model's encoders can run apart from the rest ({@link EncoderSeparable}).
 *
 * @example
 * ```ts
 * if (isEncoderSeparable(model)) console.log(model.encoders.size); // UMQ: M encoders
 * ```
 */
export function isEncoderSeparable(model: HarnessModel): model is EncoderSeparable {
  const m = model as Partial<EncoderSeparable>;
  return m.encoders instanceof ModalityEncoders && typeof m.forwardEncoded === 'function';
}
