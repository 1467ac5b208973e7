import { describe, it, expect } from 'vitest';
import { OptionError, type ModalityArray } from '@umq/core';
import { makeSynthetic } from './synthetic';
import { symmetricEigen } from './linalg/symmetric-eigen';
import type { MultimodalDataset } from './dataset';

/** Mean-pooled (over valid steps) features of selected modalities, concatenated. */
function pooled(ds: MultimodalDataset, mods: number[], i: number): number[] {
  const out: number[] = [];
  for (const m of mods) {
    const f = ds.features[m] as ModalityArray;
    const v = new Array<number>(f.d).fill(0);
    let c = 0;
    for (let t = 0; t < f.t; t++) {
      if (f.mask && f.mask[i * f.t + t] === 0) continue;
      c++;
      for (let j = 0; j < f.d; j++) v[j]! += f.values[(i * f.t + t) * f.d + j]!;
    }
    out.push(...v.map((x) => x / Math.max(c, 1)));
  }
  return out;
}

/** Test accuracy of a nearest-centroid classifier fitted on the train split (plain JS). */
function nearestCentroid(ds: MultimodalDataset, mods: number[]): number {
  const classes = ds.task.type === 'multiclass' ? ds.task.classes : 2;
  const train = ds.indices('train');
  const test = ds.indices('test');
  const dim = pooled(ds, mods, 0).length;
  const cent = Array.from({ length: classes }, () => new Array<number>(dim).fill(0));
  const cnt = new Array<number>(classes).fill(0);
  for (const i of train) {
    const y = ds.labels[i]!;
    cnt[y]!++;
    pooled(ds, mods, i).forEach((v, j) => (cent[y]![j]! += v));
  }
  cent.forEach((c, k) => c.forEach((_, j) => (c[j]! /= cnt[k]!)));
  let ok = 0;
  for (const i of test) {
    const x = pooled(ds, mods, i);
    let best = 0;
    let bestD = Infinity;
    cent.forEach((c, k) => {
      const d = c.reduce((s, v, j) => s + (v - x[j]!) ** 2, 0);
      if (d < bestD) [best, bestD] = [k, d];
    });
    if (best === ds.labels[i]) ok++;
  }
  return ok / test.length;
}

