import { describe, it, expect } from 'vitest';
import { buildReport } from './build';
import { buckets, row } from './rows.testutil';

const rows = [1, 2, 3].flatMap((seed) => [
  row('umq', 'clean', null, seed, 0.9 - seed / 100, { qualityBuckets: buckets([0, 10], [0, 9]), meanQuality: [0.9, 0.8], routing: { '11': [0.5, 0.5] } }),
  row('umq', 'noise', 0.5, seed, 0.7 - seed / 50, { qualityBuckets: buckets([6, 4], [3, 4]), meanQuality: [0.5, 0.4], routing: { '01': [0.9, 0.1] } }),
  row('late-fusion', 'clean', null, seed, 0.88, { qualityBuckets: buckets([0, 10], [0, 9]) }),
  row('late-fusion', 'noise', 0.5, seed, 0.6, { qualityBuckets: buckets([6, 4], [2, 4]) }),
]);

describe('buildReport', () => {
  const report = buildReport({ meta: { dataset: 'synthetic', seconds: 90 }, rows });

  it('writes every plot, the rate curves starting at the clean point with ± std bands', () => {
    expect(report.plots.map((p) => p.name)).toEqual(['accuracy-vs-noise.svg', 'accuracy-by-true-quality.svg', 'routing-by-configuration.svg', 'quality-vs-noise.svg']);
    const noise = report.plots[0].svg;
    expect(noise).toContain('>0<'); // the clean point's x tick
    expect(noise.match(/<polygon /g)).toHaveLength(1); // umq varies over seeds; late-fusion (std 0) has no band
    expect(noise).toContain('band: ± std over 3 seeds');
    expect(report.plots[1].svg).toContain('>0–0.5<');
  });

  it('renders the tables as HTML, leading with the headline metric, readable in light and dark', () => {
    const { html } = report;
    expect(html).not.toContain('<pre>');
    expect(html.indexOf('<section id="accuracy">')).toBeLessThan(html.indexOf('<svg'));
    expect(html).toContain('<th scope="row">noise 0.5</th>');
    expect(html).toContain('<th scope="col">q 0–0.5</th>');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('12 runs: 2 model(s) × 2 setting(s) × 3 seed(s), 1.5 min.');
  });

  it('keeps the Markdown sections and adds the bucket table; rows without buckets give no bucket plot', () => {
    expect(report.markdown).toMatch(/^# Results: synthetic\n/);
    for (const h of ['## accuracy', '## weightedF1', '### umq − late-fusion (accuracy, seed-paired, points)', '## AUILC of accuracy', '## accuracy by true quality of the sample']) expect(report.markdown).toContain(h);
    expect(report.markdown).toContain('| umq | 50.0±0.0 (18) | 92.9±0.0 (42) |'); // per seed: 3/6, and (9 + 4)/(10 + 4)
    const plain = buildReport({ meta: {}, rows: rows.map(({ qualityBuckets: _b, ...r }) => r) });
    expect(plain.plots.map((p) => p.name)).not.toContain('accuracy-by-true-quality.svg');
    expect(plain.html).not.toContain('by true quality');
  });
});
