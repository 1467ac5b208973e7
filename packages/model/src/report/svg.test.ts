import { describe, it, expect } from 'vitest';
import { barChart, linePlot, niceTicks } from './svg';

const opts = { title: 'acc <noise>', xLabel: 'rate', yLabel: 'accuracy (%)' };

describe('linePlot', () => {
  it('draws a ± std band around a curve with a known std, and none without', () => {
    const withStd = linePlot([{ label: 'umq', points: [{ x: 0, y: 90, std: 1 }, { x: 0.5, y: 80, std: 2 }] }], opts);
    expect(withStd.match(/<polygon /g)).toHaveLength(1);
    const band = withStd.match(/<polygon [^>]*points="([^"]+)"/)![1].split(' ');
    expect(band).toHaveLength(4); // upper edge left to right, lower edge back
    const noStd = linePlot([{ label: 'umq', points: [{ x: 0, y: 90, std: 0 }, { x: 0.5, y: 80, std: 0 }] }], opts);
    expect(noStd).not.toContain('<polygon');
    expect(noStd.match(/<circle /g)).toHaveLength(2);
  });

  it('is themed for light and dark, escapes text and uses tick labels when given', () => {
    const svg = linePlot([{ label: 'a&b', points: [{ x: 0.1, y: 1, std: 0 }, { x: 0.3, y: 2, std: 0 }] }], { ...opts, xTickLabels: { 0.1: '0–0.2', 0.3: '0.2–0.4' }, note: 'band: ± std over 3 seeds' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg).toContain('acc &lt;noise&gt;');
    expect(svg).toContain('>a&amp;b<');
    expect(svg).toContain('>0–0.2<');
    expect(svg).toContain('>band: ± std over 3 seeds<');
  });
});

describe('niceTicks', () => {
  it('picks round steps of 1, 2, 2.5 or 5 times a power of ten inside the range', () => {
    expect(niceTicks(61.7, 87.3)).toEqual([65, 70, 75, 80, 85]);
    expect(niceTicks(0.283, 0.936)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]); // 7 and 3 ticks tie around 5: the first (finer) wins
    expect(niceTicks(0, 1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('barChart', () => {
  it('draws one bar per group and series, themed', () => {
    const svg = barChart(['011', '111'], [{ label: 'expert 0', values: [0.2, 0.5] }, { label: 'expert 1', values: [0.8, 0.5] }], { title: 'routing', xLabel: 'κ', yLabel: 'share' });
    expect(svg.match(/<rect class="umq-f\d" x="[\d.]+" y="[\d.]+" width/g)).toHaveLength(4 + 2); // 4 bars + 2 legend keys
    expect(svg).toContain('class="umq-bg"');
  });
});
