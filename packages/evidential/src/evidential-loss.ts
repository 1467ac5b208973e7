/**
 * The evidential classification loss of TMC and RCML: the expected cross-entropy under the
 * Dirichlet ("ace", digamma form; Sensoy et al. 2018, Eq 4; TMC ICLR 2021 Eq 9) plus the
 * annealed KL divergence of the misleading evidence's Dirichlet to the uniform Dirichlet
 * (TMC Eq 10). Official code: hanmenghan/TMC `TMC ICLR/model.py` (`ce_loss`, `KL`) and
 * jiajunsi/RCML `loss_function.py` (`edl_digamma_loss`, `kl_divergence`), which agree.
 */
import { tf, ShapeError, assertNumberInRange } from '@umq/core';
import { digamma, lgamma } from './special-functions';

/**
 * KL(Dir(α) ‖ Dir(1)) per row, from its closed form:
 * ln Γ(S) − Σ_k ln Γ(α_k) − ln Γ(K) + Σ_k (α_k − 1)(ψ(α_k) − ψ(S)), S = Σ_k α_k.
 *
 * @param alpha - `[..., K]`, entries >= 1 (any > 0 is defined)
 * @returns `[...]`
 * @example
 * ```ts
 * klToUniformDirichlet(tf.tensor2d([[1, 1, 1]])); // [0]
 * klToUniformDirichlet(tf.tensor2d([[2, 1]]));    // [ln 2 − 1/2 = 0.1931]
 * ```
 */
export function klToUniformDirichlet(alpha: tf.Tensor): tf.Tensor {
  const K = alpha.shape[alpha.rank - 1];
  return tf.tidy(() => {
    const S = tf.sum(alpha, -1, true);
    const lnB = tf.sub(tf.squeeze(lgamma(S), [-1]), tf.sum(lgamma(alpha), -1));
    const lnGammaK = lgammaScalar(K);
    const cross = tf.sum(tf.mul(tf.sub(alpha, 1), tf.sub(digamma(alpha), digamma(S))), -1);
    return tf.add(tf.sub(lnB, lnGammaK), cross);
  });
}

/** ln Γ(K) = ln((K − 1)!) for an integer K >= 1, in double precision. */
function lgammaScalar(K: number): number {
  let s = 0;
  for (let i = 2; i < K; i++) s += Math.log(i);
  return s;
}

/** Options of {@link evidentialLoss}. */
export interface EvidentialLossOptions {
  /**
   * Weight λ_t of the KL term, in [0, 1]: TMC and RCML anneal it as
   * {@link annealingCoefficient}`(epoch, annealingEpochs)`. Default 1 (fully annealed).
   */
  klWeight?: number;
}

/**
 * The per-sample evidential loss of one Dirichlet opinion (TMC `ce_loss`, RCML
 * `edl_digamma_loss` before the batch mean):
 * `Σ_k y_k (ψ(S) − ψ(α_k)) + λ_t · KL(Dir(α̃) ‖ Dir(1))`, with α̃ = y + (1 − y) ⊙ α the
 * Dirichlet of the evidence left after removing the target class's (the KL pushes misleading
 * evidence to zero). Differentiable in `alpha`.
 *
 * @param alpha - `[B, K]` Dirichlet parameters (evidence + 1)
 * @param labels - `[B]` class indices (float or int), or `[B, K]` target vectors (one-hot or soft)
 * @param options - the KL weight
 * @returns `[B]` per-sample losses (TMC and RCML average them over the batch)
 * @example
 * ```ts
 * const alpha = tf.tensor2d([[3, 1], [1, 2]]);
 * evidentialLoss(alpha, tf.tensor1d([0, 0]), { klWeight: 0 }); // [ψ(4) − ψ(3), ψ(3) − ψ(1)] = [0.3333, 1.5]
 * ```
 */
export function evidentialLoss(alpha: tf.Tensor, labels: tf.Tensor, options: EvidentialLossOptions = {}): tf.Tensor {
  const klWeight = options.klWeight ?? 1;
  assertNumberInRange('evidentialLoss klWeight', klWeight, 0, Number.MAX_VALUE, 'pass annealingCoefficient(epoch, annealingEpochs)');
  const alphaShape: readonly number[] = alpha instanceof tf.Tensor ? alpha.shape : [];
  if (alphaShape.length !== 2 || alphaShape[1] < 2) {
    throw new ShapeError(`evidentialLoss: \`alpha\` must be [B, K] with K >= 2, got ${alpha instanceof tf.Tensor ? `[${alpha.shape.join(', ')}]` : typeof alpha}`);
  }
  const [B, K] = alpha.shape;
  const isTarget = labels instanceof tf.Tensor && labels.rank === 2;
  if (!(labels instanceof tf.Tensor) || !(isTarget ? labels.shape[0] === B && labels.shape[1] === K : labels.rank === 1 && labels.shape[0] === B)) {
    throw new ShapeError(`evidentialLoss: \`labels\` must be [${B}] class indices or [${B}, ${K}] targets, got ${labels instanceof tf.Tensor ? `[${labels.shape.join(', ')}]` : typeof labels}`);
  }
  return tf.tidy(() => {
    const y = isTarget ? tf.cast(labels, 'float32') : tf.oneHot(tf.cast(labels, 'int32'), K).toFloat();
    const S = tf.sum(alpha, -1, true);
    const ace = tf.sum(tf.mul(y, tf.sub(digamma(S), digamma(alpha))), -1);
    if (klWeight === 0) return ace;
    const misleading = tf.add(tf.mul(tf.sub(alpha, 1), tf.sub(1, y)), 1);
    return tf.add(ace, tf.mul(klToUniformDirichlet(misleading), klWeight));
  });
}

/**
 * The KL annealing coefficient of TMC and RCML, `min(1, step / annealingSteps)`. Both official
 * codes pass a 1-based epoch (`for epoch in range(1, epochs + 1)`), so a 0-based epoch e gives
 * `annealingCoefficient(e + 1, 50)`; ETMC passes its 0-based epoch.
 *
 * @param step - the epoch (or step) count, >= 0
 * @param annealingSteps - epochs until the weight reaches 1, > 0 (TMC, RCML: 50; ETMC: 10)
 * @example
 * ```ts
 * annealingCoefficient(1, 50);  // 0.02 (the first epoch of TMC)
 * annealingCoefficient(80, 50); // 1
 * ```
 */
export function annealingCoefficient(step: number, annealingSteps: number): number {
  assertNumberInRange('annealingCoefficient step', step, 0, Number.MAX_VALUE);
  assertNumberInRange('annealingCoefficient annealingSteps', annealingSteps, Number.MIN_VALUE, Number.MAX_VALUE, 'use e.g. 50 (TMC, RCML)');
  return Math.min(1, step / annealingSteps);
}
