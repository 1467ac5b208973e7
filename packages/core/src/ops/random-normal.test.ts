import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf, OptionError } from '../index';
import { fillSeededNormal, seededRandomNormal } from './random-normal';

const bits = (t: tf.Tensor): Buffer => Buffer.from((t.dataSync() as Float32Array).slice().buffer);

describe('seededRandomNormal', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("gives tf.randomNormal's values to the bit: odd and even sizes, large and small seeds, a mean and a std", () => {
    for (const [shape, seed, mean, std] of [[[6, 64, 64], 12345, 0, 1], [[7], 1, 0, 1], [[3, 5], 4294967295, 2, 0.5], [[1], 77, 0, 1], [[2, 3, 1], 3.5, -1, 3]] as const) {
      const ours = seededRandomNormal([...shape], seed, mean, std);
      const theirs = tf.randomNormal([...shape], mean, std, 'float32', seed);
      expect(ours.shape).toEqual(theirs.shape);
      expect(bits(ours).equals(bits(theirs))).toBe(true);
      tf.dispose([ours, theirs]);
    }
    expect(Array.from(fillSeededNormal(new Float32Array(5), 9))).toEqual(Array.from(tf.randomNormal([5], 0, 1, 'float32', 9).dataSync()));
  });

  it('leaves no tensor behind; an empty shape and a zero seed go through tfjs; bad arguments are OptionErrors naming them', () => {
    const before = tf.memory().numTensors;
    tf.dispose(seededRandomNormal([4, 4], 3));
    expect(tf.memory().numTensors).toBe(before);
    const empty = seededRandomNormal([0, 3], 5);
    expect(empty.shape).toEqual([0, 3]);
    const unseeded = seededRandomNormal([2], 0);
    expect(unseeded.shape).toEqual([2]);
    tf.dispose([empty, unseeded]);
    expect(() => seededRandomNormal([2, -1], 1)).toThrow(/shape/);
    expect(() => seededRandomNormal([2], Number.NaN)).toThrow(OptionError);
  });
});
