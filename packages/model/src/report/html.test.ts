import { describe, it, expect } from 'vitest';
import { htmlTable, reportHtml } from './html';

describe('htmlTable', () => {
  it('renders header, row headers and right-aligned numbers, escaping every cell', () => {
    const html = htmlTable({ head: ['setting', 'umq', 'a<b'], rows: [['noise 0.3', '81.2±1.0', '-'], ['clean', 'n/a', '<script>']] }, 'cap & tion');
    expect(html).toContain('<caption>cap &amp; tion</caption>');
    expect(html).toContain('<th scope="col">a&lt;b</th>');
    expect(html).toContain('<th scope="row">noise 0.3</th><td class="num">81.2±1.0</td><td class="num">-</td>');
    expect(html).toContain('<td>&lt;script&gt;</td>');
    expect(html).not.toContain('<script>');
  });
});

describe('reportHtml', () => {
  it('is one self-contained page for light and dark with a section per entry', () => {
    const page = reportHtml('UMQ results: synthetic', '8 runs', [
      { title: 'accuracy', note: 'Mean ± std', items: [{ table: { head: ['setting', 'umq'], rows: [['clean', '90.0±1.0']] } }] },
      { title: 'Routing', items: [{ svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', name: 'routing-by-configuration.svg' }] },
    ]);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<meta name="color-scheme" content="light dark">');
    expect(page).toContain('@media (prefers-color-scheme: dark)');
    expect(page).toContain('<section id="accuracy"><h2>accuracy</h2><p class="note">Mean ± std</p>');
    expect(page).toContain('<a href="#routing">Routing</a>');
    expect(page).toContain('<a href="plots/routing-by-configuration.svg">');
    expect(page).not.toMatch(/<script|<link|<img/);
  });
});
