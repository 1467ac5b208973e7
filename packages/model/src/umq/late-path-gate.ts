/**
 * Beyond the paper (issue 17): a per-sample gate between UMQ's fused prediction and its
 * quality-weighted late-fusion path, `ŷ = g P(o) + (1 - g) Σ_m w_m P_m(u_m)` with
 * `g = σ(a · q̄ + b)` from the quality the later stages use: where the views are poor or
 * disagree, the prediction can lean on whichever path validation has found more reliable.
 */
import { tf, Module, stopGradient } from '@umq/core';

/** Options of {@link LatePathGate}. */
export interface LatePathGateOptions {
  /** Modalities M. */
  modalities: number;
}

/**
 * `g [B] = σ(Σ_m a_m sg(q_m) + b)`, initialised at `g = 1/2` (a = 0, b = 0): the mix starts as
 * the mean of the two paths and the task loss moves it.
 *
 * @example
 * ```ts
 * const gate = new LatePathGate({ modalities: 3 });
 * const logits = gate.mix(fused, late, q); // [B, out]
 * ```
 */
export class LatePathGate extends Module {
  static override className = 'umq.LatePathGate';
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(private readonly options: LatePathGateOptions) {
    super();
    this.weight = this.addParameter('weight', tf.zeros([1, options.modalities]));
    this.bias = this.addParameter('bias', tf.zeros([1]));
  }

  /** `g ⊙ fused + (1 - g) ⊙ late` for `fused, late [B, out]` and quality `q [M, B]`. */
  mix(fused: tf.Tensor, late: tf.Tensor, q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const g = tf.sigmoid(tf.add(tf.matMul(this.weight, stopGradient(q)), this.bias)).reshape([-1, 1]); // [B, 1]
      return tf.add(tf.mul(g, fused), tf.mul(tf.sub(1, g), late));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.options };
  }
}
tf.serialization.registerClass(LatePathGate);
