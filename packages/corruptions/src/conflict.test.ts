import { describe, it, expect, beforeAll } from 'vitest';
import { OptionError, ShapeError, tf, initEngine, type ModalityArray } from '@umq/core';
import { applyCorruption } from './apply';
import { applyCorruptionTensors, disposeCorruptionTensors } from './tensors';
import { parseProtocol } from './parse';
import { describeProtocol, formatProtocol } from './describe';
import { validateProtocol } from './validate-protocol';
import type { ConflictProtocol, CorruptionProtocol } from './protocol';
import { makeModality, mixedData, snapshot } from '../test/make-data';

/** n samples of C classes, labels i mod C. */
const labelsOf = (n: number, C: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i % C);

function sample(x: ModalityArray, i: number): Float32Array {
  const len = x.t * x.d;
  return x.values.subarray(i * len, (i + 1) * len);
}

describe("'conflict': RCML's conflictive test set", () => {
  const n = 400;
  const C = 10;
  const data = [makeModality(n, 1, 12, 1), makeModality(n, 1, 5, 2), makeModality(n, 1, 30, 3), makeModality(n, 1, 8, 4), makeModality(n, 1, 6, 5), makeModality(n, 1, 3, 6)];
  const labels = labelsOf(n, C);

  it('needs labels and classes: named errors say what to pass', () => {
    const p: CorruptionProtocol = { kind: 'conflict' };
    expect(() => applyCorruption(data, p, 1)).toThrow(OptionError);
    expect(() => applyCorruption(data, p, 1)).toThrow(/needs `options.classes`.*\{ labels, classes \}/);
    expect(() => applyCorruption(data, p, 1, { classes: C })).toThrow(/needs `options.labels`/);
    expect(() => applyCorruption(data, p, 1, { labels: labels.slice(1), classes: C })).toThrow(ShapeError);
    expect(() => applyCorruption(data, p, 1, { labels: [...labels.slice(1), 10], classes: C })).toThrow(/options.labels\[399\]` is 10, not a class index in 0 .. 9/);
    expect(() => applyCorruption(data, p, 1, { labels: [...labels.slice(1), 0.5], classes: C })).toThrow(OptionError);
    // the split must hold a donor of class (y + 1) mod C
    expect(() => applyCorruption(data, { kind: 'conflict', rate: 1 }, 1, { labels: labels.map((y) => (y === 3 ? 2 : y)), classes: C })).toThrow(/needs a sample of class 3.*donor=first with options.donors/);
  });

  it("RCML's defaults: exactly floor(0.4 n) samples with exactly one replaced view, floor(0.1 n) noised samples with 0 .. M − 1 views each", () => {
    const res = applyCorruption(data, { kind: 'conflict' }, 7, { labels, classes: C });
    const { replaced, noised, donor } = res.details as Required<typeof res.details>;
    const perSample = Array.from({ length: n }, (_, i) => replaced.reduce((s, r) => s + r[i], 0));
    expect(perSample.filter((c) => c === 1).length).toBe(160);
    expect(perSample.every((c) => c <= 1)).toBe(true);
    // noise: recover the selected samples from the data (noised or replaced-after-noise slots change)
    const changed = Array.from({ length: n }, (_, i) => data.some((x, m) => !replaced[m][i] && sample(res.data[m], i).some((v, j) => v !== sample(x, i)[j])));
    const noisedSamples = Array.from({ length: n }, (_, i) => noised.some((s) => s[i] === 1));
    expect(changed).toEqual(noisedSamples);
    const views = Array.from({ length: n }, (_, i) => noised.reduce((s, r) => s + r[i], 0));
    expect(views.every((k) => k <= data.length - 1)).toBe(true);
    expect(noisedSamples.filter(Boolean).length).toBeLessThanOrEqual(40); // 40 drawn; k = 0 (prob 1/6) or a replacement leaves some without noise
    expect(noisedSamples.filter(Boolean).length).toBeGreaterThanOrEqual(20);
    // every replaced view is the clean view of a donor of class (y + 1) mod C from the same split
    data.forEach((x, m) => {
      for (let i = 0; i < n; i++) {
        if (!replaced[m][i]) {
          expect(donor[m][i]).toBe(-1);
          continue;
        }
        const j = donor[m][i];
        expect(labels[j]).toBe((labels[i] + 1) % C);
        expect(Array.from(sample(res.data[m], i))).toEqual(Array.from(sample(x, j)));
      }
    });
    expect(res.requestedRate).toBe(0.4);
    expect(res.protocol).toEqual({ kind: 'conflict' });
  });

  it('quality: 1 clean, 1/(1 + σ) noised, 0 replaced; the realised rate is 1 − mean quality; every view stays present', () => {
    const sigma = 0.5;
    const res = applyCorruption(data, { kind: 'conflict', rate: 0.3, noiseRate: 0.5, sigma }, 3, { labels, classes: C });
    const { replaced, noised } = res.details as Required<typeof res.details>;
    let sum = 0;
    res.quality.forEach((q, m) => {
      expect(res.masks[m].present.every((v) => v === 1)).toBe(true);
      for (let i = 0; i < n; i++) {
        const expected = replaced[m][i] ? 0 : noised[m][i] ? 1 / (1 + sigma) : 1;
        expect(q[i]).toBeCloseTo(expected, 6);
        expect(replaced[m][i] && noised[m][i]).toBeFalsy();
        sum += q[i];
      }
    });
    expect(res.rate).toBeCloseTo(1 - sum / (n * data.length), 6);
  });

  it('the noise is additive N(0, σ²) on the whole view (no mixing, no clipping); untouched views are bit-identical', () => {
    const sigma = 0.5;
    const big = [makeModality(2000, 1, 40, 11), makeModality(2000, 1, 40, 12), makeModality(2000, 1, 40, 13)];
    const res = applyCorruption(big, { kind: 'conflict', rate: 0, noiseRate: 1, sigma }, 5, { labels: labelsOf(2000, 4), classes: 4 });
    const { noised } = res.details as Required<typeof res.details>;
    let s = 0;
    let ss = 0;
    let count = 0;
    big.forEach((x, m) => {
      for (let i = 0; i < 2000; i++) {
        const a = sample(x, i);
        const b = sample(res.data[m], i);
        if (!noised[m][i]) {
          expect(Array.from(b)).toEqual(Array.from(a));
          continue;
        }
        for (let j = 0; j < a.length; j++) {
          const e = b[j] - a[j];
          s += e;
          ss += e * e;
          count++;
        }
      }
    });
    expect(Math.abs(s / count)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(ss / count) - sigma)).toBeLessThan(0.01);
    // k ~ U{0, 1, 2}: each count near 2000/3 (binomial sd ≈ 21)
    const hist = [0, 0, 0];
    for (let i = 0; i < 2000; i++) hist[noised.reduce((c, r) => c + r[i], 0)]++;
    hist.forEach((h) => expect(Math.abs(h - 2000 / 3)).toBeLessThan(100));
  });

  it('distribution of the affected samples: uniform over samples and views, the two subsets drawn independently', () => {
    const N = 5000;
    const big = Array.from({ length: 5 }, (_, m) => makeModality(N, 1, 2, 20 + m));
    const res = applyCorruption(big, { kind: 'conflict', rate: 0.4, noiseRate: 0.5 }, 9, { labels: labelsOf(N, 7), classes: 7 });
    const { replaced, noised } = res.details as Required<typeof res.details>;
    // replaced view index ~ U{0..4}: 2000 replacements, 400 each (sd ≈ 18)
    replaced.forEach((r) => expect(Math.abs(r.reduce((a, b) => a + b, 0) - 400)).toBeLessThan(90));
    // spread over the split: as many in the first half as in the second (sd ≈ 22)
    const inFirstHalf = Array.from({ length: N / 2 }, (_, i) => replaced.some((r) => r[i] === 1)).filter(Boolean).length;
    expect(Math.abs(inFirstHalf - 1000)).toBeLessThan(110);
    // independence: P(noise-selected and conflict-selected) ≈ 0.5 · 0.4 (a replaced sample still
    // shows noise on its other views unless k = 0 or the only noised view was replaced)
    const selectedForConflict = Array.from({ length: N }, (_, i) => replaced.some((r) => r[i] === 1));
    const noisedAny = Array.from({ length: N }, (_, i) => noised.some((r) => r[i] === 1));
    const pNoised = noisedAny.filter(Boolean).length / N;
    const pBoth = selectedForConflict.filter((c, i) => c && noisedAny[i]).length / N;
    expect(Math.abs(pBoth - 0.4 * pNoised)).toBeLessThan(0.03);
  });

  it("donor 'first' takes the first sample of class (y + 1) mod C: of the split by default, of options.donors when given", () => {
    const res = applyCorruption(data, { kind: 'conflict', rate: 0.5, noiseRate: 0, donor: 'first' }, 2, { labels, classes: C });
    const { replaced, donor } = res.details as Required<typeof res.details>;
    data.forEach((_, m) => {
      for (let i = 0; i < n; i++) if (replaced[m][i]) expect(donor[m][i]).toBe((labels[i] + 1) % C); // labels i mod C: class c first at index c
    });
    // the whole data set as donors (RCML): its first sample of each class, possibly outside the split
    const whole = data.map((x, m) => makeModality(50, 1, x.d, 100 + m));
    const wholeLabels = Int32Array.from({ length: 50 }, (_, j) => (j * 3) % C);
    const first = (c: number): number => wholeLabels.findIndex((y) => y === c);
    const res2 = applyCorruption(data, { kind: 'conflict', rate: 0.5, noiseRate: 0, donor: 'first' }, 2, { labels, classes: C, donors: { data: whole, labels: wholeLabels } });
    const d2 = res2.details as Required<typeof res2.details>;
    data.forEach((_, m) => {
      for (let i = 0; i < n; i++) {
        if (!d2.replaced[m][i]) continue;
        const j = first((labels[i] + 1) % C);
        expect(d2.donor[m][i]).toBe(j);
        expect(Array.from(sample(res2.data[m], i))).toEqual(Array.from(sample(whole[m], j)));
      }
    });
    expect(() => applyCorruption(data, { kind: 'conflict' }, 2, { labels, classes: C, donors: { data: whole, labels: wholeLabels } })).toThrow(/only by protocol 'conflict' with donor 'first'/);
    expect(() => applyCorruption(data, { kind: 'conflict', donor: 'first' }, 2, { labels, classes: C, donors: { data: whole.slice(1), labels: wholeLabels } })).toThrow(ShapeError);
  });

  it('seeded and pure: the same seed gives the same result, another seed another; the input is not mutated', () => {
    const mixed = mixedData(60, 4);
    const before = snapshot(mixed);
    const lab = labelsOf(60, 3);
    const a = applyCorruption(mixed, { kind: 'conflict', noiseRate: 0.5 }, 'run-1', { labels: lab, classes: 3 });
    const b = applyCorruption(mixed, { kind: 'conflict', noiseRate: 0.5 }, 'run-1', { labels: lab, classes: 3 });
    const c = applyCorruption(mixed, { kind: 'conflict', noiseRate: 0.5 }, 'run-2', { labels: lab, classes: 3 });
    a.data.forEach((x, m) => expect(Array.from(x.values)).toEqual(Array.from(b.data[m].values)));
    expect(a.details).toEqual(b.details);
    expect(a.data.some((x, m) => x.values.some((v, j) => v !== c.data[m].values[j]))).toBe(true);
    mixed.forEach((x, m) => {
      expect(Array.from(x.values)).toEqual(Array.from(before[m].values));
      expect(x.mask ? Array.from(x.mask) : null).toEqual(before[m].mask ? Array.from(before[m].mask!) : null);
    });
    // a replaced sequence view brings its donor's padding mask; noise touches valid steps only
    const seq = 1;
    const { replaced, donor, noised } = a.details as Required<typeof a.details>;
    for (let i = 0; i < 60; i++) {
      const t = mixed[seq].t;
      const maskRow = Array.from(a.data[seq].mask!.subarray(i * t, (i + 1) * t));
      if (replaced[seq][i]) expect(maskRow).toEqual(Array.from(mixed[seq].mask!.subarray(donor[seq][i] * t, (donor[seq][i] + 1) * t)));
      else {
        expect(maskRow).toEqual(Array.from(mixed[seq].mask!.subarray(i * t, (i + 1) * t)));
        if (noised[seq][i]) {
          for (let s = 0; s < t; s++) if (!mixed[seq].mask![i * t + s]) expect(Array.from(a.data[seq].values.subarray((i * t + s) * 4, (i * t + s + 1) * 4))).toEqual([7, 7, 7, 7]);
        }
      }
    }
  });

  it('the tensor form gives the same numbers and the corrupted padding masks', async () => {
    await initEngine();
    const mixed = mixedData(30, 8);
    const lab = labelsOf(30, 3);
    const p: ConflictProtocol = { kind: 'conflict', rate: 0.5, noiseRate: 0.3 };
    const arrays = applyCorruption(mixed, p, 11, { labels: lab, classes: 3 });
    const inputs = mixed.map((x) => ({
      x: tf.tensor(x.values, x.t === 1 ? [x.n, x.d] : [x.n, x.t, x.d]),
      mask: x.mask ? tf.tensor(Float32Array.from(x.mask), [x.n, x.t]) : null,
    }));
    const res = applyCorruptionTensors(inputs, p, 11, { labels: lab, classes: 3 });
    res.data.forEach((d, m) => {
      expect(Array.from(d.x.dataSync())).toEqual(Array.from(arrays.data[m].values));
      if (d.mask) expect(Array.from(d.mask.dataSync())).toEqual(Array.from(arrays.data[m].mask!));
    });
    res.quality.forEach((q, m) => expect(Array.from(q.dataSync())).toEqual(Array.from(arrays.quality[m])));
    disposeCorruptionTensors(res);
    inputs.forEach((i) => tf.dispose([i.x, ...(i.mask ? [i.mask] : [])]));
  });

  it('parse, format and describe: conflict[:rate][:noiseRate=..][:sigma=..][:donor=random|first]', () => {
    expect(parseProtocol('conflict')).toEqual({ kind: 'conflict' });
    expect(parseProtocol('conflict:0.4')).toEqual({ kind: 'conflict', rate: 0.4 });
    const full = parseProtocol('conflict:0.3:noiseRate=0.2:sigma=1:donor=first');
    expect(full).toEqual({ kind: 'conflict', rate: 0.3, noiseRate: 0.2, sigma: 1, donor: 'first' });
    expect(parseProtocol(formatProtocol(full))).toEqual(full);
    expect(formatProtocol({ kind: 'conflict' })).toBe('conflict');
    expect(describeProtocol({ kind: 'conflict' })).toBe('conflict 0.4 (noise 0.1, σ 0.5)');
    expect(describeProtocol(full)).toBe('conflict 0.3 (noise 0.2, σ 1, first donor)');
    const bad: [string, RegExp][] = [
      ['conflict:1.5', /conflict.rate/],
      ['conflict:noiseRate=2', /conflict.noiseRate/],
      ['conflict:sigma=-1', /conflict.sigma/],
      ['conflict:donor=last', /conflict.donor/],
      ['conflict:fill=zeros', /no option `fill`/],
    ];
    for (const [text, re] of bad) expect(() => parseProtocol(text), text).toThrow(re);
    expect(() => validateProtocol({ kind: 'conflict', rate: Number.NaN })).toThrow(OptionError);
  });
});
