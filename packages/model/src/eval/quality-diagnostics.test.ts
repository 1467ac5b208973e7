import { describe, expect, it } from 'vitest';
import { qualityDiagnostics } from './quality-diagnostics';
import { routingByConfig } from './run-experiment';

const f = (a: number[]) => Float32Array.from(a);

describe('qualityDiagnostics', () => {
  // slots: q = [.9 .8 .2 .4 | .85 .1 .7 .3], true quality = [1 1 0 .5 | .5 0 1 .5]
  const est = [f([0.9, 0.8, 0.2, 0.4]), f([0.85, 0.1, 0.7, 0.3])];
  const truth = [f([1, 1, 0, 0.5]), f([0.5, 0, 1, 0.5])];

  it('gives hand-checked figures on a known input', () => {
    const d = qualityDiagnostics(est, truth);
    expect(d.spearman).toBeCloseTo(0.7937253933193772, 6); // scipy.stats.spearmanr
    expect(d.aucPresentVsMissing).toBe(1); // every present slot scores above both missing ones
    expect(d.aucCleanVsNoisy).toBeCloseTo(7 / 9, 6); // clean {.9,.8,.7} vs noisy {.4,.85,.3}: 7 of 9 pairs ordered
    expect(d.meanQClean).toBeCloseTo(0.8, 6);
    expect(d.meanQNoisy).toBeCloseTo((0.4 + 0.85 + 0.3) / 3, 6);
    expect(d.meanQMissing).toBeCloseTo(0.15, 6);
    expect(d.meanQPerModality[0]).toBeCloseTo(0.575, 6);
    expect(d.meanQPerModality[1]).toBeCloseTo(0.4875, 6);
  });

  it('returns null where a figure is undefined', () => {
    const clean = qualityDiagnostics([f([0.2, 0.9, 0.4])], [f([1, 1, 1])]);
    expect(clean.spearman).toBeNull(); // constant truth
    expect(clean.aucPresentVsMissing).toBeNull();
    expect(clean.aucCleanVsNoisy).toBeNull();
    expect(clean.meanQNoisy).toBeNull();
    expect(clean.meanQMissing).toBeNull();
    expect(clean.meanQClean).toBeCloseTo(0.5, 6);
    const flatQ = qualityDiagnostics([f([0.5, 0.5])], [f([1, 0])]);
    expect(flatQ.spearman).toBeNull(); // constant q
    expect(flatQ.aucPresentVsMissing).toBe(0.5);
  });

  it('scores an inverted estimate as AUC 0 and a negative correlation', () => {
    const d = qualityDiagnostics([f([0.1, 0.2, 0.9])], [f([1, 1, 0])]);
    expect(d.aucPresentVsMissing).toBe(0);
    expect(d.spearman!).toBeLessThan(0);
  });
});

describe('routingByConfig', () => {
  // 3 rows, k = 2: experts {0,1}, {1,2}, {0,2}; κ rows 10, 10, 11
  const top = Int32Array.from([0, 1, 1, 2, 0, 2]);

  it('gives the share of selections per expert within each configuration', () => {
    const r = routingByConfig(top, 2, Uint8Array.from([1, 0, 1, 0, 1, 1]), 2);
    expect(Object.keys(r).sort()).toEqual(['10', '11']);
    expect(r['10']).toEqual([0.25, 0.5, 0.25]);
    expect(r['11']).toEqual([0.5, 0, 0.5]);
  });

  it("groups everything under 'all' without κ", () => {
    const r = routingByConfig(top, 2, null, 2);
    expect(Object.keys(r)).toEqual(['all']);
    r.all.forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
  });
});
