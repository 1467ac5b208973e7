/**
 * The output of a baseline whose only objective is the task loss (early and late fusion).
 */
import { tf, perSampleTaskLoss, type TaskType } from '@umq/core';
import type { ModelOutput } from '../types';

/**
 * `{ logits }`, plus the mean task loss as `loss` and `terms.L_task` when losses are requested.
 *
 * @example
 * ```ts
 * const out = taskOnlyOutput(logits, batch.y, 'binary', true); // out.loss, out.terms.L_task
 * ```
 */
export function taskOnlyOutput(logits: tf.Tensor, y: tf.Tensor, task: TaskType, computeLosses: boolean): ModelOutput {
  const out: ModelOutput = { logits, terms: {} };
  if (computeLosses) {
    const loss = tf.mean(perSampleTaskLoss(logits, y, task)) as tf.Scalar;
    out.loss = loss;
    out.terms = { L_task: loss.clone() };
  }
  return out;
}