describe('makeSynthetic', () => {
  it('is deterministic under a seed and changes with it', () => {
    const a = makeSynthetic({ samples: 200, seed: 4 });
    const b = makeSynthetic({ samples: 200, seed: 4 });
    const c = makeSynthetic({ samples: 200, seed: 5 });
    expect(Array.from(a.features[0]!.values)).toEqual(Array.from(b.features[0]!.values));
    expect(Array.from(a.features[2]!.mask!)).toEqual(Array.from(b.features[2]!.mask!));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.split)).toEqual(Array.from(b.split));
    expect(Array.from(a.features[0]!.values)).not.toEqual(Array.from(c.features[0]!.values));
  });

  it('default: 1,500 samples, 3 modalities, binary, 70/10/20 split, padded sequences', () => {
    const ds = makeSynthetic();
    const s = ds.summary();
    expect(s.samples).toBe(1500);
    expect(s.modalities.map((m) => `${m.name}:${m.kind}:${m.dim}:${m.maxLen}`)).toEqual(['a:vector:16:1', 'b:vector:12:1', 'c:sequence:8:6']);
    expect(s.splits.train.samples + s.splits.valid.samples + s.splits.test.samples).toBe(1500);
    expect(Math.abs(s.splits.test.samples - 300)).toBeLessThanOrEqual(1);
    const f = ds.features[2]!;
    for (let i = 0; i < 50; i++) {
      const m = Array.from(f.mask!.subarray(i * 6, i * 6 + 6));
      const len = m.reduce((x, y) => x + y, 0);
      expect(len).toBeGreaterThanOrEqual(3);
      expect(m).toEqual([...new Array(len).fill(1), ...new Array(6 - len).fill(0)]);
      for (let t = len; t < 6; t++) expect(Array.from(f.values.subarray((i * 6 + t) * 8, (i * 6 + t + 1) * 8))).toEqual(new Array(8).fill(0));
    }
  });

  it('informativeness is visible: a > b > c alone, and fusing all beats the best single modality', () => {
    const ds = makeSynthetic({ seed: 4 });
    const acc = [0, 1, 2].map((m) => nearestCentroid(ds, [m]));
    const fused = nearestCentroid(ds, [0, 1, 2]);
    if (process.env.UMQ_PRINT) console.log('nearest-centroid test accuracy a, b, c, fused:', acc, fused);
    expect(acc[0]!).toBeGreaterThan(acc[1]! + 0.03);
    expect(acc[1]!).toBeGreaterThan(acc[2]!);
    expect(acc[1]!).toBeGreaterThan(0.6);
    expect(acc[0]!).toBeLessThan(0.95);
    expect(fused).toBeGreaterThan(acc[0]! + 0.02);
  });

  it('multiclass (3 classes) separates above chance; uninformative modality stays at chance', () => {
    const ds = makeSynthetic({
      task: 'multiclass',
      classes: 3,
      seed: 2,
      modalities: [
        { name: 'good', dim: 10, informativeness: 1.5, noise: 1 },
        { name: 'none', dim: 10, informativeness: 0, noise: 1 },
      ],
    });
    expect(ds.task).toEqual({ type: 'multiclass', classes: 3 });
    expect(nearestCentroid(ds, [0])).toBeGreaterThan(0.6);
    expect(nearestCentroid(ds, [1])).toBeLessThan(0.45);
  });

  it('regression: features correlate with the label in proportion to informativeness', () => {
    const ds = makeSynthetic({ task: 'regression', samples: 800, seed: 3, modalities: [{ name: 'x', dim: 4, informativeness: 2, noise: 1 }] });
    // Ordinary least squares of y on x (normal equations, Gauss-Jordan on 4 x 4): R^2 ~ s^2 / (s^2 + noise^2) = 0.8.
    const f = ds.features[0]!;
    const A = Array.from({ length: 4 }, () => new Array<number>(5).fill(0));
    for (let i = 0; i < f.n; i++) {
      for (let j = 0; j < 4; j++) {
        for (let k = 0; k < 4; k++) A[j]![k]! += f.values[i * 4 + j]! * f.values[i * 4 + k]!;
        A[j]![4]! += f.values[i * 4 + j]! * ds.labels[i]!;
      }
    }
    for (let c = 0; c < 4; c++) {
      for (let r = 0; r < 4; r++) {
        if (r === c) continue;
        const k = A[r]![c]! / A[c]![c]!;
        for (let q = c; q < 5; q++) A[r]![q]! -= k * A[c]![q]!;
      }
    }
    const w = A.map((row, j) => row[4]! / row[j]!);
    let sse = 0;
    let sst = 0;
    for (let i = 0; i < f.n; i++) {
      const pred = w.reduce((s, wj, j) => s + wj * f.values[i * 4 + j]!, 0);
      sse += (ds.labels[i]! - pred) ** 2;
      sst += ds.labels[i]! ** 2;
    }
    const r2 = 1 - sse / sst;
    expect(r2).toBeGreaterThan(0.75);
    expect(r2).toBeLessThan(0.85);
  });

  it('variation: samples spread inside the latent subspace, classes overlap more, and the features keep a low-rank structure that N(0, 1) noise lacks', () => {
    const mods = (variation: number) => [{ name: 'a', dim: 16, informativeness: 2, noise: 0.2, variation }];
    const base = { samples: 600, task: 'multiclass' as const, classes: 4, latentDim: 4, seed: 2 };
    const still = makeSynthetic({ ...base, modalities: mods(0) });
    const spread = makeSynthetic({ ...base, modalities: mods(1.5) });
    expect(nearestCentroid(spread, [0])).toBeLessThan(nearestCentroid(still, [0]) - 0.1);
    // energy outside the best 4-dimensional subspace: the features' residual is the noise alone (0.2^2 per dim)
    const x = spread.features[0]!;
    const rows = Array.from({ length: x.n }, (_, i) => Array.from(x.values.subarray(i * x.d, (i + 1) * x.d)));
    const mean = rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
    const cov = mean.map((_, a) => mean.map((_, b) => rows.reduce((s, r) => s + (r[a]! - mean[a]!) * (r[b]! - mean[b]!), 0) / rows.length));
    const eig = symmetricEigen(Float64Array.from(cov.flat()), x.d).values.sort((p, q) => q - p);
    const total = eig.reduce((s, v) => s + v, 0);
    const residual = eig.slice(4).reduce((s, v) => s + v, 0);
    expect(residual / total).toBeLessThan(0.1); // N(0, I) in 16 dims leaves 12/16 outside any 4-dim subspace
    expect(residual / (x.d - 4)).toBeCloseTo(0.04, 1);
    expect(() => makeSynthetic({ samples: 50, task: 'regression', modalities: mods(1) })).toThrow(/variation is for classification/);
    expect(() => makeSynthetic({ samples: 50, modalities: mods(-1) })).toThrow(/variation/);
  });

  it('rejects bad options', () => {
    expect(() => makeSynthetic({ samples: 1 })).toThrow(OptionError);
    expect(() => makeSynthetic({ modalities: [] })).toThrow(/empty/);
    expect(() => makeSynthetic({ task: 'multiclass', classes: 1 })).toThrow(/classes/);
    expect(() => makeSynthetic({ modalities: [{ name: 'x', dim: 2, informativeness: -1, noise: 1 }] })).toThrow(/informativeness/);
  });
});
