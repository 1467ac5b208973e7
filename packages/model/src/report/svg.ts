/**
 * Dependency-free SVG plots: line plots (metric vs rate per model) with a band of mean ± std
 * over seeds, and grouped bar charts. Each SVG carries its own light and dark colours
 * (`prefers-color-scheme`), so it reads well inline in index.html and as a file.
 */

/** One curve. */
export interface Series {
  /** Legend label. */
  label: string;
  /** Points: x, mean y, std (0 for none). */
  points: {
    /** x value (e.g. the rate). */
    x: number;
    /** Mean y. */
    y: number;
    /** Std of y over seeds (0 for none); drawn as a band of ± std. */
    std: number;
  }[];
}

/** Options of {@link linePlot}. */
export interface PlotOptions {
  /** Title above the plot. */
  title: string;
  /** Label of the x axis. */
  xLabel: string;
  /** Label of the y axis. */
  yLabel: string;
  /** Width in pixels. */
  width?: number;
  /** Height in pixels. */
  height?: number;
  /** Labels of the x ticks by value (default: the points' x values as numbers). */
  xTickLabels?: Record<number, string>;
  /** A note under the legend (e.g. `'band: ± std, 3 seeds'`). */
  note?: string;
}

/** Series colours on the light background (Okabe-Ito, then tab10), and brighter ones on the dark. */
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8c564b', '#7f7f7f', '#bcbd22', '#17becf'];
const DARK = ['#58a6ff', '#ff7b3a', '#3fd0a0', '#f08fd0', '#f5c04a', '#9ad8ff', '#d29a7a', '#b0b0b0', '#dada4a', '#4fdcec'];

/** The theme: classes used by every plot, with a dark variant (series: umq-l* strokes, umq-f* fills). */
const STYLE = `<style>
.umq-bg{fill:#ffffff}.umq-fg{fill:#1f2328}.umq-axis{stroke:#57606a}.umq-grid{stroke:#e6e8eb}
@media (prefers-color-scheme: dark){.umq-bg{fill:#161b22}.umq-fg{fill:#e6edf3}.umq-axis{stroke:#8b949e}.umq-grid{stroke:#30363d}
${DARK.map((c, i) => `.umq-l${i}{stroke:${c}}.umq-f${i}{fill:${c}}`).join('')}}
</style>`;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** About `n` round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const pow = 10 ** Math.floor(Math.log10((hi - lo) / Math.max(1, n - 1)));
  const within = (step: number): number[] => {
    const out: number[] = [];
    for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9 * step; t += step) out.push(Number(t.toPrecision(12)));
    return out;
  };
  const candidates = [1, 2, 2.5, 5, 10, 20].map((m) => within(m * pow));
  return candidates.reduce((best, c) => (Math.abs(c.length - n) < Math.abs(best.length - n) ? c : best));
}

/** Decimals that show the tick step exactly (at most 3). */
function decimals(ts: number[]): number {
  const step = String(Number((ts.length > 1 ? ts[1] - ts[0] : 1).toFixed(10)));
  return Math.min(3, step.includes('.') ? step.split('.')[1].length : 0);
}

