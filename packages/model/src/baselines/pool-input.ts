/**
 * Turns one modality's input into a vector for the baselines: vectors pass through, sequences
 * are mean-pooled over their valid steps.
 */
import { tf, maskedMeanPool } from '@umq/core';

/** `[B, D]` stays; `[B, T, D]` (+ mask `[B, T]`) becomes its masked mean `[B, D]`. */
export function poolInput(x: tf.Tensor, mask: tf.Tensor | null): tf.Tensor {
  return x.rank === 2 ? x : maskedMeanPool(x, mask ?? undefined);
}
