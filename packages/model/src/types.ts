/**
 * The contract every model in the harness follows (UMQ, its ablations and the baselines), so
 * the trainer, the evaluation protocols and the CLI treat them alike.
 */
import type { tf, Module, CallContext, TaskType } from '@umq/core';

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
}

/** What a forward pass returns. */
export interface ModelOutput {
  /** `[B, out]` logits (or the regression output). */
  logits: tf.Tensor;
  /** The training objective (Eq 23 for UMQ); present when losses were requested. */
  loss?: tf.Scalar;
  /** Every loss term and scalar diagnostic, as scalars, for logging (weights not applied). */
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

/** Options of one forward pass. */
export interface ForwardOptions extends CallContext {
  /** Compute the training objective and its terms (needs `batch.y`). */
  computeLosses: boolean;
  /**
   * The 0-based training epoch, for losses annealed over epochs (e.g. an evidential KL term);
   * the trainer sets it in training steps. Absent in evaluation.
   */
  epoch?: number;
  /**
   * The unimodal representations `U [M, B, d]`, computed elsewhere (e.g. by encoders running in
   * worker threads): a model that supports it skips its own encoders and differentiates with
   * respect to this tensor instead. Default: the model encodes `batch.x` itself.
   */
  encoded?: tf.Tensor;
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
