import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NumericError, ShapeError } from '@umq/core';
import { REPO_ROOT } from '../../../tools/testing/shared-data';
import { MultimodalDataset } from './dataset';
import { applyScaler, fitScaler, imputeNonFinite, scaleFeatures, scalerFromJSON, scalerToJSON } from './preprocess';

interface Fixture {
  n: number;
  dims: number[];
  split: number[];
  x: number[][];
  mean: number[][];
  std: number[][];
  scaled: number[][];
}
const fx = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/fixtures/datasets/loaders/standardize.json'), 'utf8')) as Fixture;

function fixtureDataset(): MultimodalDataset {
  return new MultimodalDataset({
    modalities: fx.dims.map((d, k) => ({ name: `m${k}`, kind: 'vector' as const, dim: d, maxLen: 1 })),
    task: { type: 'regression' },
    features: fx.x.map((x, k) => ({ values: Float32Array.from(x), n: fx.n, t: 1, d: fx.dims[k]!, mask: null })),
    labels: new Float32Array(fx.n),
    split: Uint8Array.from(fx.split),
  });
}

describe('standardisation (reference standardize_fit parity)', () => {
  it('fits mean and population std on the train split only; std < 1e-6 -> 1', () => {
    const { dataset, params } = scaleFeatures(fixtureDataset());
    params.modalities.forEach((p, k) => {
      fx.mean[k]!.forEach((m, j) => expect(p.shift[j]).toBeCloseTo(m, 5));
      fx.std[k]!.forEach((s, j) => expect(p.scale[j]! / s).toBeCloseTo(1, 5));
    });
    expect(params.modalities[1]!.scale[2]).toBe(1); // constant column
    dataset.features.forEach((f, k) => fx.scaled[k]!.forEach((v, i) => expect(f.values[i]).toBeCloseTo(v, 4)));
  });

  it('ignores valid/test values when fitting', () => {
    const ds = fixtureDataset();
    const changed = ds.withFeatures(ds.features.map((f) => {
      const v = f.values.slice();
      v.fill(1e6, 8 * f.d); // samples 8..11 are valid/test
      return { ...f, values: v };
    }));
    const a = fitScaler(ds);
    const b = fitScaler(changed);
    expect(Array.from(b.modalities[0]!.shift)).toEqual(Array.from(a.modalities[0]!.shift));
    expect(Array.from(b.modalities[0]!.scale)).toEqual(Array.from(a.modalities[0]!.scale));
  });

  it('min-max scales train to [0, 1] and round-trips through JSON', () => {
    const ds = fixtureDataset();
    const params = fitScaler(ds, { method: 'minmax' });
    const out = applyScaler(ds, scalerFromJSON(JSON.parse(JSON.stringify(scalerToJSON(params)))));
    const f = out.features[0]!;
    for (let j = 0; j < f.d; j++) {
      const col = Array.from({ length: 8 }, (_, i) => f.values[i * f.d + j]!);
      expect(Math.min(...col)).toBeCloseTo(0, 6);
      expect(Math.max(...col)).toBeCloseTo(1, 6);
    }
  });

  it('skips padded steps of sequences and keeps them 0', () => {
    const ds = new MultimodalDataset({
      modalities: [{ name: 's', kind: 'sequence', dim: 1, maxLen: 2 }],
      task: { type: 'binary' },
      features: [{ values: Float32Array.from([1, 99, 3, 99]), n: 2, t: 2, d: 1, mask: Uint8Array.from([1, 0, 1, 0]) }],
      labels: Float32Array.from([0, 1]),
      split: Uint8Array.from([0, 0]),
    });
    const { dataset, params } = scaleFeatures(ds);
    expect(params.modalities[0]!.shift[0]).toBe(2);
    expect(params.modalities[0]!.scale[0]).toBe(1);
    expect(Array.from(dataset.features[0]!.values)).toEqual([-1, 0, 1, 0]);
  });

  it('rejects a scaler of another layout, and NaN training values', () => {
    const ds = fixtureDataset();
    const params = fitScaler(ds);
    params.modalities[0] = { ...params.modalities[0]!, shift: new Float32Array(5), scale: new Float32Array(5) };
    expect(() => applyScaler(ds, params)).toThrow(ShapeError);
    const nan = ds.withFeatures([{ ...ds.features[0]!, values: Float32Array.from(ds.features[0]!.values, (v, i) => (i === 0 ? NaN : v)) }, ds.features[1]!]);
    expect(() => fitScaler(nan)).toThrow(NumericError);
  });
});

describe('imputeNonFinite', () => {
  it('replaces NaN/Inf by the train column mean of finite values', () => {
    const ds = new MultimodalDataset({
      modalities: [{ name: 'v', kind: 'vector', dim: 2, maxLen: 1 }],
      task: { type: 'binary' },
      features: [{ values: Float32Array.from([1, 10, NaN, 20, 3, Infinity, 100, NaN]), n: 4, t: 1, d: 2, mask: null }],
      labels: Float32Array.from([0, 1, 0, 1]),
      split: Uint8Array.from([0, 0, 0, 2]),
    });
    const { dataset, imputed } = imputeNonFinite(ds);
    expect(imputed).toBe(3);
    expect(Array.from(dataset.features[0]!.values)).toEqual([1, 10, 2, 20, 3, 15, 100, 15]);
  });
});