function open(W: number, H: number, title: string, m: { l: number; r: number }): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${esc(title)}">`,
    STYLE,
    `<rect class="umq-bg" width="${W}" height="${H}"/>`,
    `<text class="umq-fg" x="${(W - m.r + m.l) / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
}

/**
 * A line plot as an SVG string: one curve per series, its points marked, and a translucent
 * band of ± std around it where the std is known (n > 1 seeds).
 *
 * @example
 * ```ts
 * const svg = linePlot([{ label: 'umq', points: [{ x: 0, y: 0.9, std: 0.01 }, { x: 0.3, y: 0.8, std: 0.02 }] }], { title: 'noise', xLabel: 'rate', yLabel: 'accuracy' });
 * ```
 */
export function linePlot(series: Series[], options: PlotOptions): string {
  const W = options.width ?? 600;
  const H = options.height ?? 360;
  const m = { l: 60, r: 170, t: 36, b: 48 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const ys = all.flatMap((p) => [p.y - p.std, p.y + p.std]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (!Number.isFinite(x0)) [x0, x1] = [0, 1];
  if (!Number.isFinite(y0)) [y0, y1] = [0, 1];
  if (x1 === x0) (x0 -= 0.5, x1 += 0.5);
  const pad = (y1 - y0) * 0.08 || 0.05;
  y0 -= pad;
  y1 += pad;
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const f = (v: number) => v.toFixed(1);
  const out = open(W, H, options.title, m);
  const yt = niceTicks(y0, y1);
  for (const t of yt) {
    out.push(`<line class="umq-grid" x1="${m.l}" x2="${W - m.r}" y1="${f(py(t))}" y2="${f(py(t))}"/>`);
    out.push(`<text class="umq-fg" x="${m.l - 6}" y="${f(py(t) + 4)}" text-anchor="end">${t.toFixed(decimals(yt))}</text>`);
  }
  for (const t of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<text class="umq-fg" x="${f(px(t))}" y="${H - m.b + 16}" text-anchor="middle">${esc(options.xTickLabels?.[t] ?? String(t))}</text>`);
  }
  out.push(`<line class="umq-axis" x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}"/><line class="umq-axis" x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}"/>`);
  out.push(`<text class="umq-fg" x="${(W - m.r + m.l) / 2}" y="${H - 10}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  out.push(`<text class="umq-fg" transform="translate(14 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const [lc, fc] = [`umq-l${i % COLORS.length}`, `umq-f${i % COLORS.length}`];
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    if (pts.length > 1 && pts.some((p) => p.std > 0)) {
      const upper = pts.map((p) => `${f(px(p.x))},${f(py(p.y + p.std))}`);
      const lower = pts.map((p) => `${f(px(p.x))},${f(py(p.y - p.std))}`).reverse();
      out.push(`<polygon class="${fc}" fill="${c}" fill-opacity="0.18" stroke="none" points="${[...upper, ...lower].join(' ')}"/>`);
    } else {
      for (const p of pts.filter((q) => q.std > 0)) out.push(`<line class="${lc}" x1="${f(px(p.x))}" x2="${f(px(p.x))}" y1="${f(py(p.y - p.std))}" y2="${f(py(p.y + p.std))}" stroke="${c}" stroke-width="6" stroke-opacity="0.25"/>`);
    }
    if (pts.length > 1) out.push(`<polyline class="${lc}" fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${f(px(p.x))},${f(py(p.y))}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle class="${fc}" cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="3" fill="${c}"/>`);
    out.push(`<rect class="${fc}" x="${W - m.r + 12}" y="${m.t + i * 18}" width="14" height="3" fill="${c}"/><text class="umq-fg" x="${W - m.r + 32}" y="${m.t + i * 18 + 5}">${esc(s.label)}</text>`);
  });
  if (options.note) out.push(`<text class="umq-fg" x="${W - m.r + 12}" y="${m.t + series.length * 18 + 14}" font-size="11">${esc(options.note)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/**
 * A grouped bar chart as an SVG string (e.g. expert choice by configuration).
 *
 * @example
 * ```ts
 * barChart(['011', '111'], [{ label: 'expert 0', values: [0.2, 0.5] }], { title: 'routing', xLabel: 'κ', yLabel: 'share' });
 * ```
 */
export function barChart(groups: string[], bars: { label: string; values: number[] }[], options: PlotOptions): string {
  const W = options.width ?? Math.max(600, 80 + groups.length * (bars.length * 10 + 20) + 170);
  const H = options.height ?? 360;
  const m = { l: 60, r: 170, t: 36, b: 60 };
  const ymax = Math.max(1e-9, ...bars.flatMap((b) => b.values));
  const gw = (W - m.l - m.r) / Math.max(1, groups.length);
  const bw = Math.max(2, (gw - 10) / Math.max(1, bars.length));
  const out = open(W, H, options.title, m);
  groups.forEach((g, gi) => {
    bars.forEach((b, bi) => {
      const v = b.values[gi] ?? 0;
      const h = (v / ymax) * (H - m.t - m.b);
      out.push(`<rect class="umq-f${bi % COLORS.length}" x="${(m.l + gi * gw + 5 + bi * bw).toFixed(1)}" y="${(H - m.b - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[bi % COLORS.length]}"/>`);
    });
    out.push(`<text class="umq-fg" x="${(m.l + gi * gw + gw / 2).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${esc(g)}</text>`);
  });
  out.push(`<line class="umq-axis" x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}"/>`);
  out.push(`<text class="umq-fg" x="${(W - m.r + m.l) / 2}" y="${H - 20}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  out.push(`<text class="umq-fg" transform="translate(14 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)} (max ${ymax.toFixed(2)})</text>`);
  bars.forEach((b, i) => out.push(`<rect class="umq-f${i % COLORS.length}" x="${W - m.r + 12}" y="${m.t + i * 18}" width="12" height="8" fill="${COLORS[i % COLORS.length]}"/><text class="umq-fg" x="${W - m.r + 30}" y="${m.t + i * 18 + 8}">${esc(b.label)}</text>`));
  out.push('</svg>');
  return out.join('\n');
}
