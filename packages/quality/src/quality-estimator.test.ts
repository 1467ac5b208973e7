import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, Rng, ShapeError, OptionError } from '@umq/core';
import { QualityEstimator } from './quality-estimator';
import { UnimodalHeads, unimodalLoss } from './unimodal-heads';
import { addNoise } from './add-noise';
import { qualityLosses } from './quality-losses';

describe('QualityEstimator and UnimodalHeads', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('scores stacked [M, N, d] rows in (0, 1), one estimator per modality (M = 2 and 4)', () => {
    for (const M of [2, 4]) {
      const qe = new QualityEstimator({ modalities: M, features: 6, seed: 1 });
      const u = tf.randomNormal([M, 5, 6], 0, 1, 'float32', 3);
      const q = qe.call(u);
      expect(q.shape).toEqual([M, 5]);
      const v = q.dataSync();
      expect(Math.min(...v)).toBeGreaterThan(0);
      expect(Math.max(...v)).toBeLessThan(1);
      // modality 0's scores depend only on modality 0's rows and network
      const g0 = (p: tf.Tensor) => tf.squeeze(tf.slice(p, [0, 0, 0].slice(0, p.rank), [1, -1, -1].slice(0, p.rank)), [0]);
      const h = tf.relu(tf.add(tf.matMul(g0(u) as tf.Tensor2D, g0(qe.nets.l1.weight) as tf.Tensor2D), g0(qe.nets.l1.bias!)));
      const single = tf.sigmoid(tf.add(tf.matMul(h as tf.Tensor2D, g0(qe.nets.l2.weight) as tf.Tensor2D), g0(qe.nets.l2.bias!))).dataSync();
      Array.from(single).forEach((s, i) => expect(v[i]).toBeCloseTo(s, 6));
      expect(qe.stateDict()['qe.l2.bias'].shape).toEqual([M, 1]);
      expect(qe.stateDict()['qe.l1.weight'].shape).toEqual([M, 6, 3]); // stacked, d -> d/2
      qe.dispose();
    }
  });

  it('same seed, same weights; config round trip; registered class name', () => {
    const a = new QualityEstimator({ modalities: 3, features: 8, seed: 7 });
    const b = new QualityEstimator({ modalities: 3, features: 8, seed: 7 });
    expect(Array.from(a.parameters()[0].dataSync())).toEqual(Array.from(b.parameters()[0].dataSync()));
    expect(a.getConfig()).toEqual({ modalities: 3, features: 8, hidden: 4, seed: 7 });
    expect(QualityEstimator.className).toBe('umq.QualityEstimator');
    a.dispose();
    b.dispose();
  });

  it('rejects bad options and shapes with named errors that say what to pass', () => {
    expect(() => new QualityEstimator({ modalities: 1, features: 8 })).toThrow(OptionError);
    const qe = new QualityEstimator({ modalities: 3, features: 8 });
    const err = (() => {
      try {
        qe.call(tf.zeros([2, 4, 8]));
      } catch (e) {
        return e as ShapeError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err!.code).toBe('E_SHAPE');
    expect(err!.message).toMatch(/\[M=3, N, d=8\].*got \[2, 4, 8\]/);
    expect(() => qe.call(tf.zeros([4, 8]))).toThrow(ShapeError);
    qe.dispose();
  });

  it('heads give [M, B, out] logits and L_uni = mean of the per-sample losses', () => {
    const heads = new UnimodalHeads({ modalities: 3, features: 8, outFeatures: 4, seed: 2 });
    const u = tf.randomNormal([3, 5, 8], 0, 1, 'float32', 1);
    const logits = heads.call(u);
    expect(logits.shape).toEqual([3, 5, 4]);
    const { perSample, loss } = unimodalLoss(logits, tf.tensor1d([0, 1, 2, 3, 1]), 'multiclass');
    expect(perSample.shape).toEqual([3, 5]);
    expect(loss.dataSync()[0]).toBeCloseTo(tf.mean(perSample).dataSync()[0], 6);
    heads.dispose();
  });

  it('a full quality-training step (Eq 16-21 + L_uni, Adam) leaks no tensors', () => {
    const M = 3, B = 8, d = 8;
    const qe = new QualityEstimator({ modalities: M, features: d, seed: 1 });
    const heads = new UnimodalHeads({ modalities: M, features: d, outFeatures: 1, seed: 2, dropout: 0.1 });
    const u = tf.randomNormal([M, B, d], 0, 1, 'float32', 5);
    const y = tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1]);
    const opt = tf.train.adam(1e-2);
    const rng = new Rng(11);
    const step = () =>
      opt.minimize(() => {
        const { perSample, loss: uni } = unimodalLoss(heads.call(u, { training: true, rng }), y, 'binary');
        const q = qe.call(u);
        const qLow = qe.call(tf.randomNormal([M, B, d], 0, 1, 'float32', rng.tfSeed()));
        const qNoisy = qe.call(addNoise(u, rng.tfSeed()).noisy);
        const l = qualityLosses({ q, qLow, qNoisy, ell: perSample }, { theta: 0.5, mu: 0.1 });
        return tf.add(l.total, uni) as tf.Scalar;
      }, false, [...qe.parameters(), ...heads.parameters()]);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    qe.dispose();
    heads.dispose();
  });

  it('training separates pure noise from clean rows (L_low, L_noise)', () => {
    const M = 2, B = 16, d = 8;
    const qe = new QualityEstimator({ modalities: M, features: d, seed: 4 });
    const u = tf.add(tf.randomNormal([M, B, d], 0, 0.3, 'float32', 2), 2); // clean rows far from N(0, I)
    const ell = tf.randomUniform([M, B], 0, 1, 'float32', 3);
    const opt = tf.train.adam(3e-2);
    const rng = new Rng(1);
    for (let i = 0; i < 60; i++) {
      opt.minimize(() => {
        const q = qe.call(u);
        const qLow = qe.call(tf.randomNormal([M, B, d], 0, 1, 'float32', rng.tfSeed()));
        const qNoisy = qe.call(addNoise(u, rng.tfSeed()).noisy);
        return qualityLosses({ q, qLow, qNoisy, ell }, { mu: 0.1 }).total;
      }, false, qe.parameters());
    }
    const qClean = tf.mean(qe.call(u)).dataSync()[0];
    const qNoise = tf.mean(qe.call(tf.randomNormal([M, 64, d], 0, 1, 'float32', 99))).dataSync()[0];
    expect(qNoise).toBeLessThan(0.2);
    expect(qClean).toBeGreaterThan(qNoise + 0.3);
    qe.dispose();
  });
});
