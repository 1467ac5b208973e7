import { describe, it, expect } from 'vitest';
import { summarizeRows } from './summarize';
import { bucketCurve, bucketLabels, curvePoints } from './curves';
import { buckets, row } from './rows.testutil';

const umq = { model: 'umq', variant: 'default' };

describe('curvePoints', () => {
  it('starts every rated curve at the clean result (rate 0), with mean ± std over seeds', () => {
    const rows = [row('umq', 'clean', null, 1, 0.9), row('umq', 'clean', null, 2, 0.8), row('umq', 'noise', 0.5, 1, 0.7), row('umq', 'noise', 0.5, 2, 0.5)];
    const pts = curvePoints(summarizeRows(rows), umq, 'noise', 'accuracy');
    expect(pts.map((p) => p.x)).toEqual([0, 0.5]);
    expect(pts[0].mean).toBeCloseTo(0.85, 12);
    expect(pts[0].std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12); // sample std of 0.9, 0.8
    expect(pts[1]).toMatchObject({ n: 2 });
    expect(pts[1].mean).toBeCloseTo(0.6, 12);
  });

  it('keeps a measured rate-0 point instead of the clean one, and has no clean point without clean rows', () => {
    const rows = [row('umq', 'clean', null, 1, 0.9), row('umq', 'noise', 0, 1, 0.88), row('umq', 'missing', 0.3, 1, 0.6)];
    expect(curvePoints(summarizeRows(rows), umq, 'noise', 'accuracy').map((p) => p.mean)).toEqual([0.88]);
    expect(curvePoints(summarizeRows(rows.slice(1)), umq, 'missing', 'accuracy').map((p) => p.x)).toEqual([0.3]);
  });
});

describe('bucketCurve', () => {
  it('pools each seed over its settings, then takes mean ± std over seeds', () => {
    const rows = [
      row('umq', 'noise', 0.3, 1, 0.7, { qualityBuckets: buckets([2, 8], [1, 6]) }),
      row('umq', 'missing', 0.3, 1, 0.7, { qualityBuckets: buckets([2, 8], [1, 8]) }), // seed 1: 2/4, 14/16
      row('umq', 'noise', 0.3, 2, 0.7, { qualityBuckets: buckets([0, 10], [0, 5]) }), // seed 2: -, 5/10
      row('late-fusion', 'noise', 0.3, 1, 0.6),
    ];
    const c = bucketCurve(rows, umq)!;
    expect(c.samples).toEqual([4, 26]);
    expect(c.points.map((p) => [p.x, p.n])).toEqual([[0.25, 1], [0.75, 2]]);
    expect(c.points[0].mean).toBe(0.5);
    expect(c.points[1].mean).toBeCloseTo((14 / 16 + 0.5) / 2, 12);
    expect(c.points[1].std).toBeCloseTo(Math.abs(14 / 16 - 0.5) / Math.SQRT2, 12);
    expect(bucketCurve(rows, { model: 'late-fusion', variant: 'default' })).toBeNull();
  });

  it('labels bucket centres by their edges', () => {
    expect(Object.values(bucketLabels([0, 0.2, 0.4]))).toEqual(['0–0.2', '0.2–0.4']);
  });
});
