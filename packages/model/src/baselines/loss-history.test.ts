import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { gradCheck } from '../../../../tools/testing/grad-check';
import { LossHistory, historyRankingLoss } from './loss-history';

describe("QMF's loss history and ranking regulariser", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('accumulates per sample, grows on demand, and min-max normalises over every stored sample (unseen = 0)', () => {
    const h = new LossHistory();
    h.add(Int32Array.from([0, 3]), Float32Array.from([0.5, 2]));
    h.add(Int32Array.from([3, 1]), Float32Array.from([1, 1.5]));
    // sums: [0.5, 1.5, 0 (unseen), 3]
    expect(Array.from(h.normalized(Int32Array.from([0, 1, 2, 3])))).toEqual([0.5 / 3, 0.5, 0, 1].map(Math.fround));
    h.add(Int32Array.from([10]), Float32Array.from([0]));
    expect(Array.from(h.normalized(Int32Array.from([10, 3])))).toEqual([0, 1]);
    expect(Array.from(new LossHistory().normalized(Int32Array.from([0])))).toEqual([0]);
  });

  it('hand values: pairs (i, i + 1 mod B), max(0, sign(h_i − h_j)(c_i − c_j) − |h_i − h_j|), mean', () => {
    // h = (1, 0, 0.5), c = (0.9, 0.1, 0.3): pairs (0,1): 0.8 − 1 -> 0; (1,2): −(−0.2) − 0.5 -> 0; (2,0): −(0.3 − 0.9) − 0.5 = 0.1
    const l = historyRankingLoss(tf.tensor1d([0.9, 0.1, 0.3]), Float32Array.from([1, 0, 0.5]));
    expect(l.dataSync()[0]).toBeCloseTo(0.1 / 3, 6);
    // the sample with more loss is more confident than its neighbour by more than the margin
    const l2 = historyRankingLoss(tf.tensor1d([2, 0]), Float32Array.from([0.6, 0.4]));
    expect(l2.dataSync()[0]).toBeCloseTo(1.8, 6); // with B = 2 both orders of the pair count: (2 − 0) − 0.2 twice
    // equal histories cost nothing
    expect(historyRankingLoss(tf.tensor1d([5, -5]), Float32Array.from([0.3, 0.3])).dataSync()[0]).toBe(0);
    tf.dispose([l, l2]);
  });

  it('gradient in the confidences by finite differences; no leaks', () => {
    const c = tf.tensor1d([0.9, 0.1, 0.35, 1.4]);
    const h = Float32Array.from([1, 0, 0.5, 0.2]);
    const [err] = gradCheck((x) => historyRankingLoss(x, h), [c], 1e-3);
    expect(err).toBeLessThan(1e-2);
    const before = tf.memory().numTensors;
    historyRankingLoss(c, h).dispose();
    expect(tf.memory().numTensors).toBe(before);
    c.dispose();
  });
});
