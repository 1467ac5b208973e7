/**
 * Beyond the paper (issue 17): each view's unimodal head read as a Dirichlet opinion, the
 * subjective-logic view of TMC/ECML. Its uncertainty `u_m = K / S_m` is a quality signal that
 * needs no corruption labels: a view whose head gathers little evidence for any class (noise,
 * a missing view) is uncertain, whatever the quality estimator reads in its representation.
 */
import { tf, stopGradient, OptionError, type TaskType } from '@umq/core';
import { annealingCoefficient, evidentialLoss } from '@umq/evidential';

/** How the unimodal heads are trained: softmax cross-entropy, or as Dirichlet opinions (the evidential loss of TMC and RCML). */
export type HeadLoss = 'cross-entropy' | 'evidential';

/**
 * Epochs over which the evidential heads' KL term is annealed to full weight (ETMC's 10: our
 * protocol trains at most 50 epochs; TMC's 50 would leave it at half weight where early stopping
 * usually ends a run).
 *
 * @example
 * ```ts
 * annealingCoefficient(epoch + 1, HEAD_KL_ANNEALING_EPOCHS); // the KL weight of a 0-based epoch
 * ```
 */
export const HEAD_KL_ANNEALING_EPOCHS = 10;

/**
 * The heads' output as the rest of the model reads it. Cross-entropy heads: their logits.
 * Evidential heads: `log α`, α = softplus(z) + 1 the Dirichlet parameters, so that a softmax
 * of what the late path, the consensus and the evidence read is the Dirichlet mean α / S.
 *
 * @param raw - the heads' output `[M, B, out]`
 * @param loss - how the heads are trained
 * @example
 * ```ts
 * const headLogits = headOutput(heads.call(u), 'evidential'); // log α, [M, B, C]
 * ```
 */
export function headOutput(raw: tf.Tensor, loss: HeadLoss): tf.Tensor {
  return loss === 'evidential' ? tf.tidy(() => tf.log(tf.add(tf.softplus(raw), 1))) : raw;
}

/**
 * `1 - u_m`, u_m = K / S_m the uncertainty of view m's head read as a Dirichlet opinion,
 * `[M, B, out]` -> `[M, B]` in (0, 1), detached. Evidential heads (`headLogits` = log α):
 * α = exp(headLogits). Cross-entropy heads: α = softplus(z) + 1, the evidence TMC reads from a
 * network's output (a reading: a softmax head's logits are defined up to a shift, so its
 * evidence is only roughly comparable between views). Binary heads are read as two classes
 * (evidence softplus(-z), softplus(z)); regression heads carry no opinion: every value is 1.
 *
 * @param headLogits - the heads' output as {@link headOutput} gives it, `[M, B, out]`
 * @param task - the heads' task
 * @param loss - how the heads are trained
 * @example
 * ```ts
 * const c = headCertainty(headLogits, 'multiclass', 'evidential'); // [M, B]: 1 - K / S
 * ```
 */
export function headCertainty(headLogits: tf.Tensor, task: TaskType, loss: HeadLoss): tf.Tensor {
  return tf.tidy(() => {
    const [M, B] = headLogits.shape as [number, number, number];
    if (task === 'regression') return tf.ones([M, B]);
    const z = stopGradient(headLogits);
    const alpha = loss === 'evidential' ? tf.exp(z) : tf.add(tf.softplus(task === 'binary' ? tf.concat([tf.neg(z), z], -1) : z), 1);
    const K = task === 'binary' ? 2 : alpha.shape[2]!;
    return tf.sub(1, tf.div(K, tf.sum(alpha, -1)));
  });
}

/**
 * The evidential heads' per-sample losses `ℓ_m^i` `[M, B]`: TMC's expected cross-entropy
 * under each head's Dirichlet plus the KL term of its misleading evidence, annealed as
 * `min(1, (epoch + 1) / HEAD_KL_ANNEALING_EPOCHS)`. Multiclass only.
 *
 * @param headLogits - log α `[M, B, C]` ({@link headOutput} of evidential heads)
 * @param y - class indices `[B]`
 * @param epoch - the 0-based training epoch (undefined: the KL term at full weight)
 * @example
 * ```ts
 * const ell = evidentialHeadLosses(headLogits, batch.y, 3); // [M, B]
 * ```
 */
export function evidentialHeadLosses(headLogits: tf.Tensor, y: tf.Tensor, epoch: number | undefined): tf.Tensor {
  const klWeight = epoch === undefined ? 1 : annealingCoefficient(epoch + 1, HEAD_KL_ANNEALING_EPOCHS);
  return tf.tidy(() => {
    const [M, B, C] = headLogits.shape as [number, number, number];
    const alpha = tf.reshape(tf.exp(headLogits), [M * B, C]);
    const labels = tf.tile(tf.reshape(y, [1, B]), [M, 1]).reshape([M * B]);
    return tf.reshape(evidentialLoss(alpha, labels, { klWeight }), [M, B]);
  });
}

/**
 * Checks that a head loss suits the task: evidential heads need classes (multiclass).
 *
 * @example
 * ```ts
 * checkHeadLoss('evidential', 'binary'); // OptionError: ... train a binary task as multiclass with 2 classes
 * ```
 */
export function checkHeadLoss(loss: HeadLoss, task: TaskType, owner = 'UMQModel'): void {
  if (loss === 'evidential' && task !== 'multiclass') {
    throw new OptionError(`${owner}: encoders.headLoss 'evidential' needs a multiclass task (a Dirichlet over classes), got '${task}': use 'cross-entropy', or train a binary task as multiclass with 2 classes`);
  }
}
