/**
 * What the class-probability baselines (TMC, ECML, QMF, PDF, trust discounting) share with the
 * harness: their number of classes, their labels as class indices, and their logits in the
 * harness's form.
 */
import { tf, OptionError, type TaskType } from '@umq/core';

/**
 * The number of classes K a classifier baseline needs: `outDim` for multiclass, 2 for binary
 * (the harness then gets one logit, log p̂₁ − log p̂₀); regression has no classes.
 *
 * @example
 * ```ts
 * classCount('TMC', 'multiclass', 10); // 10
 * classCount('TMC', 'binary', 1);      // 2
 * ```
 */
export function classCount(model: string, task: TaskType, outDim: number): number {
  if (task === 'multiclass') {
    if (!Number.isInteger(outDim) || outDim < 2) throw new OptionError(`${model}: a multiclass task needs outDim >= 2 classes, got ${outDim}`);
    return outDim;
  }
  if (task === 'binary') {
    if (outDim !== 1) throw new OptionError(`${model}: a binary task has outDim 1 (one logit), got ${outDim}`);
    return 2;
  }
  throw new OptionError(`${model} is a classifier (class probabilities or Dirichlet evidence): it has no regression form; use a binary or multiclass data set`);
}

/**
 * Class log-probabilities `[B, K]` in the harness's logit form: unchanged for multiclass
 * (softmax of log p̂ is p̂, so the harness's cross-entropy is −log p̂_y and argmax is the
 * prediction); for binary `[B, 1]` log p̂₁ − log p̂₀ (the harness's BCE is then −log p̂_y).
 *
 * @example
 * ```ts
 * harnessLogits(tf.log(tf.tensor2d([[0.2, 0.8]])), 'binary'); // [[ln 4]]
 * ```
 */
export function harnessLogits(logProb: tf.Tensor, task: TaskType): tf.Tensor {
  return tf.tidy(() => {
    if (task !== 'binary') return tf.clone(logProb);
    const [p0, p1] = tf.split(logProb, 2, 1);
    return tf.sub(p1, p0);
  });
}

/**
 * The labels `[B]` as int32 class indices (the harness stores them as float32).
 *
 * @example
 * ```ts
 * classIndex(tf.tensor1d([0, 2, 1])); // int32 [0, 2, 1]
 * ```
 */
export function classIndex(y: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.round(y), 'int32'));
}
