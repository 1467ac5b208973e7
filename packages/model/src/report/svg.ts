/**
 * Dependency-free SVG line plots (metric vs rate per model), with error bars of one std.
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
    /** Std of y (0 for none). */
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
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function ticks(lo: number, hi: number, n = 5): number[] {
  if (hi <= lo) return [lo];
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n }, (_, i) => lo + i * step);
}

/**
 * A line plot as an SVG string.
 *
 * @example
 * ```ts
 * const svg = linePlot([{ label: 'umq', points: [{ x: 0.1, y: 0.9, std: 0.01 }, { x: 0.3, y: 0.8, std: 0.02 }] }], { title: 'noise', xLabel: 'rate', yLabel: 'accuracy' });
 * ```
 */
export function linePlot(series: Series[], options: PlotOptions): string {
  const W = options.width ?? 560;
  const H = options.height ?? 360;
  const m = { l: 60, r: 150, t: 36, b: 48 };
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
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${(W - m.r + m.l) / 2}" y="20" text-anchor="middle" font-size="14">${esc(options.title)}</text>`);
  for (const t of ticks(y0, y1)) {
    out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${m.l - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${t.toFixed(y1 - y0 > 5 ? 1 : 3)}</text>`);
  }
  for (const t of [...new Set(xs)].sort((a, b) => a - b)) out.push(`<text x="${px(t).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`);
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#333"/><line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#333"/>`);
  out.push(`<text x="${(W - m.r + m.l) / 2}" y="${H - 10}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) {
      out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${c}"/>`);
      if (p.std > 0) out.push(`<line x1="${px(p.x).toFixed(1)}" x2="${px(p.x).toFixed(1)}" y1="${py(p.y - p.std).toFixed(1)}" y2="${py(p.y + p.std).toFixed(1)}" stroke="${c}"/>`);
    }
    out.push(`<rect x="${W - m.r + 12}" y="${m.t + i * 18}" width="12" height="3" fill="${c}"/><text x="${W - m.r + 30}" y="${m.t + i * 18 + 5}">${esc(s.label)}</text>`);
  });
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
  const W = options.width ?? Math.max(560, 80 + groups.length * (bars.length * 10 + 20) + 150);
  const H = options.height ?? 360;
  const m = { l: 60, r: 150, t: 36, b: 60 };
  const ymax = Math.max(1e-9, ...bars.flatMap((b) => b.values));
  const gw = (W - m.l - m.r) / Math.max(1, groups.length);
  const bw = Math.max(2, (gw - 10) / Math.max(1, bars.length));
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  out.push(`<text x="${(W - m.r + m.l) / 2}" y="20" text-anchor="middle" font-size="14">${esc(options.title)}</text>`);
  groups.forEach((g, gi) => {
    bars.forEach((b, bi) => {
      const v = b.values[gi] ?? 0;
      const h = (v / ymax) * (H - m.t - m.b);
      out.push(`<rect x="${(m.l + gi * gw + 5 + bi * bw).toFixed(1)}" y="${(H - m.b - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[bi % COLORS.length]}"/>`);
    });
    out.push(`<text x="${(m.l + gi * gw + gw / 2).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${esc(g)}</text>`);
  });
  out.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#333"/>`);
  out.push(`<text x="${(W - m.r + m.l) / 2}" y="${H - 20}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)} (max ${ymax.toFixed(2)})</text>`);
  bars.forEach((b, i) => out.push(`<rect x="${W - m.r + 12}" y="${m.t + i * 18}" width="12" height="8" fill="${COLORS[i % COLORS.length]}"/><text x="${W - m.r + 30}" y="${m.t + i * 18 + 8}">${esc(b.label)}</text>`));
  out.push('</svg>');
  return out.join('\n');
}
