/**
 * The report page (index.html): HTML tables, inline SVG plots, readable in light and dark
 * (`prefers-color-scheme`), self-contained (no script, no external file; each plot is also
 * linked as its file under plots/).
 */
import type { Table } from './tables';

/** One section of the page: a heading, an optional note, then tables and plots in order. */
export interface ReportSection {
  /** The heading. */
  title: string;
  /** A short paragraph under the heading (plain text). */
  note?: string;
  /** Tables (with an optional caption) and plots (SVG strings), in order. */
  items: ({ table: Table; caption?: string } | { svg: string; name: string })[];
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const NUMERIC = /^[-+−]?(\d|n\/a|-$)/;

/** A {@link Table} as an HTML `<table>`: the first column as row headers, numeric cells right-aligned. */
export function htmlTable(t: Table, caption?: string): string {
  const head = `<thead><tr>${t.head.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${NUMERIC.test(c) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}${head}<tbody>\n${body}\n</tbody></table></div>`;
}

const CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--stripe:#fafbfc}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--head:#161b22;--stripe:#12171e}}
body{background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1120px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
p.note,p.meta,caption{color:var(--muted)}caption{caption-side:top;text-align:left;padding:.3rem 0;font-size:.9rem}
.scroll{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.3rem .6rem;white-space:nowrap}
thead th{background:var(--head);text-align:center}tbody th{text-align:left;font-weight:600}
tbody tr:nth-child(even){background:var(--stripe)}td.num{text-align:right}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px}
figcaption{color:var(--muted);font-size:.85rem}figcaption a{color:inherit}
nav a{color:inherit;margin-right:1rem}
`;

/**
 * The whole page.
 *
 * @param title the page title (and first heading).
 * @param meta one line under the title (what ran, seeds, time).
 * @param sections the sections in order.
 */
export function reportHtml(title: string, meta: string, sections: ReportSection[]): string {
  const id = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const nav = `<nav>${sections.map((s) => `<a href="#${id(s.title)}">${escapeHtml(s.title)}</a>`).join('')}</nav>`;
  const body = sections
    .map((s) => {
      const items = s.items.map((it) => ('table' in it ? htmlTable(it.table, it.caption) : `<figure>${it.svg}<figcaption><a href="plots/${escapeHtml(it.name)}">plots/${escapeHtml(it.name)}</a></figcaption></figure>`));
      return `<section id="${id(s.title)}"><h2>${escapeHtml(s.title)}</h2>${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}\n${items.join('\n')}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta)}</p>${nav}
${body}
</body></html>
`;
}
