import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, OptionError } from '../index';
import { dropout, dropoutMask } from './dropout';

describe('dropout', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('same seed gives the same mask; another seed another mask', () => {
    const x = tf.ones([64, 64]);
    const a = dropout(x, 0.3, 11).dataSync();
    const b = dropout(x, 0.3, 11).dataSync();
    const c = dropout(x, 0.3, 12).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('drops about `rate` of the entries and scales the rest by 1/(1 - rate)', () => {
    const y = dropout(tf.ones([100, 100]), 0.3, 5).dataSync();
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.02); // 10,000 draws: sd ≈ 0.0046
    y.filter((v) => v !== 0).forEach((v) => expect(v).toBeCloseTo(1 / 0.7, 6));
  });

  it('rate 0 is the identity; a rate outside [0, 1) is an OptionError', () => {
    expect(dropout(tf.tensor1d([1, 2]), 0, 1).arraySync()).toEqual([1, 2]);
    expect(() => dropout(tf.ones([2]), 1, 1)).toThrow(OptionError);
  });
});

describe('dropoutMask', () => {
  it('keeps about 1 - rate of the entries at 1/(1 - rate), deterministically in the seed', () => {
    const m = dropoutMask(20000, 0.25, 3);
    expect(Array.from(m)).toEqual(Array.from(dropoutMask(20000, 0.25, 3)));
    const kept = m.filter((v) => v !== 0);
    expect(Math.abs(kept.length / m.length - 0.75)).toBeLessThan(0.015); // sd ≈ 0.003
    kept.forEach((v) => expect(v).toBeCloseTo(1 / 0.75, 6));
  });

  it('the gradient of dropout is the mask', () => {
    const x = tf.ones([8, 16]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(dropout(v, 0.5, 9)))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(dropoutMask(128, 0.5, 9)));
  });
});
