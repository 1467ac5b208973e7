import { describe, it, expect } from 'vitest';
import { auilcTable, bucketTableOf, markdownTable, metricTableOf, pairedTable, qualityTable, toMarkdown } from './tables';
import { buckets, row } from './rows.testutil';

const rows = [
  row('umq', 'clean', null, 1, 0.9), row('umq', 'clean', null, 2, 0.8),
  row('umq', 'noise', 0.5, 1, 0.7), row('umq', 'noise', 0.5, 2, 0.5),
  row('late-fusion', 'clean', null, 1, 0.85), row('late-fusion', 'clean', null, 2, 0.75),
  row('late-fusion', 'noise', 0.5, 1, 0.5), row('late-fusion', 'noise', 0.5, 2, 0.5),
];

describe('report tables', () => {
  it('lays out settings down and models across, mean±std over seeds in %', () => {
    expect(metricTableOf(rows, 'accuracy')).toEqual({ head: ['setting', 'umq', 'late-fusion'], rows: [['clean', '85.0±7.1', '80.0±7.1'], ['noise 0.5', '60.0±14.1', '50.0±0.0']] });
    expect(markdownTable(rows, 'accuracy')).toBe('| setting | umq | late-fusion |\n|---|---|---|\n| clean | 85.0±7.1 | 80.0±7.1 |\n| noise 0.5 | 60.0±14.1 | 50.0±0.0 |');
    expect(toMarkdown({ head: ['a|b'], rows: [['c']] })).toBe('| a\\|b |\n|---|\n| c |');
  });

  it('pairs seeds for differences and integrates from the clean point for AUILC', () => {
    const paired = pairedTable(rows, 'accuracy', { model: 'umq', variant: 'default' }, { model: 'late-fusion', variant: 'default' });
    expect(paired.split('\n').slice(2)).toEqual(['| clean | 5.0±0.0 | 2/2 |', '| noise 0.5 | 10.0±14.1 | 1/2 |']);
    // umq: the clean point (0, 0.85), then (0.5, 0.6): trapezoid 0.5 * (0.85 + 0.6) / 2 = 0.3625
    const au = auilcTable(rows, 'accuracy').split('\n')[2].split('|').map((s) => s.trim());
    expect(au[1]).toBe('noise');
    expect(Number(au[2])).toBeCloseTo(0.3625, 2); // shown with 3 decimals
    expect(qualityTable(rows)).toBe('');
  });

  it('tabulates accuracy by true-quality bucket with the samples behind each cell', () => {
    const b = [row('umq', 'noise', 0.5, 1, 0.7, { qualityBuckets: buckets([4, 6], [2, 6]) }), row('umq', 'noise', 0.5, 2, 0.5, { qualityBuckets: buckets([4, 6], [3, 3]) })];
    expect(bucketTableOf(b)).toEqual({ head: ['model', 'q 0–0.5', 'q 0.5–1'], rows: [['umq', '62.5±17.7 (8)', '75.0±35.4 (12)']] });
    expect(bucketTableOf(rows)).toBeNull();
  });
});
