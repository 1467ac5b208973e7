import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { scoreQuality, snapQuality } from './quality-stage';
import type { QualityEstimatorPart } from '../components';

beforeAll(async () => {
  await initEngine();
});

/** An estimator that returns fixed scores `[M, B]` whatever it reads. */
const fixed = (q: number[][]): QualityEstimatorPart => ({ call: () => tf.tensor2d(q) }) as unknown as QualityEstimatorPart;

describe('snapQuality and scoreQuality', () => {
  it('snaps q below s to 0 and above 1 - s to 1, leaving the middle as it is', () => {
    const q = tf.tensor2d([[0.05, 0.2, 0.5, 0.8, 0.95]]);
    const got = snapQuality(q, 0.25).dataSync();
    expect(Array.from(got).map((v) => +v.toFixed(6))).toEqual([0, 0, 0.5, 1, 1]);
    q.dispose();
  });

  it('passes the gradient of q where it is not snapped and none where it is', () => {
    const q = tf.tensor2d([[0.05, 0.5, 0.95]]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(snapQuality(x, 0.2), tf.tensor2d([[2, 3, 4]]))))(q);
    expect(Array.from(g.dataSync())).toEqual([0, 3, 0]);
    tf.dispose([q, g]);
  });

  it('with snap, the later stages read the snapped q while q itself stays as estimated', () => {
    const before = tf.memory().numTensors;
    const u = tf.zeros([2, 3, 4]);
    const s = scoreQuality(fixed([[0.1, 0.5, 0.9], [0.95, 0.3, 0.02]]), u, null, { taskGradient: false, oracle: null, snap: 0.15 });
    expect(Array.from(s.q.dataSync()).map((v) => +v.toFixed(4))).toEqual([0.1, 0.5, 0.9, 0.95, 0.3, 0.02]);
    expect(Array.from(s.used.dataSync()).map((v) => +v.toFixed(4))).toEqual([0, 0.5, 1, 1, 0.3, 0]);
    expect(Array.from(s.selecting.dataSync()).map((v) => +v.toFixed(4))).toEqual([0, 0.5, 1, 1, 0.3, 0]);
    tf.dispose([u, s.q, s.used, s.selecting]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("with snap and a training step's draws, the enhancer's noisy copy reads its q snapped as well", () => {
    const before = tf.memory().numTensors;
    const u = tf.zeros([2, 1, 4]);
    const copy = { u: tf.zeros([2, 1, 4]), rate: tf.zeros([2, 1]) };
    const draws = { pureNoise: tf.zeros([2, 1, 4]), forNoiseRank: copy, forEnhancer: copy };
    // one estimator call scores [u; ε; AddNoise(u); AddNoise(u)]: columns q, pure noise, noisy, the enhancer's copy
    const s = tf.tidy(() => scoreQuality(fixed([[0.9, 0.05, 0.5, 0.1], [0.5, 0.02, 0.4, 0.92]]), u, draws, { taskGradient: false, oracle: null, snap: 0.15 }) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof scoreQuality>;
    expect(Array.from(s.auxiliary!.enhancerInput.dataSync()).map((v) => +v.toFixed(4))).toEqual([0, 1]);
    expect(Array.from(s.used.dataSync()).map((v) => +v.toFixed(4))).toEqual([1, 0.5]);
    expect(Array.from(s.auxiliary!.noisy!.dataSync()).map((v) => +v.toFixed(4))).toEqual([0.5, 0.4]); // the rank losses' rows stay as estimated
    tf.dispose([u, copy.u, copy.rate, draws.pureNoise, s.q, s.used, s.selecting, s.auxiliary!.pureNoise!, s.auxiliary!.noisy!, s.auxiliary!.enhancerInput]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
