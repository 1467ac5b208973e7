import { describe, it, expect } from 'vitest';
import { qualityBuckets } from './quality-buckets';
import { taskMetrics } from './task-metrics';

describe('qualityBuckets', () => {
  it('places samples by the mean true quality of their modalities and counts the correct ones', () => {
    // four samples, two modalities: mean quality 1, 0.5, 0.25 (0.5 and 0), 0 (both missing)
    const truth = [Float32Array.from([1, 0.5, 0.5, 0]), Float32Array.from([1, 0.5, 0, 0])];
    const b = qualityBuckets('binary', Float32Array.from([1, -1, 0, 3]), 1, Float32Array.from([1, 1, 0, 1]), truth, 4);
    expect(b.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(b.count).toEqual([1, 1, 1, 1]); // 0 -> [0, .25); 0.25 -> [.25, .5); 0.5 -> [.5, .75); 1 -> last bucket
    expect(b.correct).toEqual([1, 1, 0, 1]); // logit 0 predicts 0 (strict > 0), as binaryMetrics does
    expect(b.metric).toBe('accuracy');
  });

  it('pooled over buckets it equals the task metric (multiclass and regression acc2Non0)', () => {
    const logits = Float32Array.from([0.1, 2, -1, 3, 0, 0.5, 1, 1, 4]);
    const labels = Float32Array.from([1, 0, 2]);
    const truth = [Float32Array.from([0.9, 0.1, 0.5])];
    const m = qualityBuckets('multiclass', logits, 3, labels, truth);
    const total = (xs: number[]) => xs.reduce((a, c) => a + c, 0);
    expect(total(m.correct) / total(m.count)).toBeCloseTo(taskMetrics('multiclass', logits, 3, labels).accuracy as number, 12);

    const rl = Float32Array.from([1.2, -0.3, 0.4, -2, 0.8]);
    const ry = Float32Array.from([2, 0, -1, -1.5, 0.5]);
    const r = qualityBuckets('regression', rl, 1, ry, [Float32Array.from([1, 1, 0.3, 0, 0.7])]);
    expect(r.metric).toBe('acc2Non0');
    expect(total(r.count)).toBe(4); // the zero label is left out, as acc2Non0 does
    expect(total(r.correct) / total(r.count)).toBeCloseTo(taskMetrics('regression', rl, 1, ry).acc2Non0 as number, 12);
  });
});
