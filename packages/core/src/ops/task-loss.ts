/**
 * Per-sample task losses (UMQ Eq 15 and the unimodal losses ℓ_m of Eq 16-18): binary
 * cross-entropy on logits, mean squared error, or softmax cross-entropy.
 */
import { tf } from '../tf';
import { OptionError, ShapeError } from '../errors';

/** The learning task: binary (BCE, one logit), multiclass (CE, C logits) or regression (MSE). */
export type TaskType = 'binary' | 'multiclass' | 'regression';

/**
 * ℓ^i for every sample: `logits [..., B, out]`, `y [B]` (0/1 for binary, class index as float or
 * int for multiclass, a real value for regression) -> `[..., B]`. Leading axes (e.g. M
 * modalities) broadcast over the same labels. Numerically stable BCE:
 * `max(z, 0) - z y + log(1 + exp(-|z|))`.
 *
 * @example
 * ```ts
 * const l = perSampleTaskLoss(tf.tensor2d([[0.3], [-1]]), tf.tensor1d([1, 0]), 'binary'); // [2]
 * ```
 */
export function perSampleTaskLoss(logits: tf.Tensor, y: tf.Tensor, task: TaskType): tf.Tensor {
  const out = logits.shape[logits.rank - 1] as number;
  const b = logits.shape[logits.rank - 2] as number;
  if (y.rank !== 1 || y.shape[0] !== b) {
    throw new ShapeError(`perSampleTaskLoss: labels have shape [${y.shape.join(', ')}], expected [${b}] to match logits [${logits.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    switch (task) {
      case 'binary': {
        if (out !== 1) throw new ShapeError(`binary task needs 1 logit per sample, got ${out}: build the head with outDim 1`);
        const z = tf.squeeze(logits, [logits.rank - 1]);
        const yf = tf.cast(y, 'float32');
        return tf.add(tf.sub(tf.relu(z), tf.mul(z, yf)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
      }
      case 'regression': {
        if (out !== 1) throw new ShapeError(`regression task needs 1 output per sample, got ${out}: build the head with outDim 1`);
        const z = tf.squeeze(logits, [logits.rank - 1]);
        return tf.square(tf.sub(z, tf.cast(y, 'float32')));
      }
      case 'multiclass': {
        // wasm's OneHot kernel returns zeros for dtype float32 (tfjs 4.22): build int32, then cast.
        const oh = tf.cast(tf.oneHot(tf.cast(y, 'int32'), out), 'float32'); // [B, C]
        const lse = tf.logSumExp(logits, -1); // [..., B]
        return tf.sub(lse, tf.sum(tf.mul(logits, oh), -1));
      }
      default:
        throw new OptionError(`unknown task ${JSON.stringify(task)}: use 'binary', 'multiclass' or 'regression'`);
    }
  });
}
