/**
 * The output of a baseline whose only objective is the task loss (early and late fusion).
 */
import { tf, perSampleTaskLoss, type TaskType } from '@umq/core';
import type { LossRequest, ModelOutput } from '../types';

/**
 * `{ logits }`, plus the mean task loss as `loss` and `terms.L_task` unless `losses` is `'none'`
 * (for these models the task loss is the whole objective).
 *
 * @example
 * ```ts
 * const out = taskOnlyOutput(logits, batch.y, 'binary', 'all'); // out.loss, out.terms.L_task
 * ```
 */
export function taskOnlyOutput(logits: tf.Tensor, y: tf.Tensor, task: TaskType, losses: LossRequest): ModelOutput {
  const out: ModelOutput = { logits, terms: {} };
  if (losses !== 'none') {
    const loss = tf.mean(perSampleTaskLoss(logits, y, task)) as tf.Scalar;
    out.loss = loss;
    out.terms = { L_task: loss.clone() };
  }
  return out;
}
