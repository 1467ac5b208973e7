import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { perSampleTaskLoss } from './task-loss';

describe('perSampleTaskLoss', () => {
  beforeAll(async () => {
    await initEngine();
  });
  it('binary matches -y log σ(z) - (1-y) log(1-σ(z)), stable for large |z|', () => {
    const z = [0.3, -1, 40, -40];
    const y = [1, 0, 0, 1];
    const l = perSampleTaskLoss(tf.tensor2d(z, [4, 1]), tf.tensor1d(y), 'binary').arraySync() as number[];
    const ref = z.map((zi, i) => (y[i] ? Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))));
    l.forEach((v, i) => expect(v).toBeCloseTo(ref[i], 4));
  });
  it('multiclass equals log-sum-exp minus the true logit, with leading axes broadcast', () => {
    const logits = tf.tensor3d([[[1, 2, 3], [0, 0, 0]], [[3, 2, 1], [1, 0, -1]]]); // [M=2, B=2, C=3]
    const l = perSampleTaskLoss(logits, tf.tensor1d([2, 0]), 'multiclass').arraySync() as number[][];
    const lse = (v: number[]) => Math.log(v.reduce((s, x) => s + Math.exp(x), 0));
    expect(l[0][0]).toBeCloseTo(lse([1, 2, 3]) - 3, 5);
    expect(l[0][1]).toBeCloseTo(lse([0, 0, 0]) - 0, 5);
    expect(l[1][0]).toBeCloseTo(lse([3, 2, 1]) - 1, 5);
    expect(l[1][1]).toBeCloseTo(lse([1, 0, -1]) - 1, 5);
  });
  it('regression is the squared error; label shape is checked', () => {
    const l = perSampleTaskLoss(tf.tensor2d([[1], [2]]), tf.tensor1d([0, 4]), 'regression').arraySync();
    expect(l).toEqual([1, 4]);
    expect(() => perSampleTaskLoss(tf.tensor2d([[1], [2]]), tf.tensor1d([0]), 'regression')).toThrow(/labels have shape/);
  });
});
