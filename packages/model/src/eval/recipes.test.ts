import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@umq/core';
import { makeSynthetic } from '@umq/datasets';
import { prepareSplits, RECIPE_TRAINING } from './recipes';
import { parseSetting, settingCorruptions, settingKey, settingsFor } from './settings';

describe('recipes', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const ds = makeSynthetic({ samples: 250, seed: 4 });

  it("'rcml': a random 80/20 split drawn from the run seed, min-max scaling fitted on every sample, no validation", () => {
    const a = prepareSplits(ds, 'rcml', 1);
    expect(a.valid).toBeNull();
    expect(a.train.labels.length).toBe(200);
    expect(a.test.labels.length).toBe(50);
    expect(a.scaler.method).toBe('minmax');
    for (const m of a.whole.data) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of m.values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      expect(lo).toBeCloseTo(0, 6); // over the whole data set: 0 and 1 are reached
      expect(hi).toBeCloseTo(1, 6);
    }
    const b = prepareSplits(ds, 'rcml', 2);
    expect(Array.from(b.test.labels)).not.toEqual(Array.from(a.test.labels)); // another seed, another split
    expect(Array.from(prepareSplits(ds, 'rcml', 1).test.features[0].values)).toEqual(Array.from(a.test.features[0].values));
    expect(RECIPE_TRAINING.rcml).toMatchObject({ epochs: 500, batchSize: 200, learningRate: 3e-3, weightDecay: 1e-5, weightDecayMode: 'coupled', patience: null });
  });

  it("'default': the data set's own test split, a validation split, standardisation fitted on train", () => {
    const d = prepareSplits(ds, 'default', 1);
    expect(d.valid).not.toBeNull();
    expect(d.scaler.method).toBe('standard');
    expect(d.test.labels.length).toBe(ds.indices('test').length);
    expect(() => prepareSplits(ds, 'tmc' as never, 1)).toThrow(/unknown recipe "tmc": use one of default, rcml/);
  });

  it("the conflict setting trains clean and validates and tests on RCML's conflictive instances", () => {
    const s = parseSetting('conflict');
    expect(s).toEqual({ kind: 'conflict', protocol: { kind: 'conflict' } });
    expect(settingCorruptions(s)).toEqual({ train: { kind: 'clean' }, valid: { kind: 'conflict' }, test: { kind: 'conflict' } });
    expect(settingKey(parseSetting('conflict:0.3:donor=first'))).toEqual({ protocol: 'conflict', rate: 0.3 });
    expect(settingsFor('conflict', [0.1, 0.5])).toEqual([s]); // rates do not apply
  });
});
