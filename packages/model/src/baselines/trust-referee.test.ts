import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, EVAL } from '@umq/core';
import { TrustReferee, refereeTargets } from './trust-referee';

describe('trust referee', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('trust = (e_t + 1) / (e_t + e_d + 2), the projected probability of its binomial opinion', () => {
    const r = new TrustReferee({ inFeatures: 3, seed: 1 });
    const x = tf.tensor2d([[0.5, -1, 2], [0, 0, 0]]);
    const { evidence, trust } = r.call(x, EVAL);
    const e = evidence.arraySync() as number[][];
    const t = Array.from(trust.dataSync());
    e.forEach(([et, ed], i) => expect(t[i]).toBeCloseTo((et + 1) / (et + ed + 2), 6));
    expect(e.flat().every((v) => v >= 0)).toBe(true);
    tf.dispose([x, evidence, trust]);
    r.dispose();
  });

  it('targets: (s, 1 − s) when the view is right, (1 − s, s) when wrong', () => {
    const t = refereeTargets(tf.tensor1d([1, 0, 1]), 0.9);
    expect((t.arraySync() as number[][]).map((r) => r.map((v) => Math.round(v * 100) / 100))).toEqual([[0.9, 0.1], [0.1, 0.9], [0.9, 0.1]]);
    expect(() => refereeTargets(tf.tensor1d([1]), 0.3)).toThrow(/smoothing/);
    t.dispose();
  });
});
