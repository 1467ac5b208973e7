import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, OptionError, ShapeError } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { evidentialLoss, klToUniformDirichlet, annealingCoefficient } from './evidential-loss';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('evidential loss with the annealed KL term', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values: ace = ψ(S) − ψ(α_y); KL(Dir(1)) = 0, KL(Dir(2, 1)) = ln 2 − 1/2', () => {
    const ace = evidentialLoss(tf.tensor2d([[3, 1], [1, 2]]), tf.tensor1d([0, 0]), { klWeight: 0 });
    expect(maxRelErr(ace, [1 / 3, 1.5])).toBeLessThan(1e-5);
    expect(Math.abs(klToUniformDirichlet(tf.tensor2d([[1, 1, 1]])).dataSync()[0])).toBeLessThan(1e-5);
    expect(maxRelErr(klToUniformDirichlet(tf.tensor2d([[2, 1]])), [Math.LN2 - 0.5])).toBeLessThan(1e-5);
    // the KL acts on the non-target evidence only: α = (3, 1) with label 0 -> α̃ = (1, 1), KL 0
    const full = evidentialLoss(tf.tensor2d([[3, 1]]), tf.tensor1d([0]), { klWeight: 1 });
    expect(maxRelErr(full, [1 / 3])).toBeLessThan(1e-5);
    // label 1: α̃ = (3, 1): ace ψ(4) − ψ(1) = 1 + 1/2 + 1/3, plus λ KL(Dir(3, 1)) = λ (ln 3 − 2 (ψ(3) − ψ(4))) = λ (ln 3 − 2/3)
    const wrong = evidentialLoss(tf.tensor2d([[3, 1]]), tf.tensor1d([1]), { klWeight: 0.5 });
    expect(maxRelErr(wrong, [11 / 6 + 0.5 * (Math.log(3) - 2 / 3)])).toBeLessThan(1e-5);
    tf.dispose([ace, full, wrong]);
  });

  it('matches the PyTorch float64 fixture per sample, with one-hot targets as with indices', () => {
    const alpha = tf.add(tf.tensor2d(fixture.evidence[0]), 1);
    const y = tf.tensor1d(fixture.labels);
    const perSample = evidentialLoss(alpha, y, { klWeight: fixture.klWeight });
    expect(maxRelErr(perSample, fixture.edlPerSample)).toBeLessThan(2e-5);
    const targets = tf.oneHot(tf.cast(y, 'int32'), fixture.K);
    expect(maxRelErr(evidentialLoss(alpha, targets, { klWeight: fixture.klWeight }), fixture.edlPerSample)).toBeLessThan(2e-5);
    const allAlpha = tf.add(tf.tensor3d(fixture.evidence), 1);
    expect(maxRelErr(klToUniformDirichlet(allAlpha), fixture.klUniform, 1)).toBeLessThan(1e-5); // absolute below 1
    tf.dispose([alpha, y, perSample, targets, allAlpha]);
  });

  it('gradient in α by finite differences (KL weight 0.3, soft targets too)', () => {
    const alpha = tf.tensor2d([[1.5, 2.2, 1.1], [3, 1.2, 1.7]]);
    const y = tf.tensor1d([1, 2]);
    const [err] = gradCheck((a) => tf.sum(evidentialLoss(a, y, { klWeight: 0.3 })) as tf.Scalar, [alpha]);
    expect(err).toBeLessThan(3e-3);
    const soft = tf.tensor2d([[0.1, 0.8, 0.1], [0.05, 0.05, 0.9]]);
    const [errSoft] = gradCheck((a) => tf.sum(evidentialLoss(a, soft, { klWeight: 0.3 })) as tf.Scalar, [alpha]);
    expect(errSoft).toBeLessThan(3e-3);
    tf.dispose([alpha, y, soft]);
  });

  it('annealingCoefficient = min(1, step / steps); bad options and shapes are named errors; no leaks', () => {
    expect(annealingCoefficient(0, 50)).toBe(0);
    expect(annealingCoefficient(1, 50)).toBe(0.02);
    expect(annealingCoefficient(50, 50)).toBe(1);
    expect(annealingCoefficient(400, 50)).toBe(1);
    expect(() => annealingCoefficient(1, 0)).toThrow(OptionError);
    const alpha = tf.tensor2d([[2, 1]]);
    expect(() => evidentialLoss(alpha, tf.tensor1d([0, 1]))).toThrow(ShapeError);
    expect(() => evidentialLoss(alpha, tf.tensor1d([0]), { klWeight: -1 })).toThrow(OptionError);
    const y = tf.tensor1d([1]);
    const before = tf.memory().numTensors;
    evidentialLoss(alpha, y, { klWeight: 0.5 }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([alpha, y]);
  });
});
