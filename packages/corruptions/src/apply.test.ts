import { describe, it, expect, beforeAll } from 'vitest';
import { initEngine, tf, UmqError, type ModalityArray } from '@umq/core';
import { applyCorruption } from './apply';
import { applyCorruptionTensors, disposeCorruptionTensors } from './tensors';
import type { CorruptionProtocol } from './protocol';
import { makeModality, mixedData, paddingUnchanged, snapshot } from '../test/make-data';

/** One instance of every protocol kind (aligned data for TMFM/STMFM). */
const ALL: CorruptionProtocol[] = [
  { kind: 'clean' },
  { kind: 'gaussian', rate: 0.3 },
  { kind: 'laplace', rate: 0.4 },
  { kind: 'erase', rate: 0.5 },
  { kind: 'other-noises', rate: 0.3 },
  { kind: 'missing', rate: 0.4 },
  { kind: 'missing', rate: 0.4, fill: 'zeros' },
  { kind: 'cider-rmfm', rate: 0.3 },
  { kind: 'cider-rmfm', rate: 0.3, mode: 'train', fill: 'gaussian' },
  { kind: 'cider-rmfm-traditional', rate: 0.3 },
  { kind: 'rmm', rate: 0.3 },
  { kind: 'tmfm', rate: 0.3 },
  { kind: 'stmfm', rate: 0.4 },
  { kind: 'smm', kept: [1] },
  { kind: 'smm', pattern: 4, fill: 'gaussian' },
  { kind: 'hetero-noise', bound: 0.8 },
  { kind: 'hetero-mixed' },
];

/** Aligned padded data (same t for every modality), so every protocol applies. */
function alignedData(n = 24, seed = 5): ModalityArray[] {
  return [makeModality(n, 6, 3, seed, true), makeModality(n, 6, 4, seed + 1), makeModality(n, 6, 2, seed + 2, true)];
}

function differs(a: ModalityArray[], b: ModalityArray[]): boolean {
  return a.some((x, m) => x.values.some((v, i) => v !== b[m].values[i]));
}

describe('applyCorruption: properties shared by every protocol', () => {
  beforeAll(async () => {
    await initEngine();
  });

  for (const p of ALL) {
    it(`${JSON.stringify(p)}: deterministic, seed-sensitive, input untouched, padding untouched, shapes`, () => {
      const data = alignedData();
      const before = snapshot(data);
      const a = applyCorruption(data, p, 42);
      const b = applyCorruption(data, p, 42);
      expect(a.data.map((x) => Array.from(x.values))).toEqual(b.data.map((x) => Array.from(x.values)));
      expect(a.quality.map((q) => Array.from(q))).toEqual(b.quality.map((q) => Array.from(q)));
      // input not mutated
      data.forEach((x, m) => {
        expect(Array.from(x.values)).toEqual(Array.from(before[m].values));
        expect(x.mask ? Array.from(x.mask) : null).toEqual(before[m].mask ? Array.from(before[m].mask!) : null);
        expect(a.data[m].values).not.toBe(x.values);
      });
      // padding untouched, padding mask copied, shapes kept
      a.data.forEach((x, m) => {
        expect(paddingUnchanged(data[m], x)).toBe(true);
        expect(x.mask ? Array.from(x.mask) : null).toEqual(data[m].mask ? Array.from(data[m].mask!) : null);
        expect([x.n, x.t, x.d]).toEqual([data[m].n, data[m].t, data[m].d]);
        expect(a.masks[m].present.length).toBe(x.n);
        expect(a.quality[m].length).toBe(x.n);
        for (const q of a.quality[m]) expect(q >= 0 && q <= 1).toBe(true);
        if (a.masks[m].keptSteps) {
          expect(a.masks[m].keptSteps!.length).toBe(x.n * x.t);
          // padding steps never marked dropped
          if (data[m].mask) for (let i = 0; i < x.n * x.t; i++) if (!data[m].mask![i]) expect(a.masks[m].keptSteps![i]).toBe(1);
        }
      });
      expect(a.rate).toBeGreaterThanOrEqual(0);
      expect(a.rate).toBeLessThanOrEqual(1);
      // a different seed differs (SMM with zeros fill and clean are deterministic by design)
      const c = applyCorruption(data, p, 43);
      const deterministic = p.kind === 'clean' || (p.kind === 'smm' && p.fill !== 'gaussian');
      expect(differs(a.data, c.data)).toBe(!deterministic);
    });

    it(`${JSON.stringify(p)}: tensors give the same numbers as arrays, and leak nothing`, () => {
      const data = alignedData(10, 9);
      const inputs = data.map((x) => ({
        x: tf.tensor(x.values, [x.n, x.t, x.d]),
        mask: x.mask ? tf.tensor(Float32Array.from(x.mask), [x.n, x.t]) : null,
      }));
      const arr = applyCorruption(data, p, 3);
      const before = tf.memory().numTensors;
      const res = applyCorruptionTensors(inputs, p, 3);
      res.data.forEach((o, m) => {
        expect(o.x.shape).toEqual([data[m].n, data[m].t, data[m].d]);
        expect(Array.from(o.x.dataSync())).toEqual(Array.from(arr.data[m].values));
        expect(Array.from(res.present[m].dataSync())).toEqual(Array.from(arr.masks[m].present));
        expect(Array.from(res.quality[m].dataSync())).toEqual(Array.from(arr.quality[m]));
        if (arr.masks[m].keptSteps) expect(Array.from(res.keptSteps[m]!.dataSync())).toEqual(Array.from(arr.masks[m].keptSteps!));
        else expect(res.keptSteps[m]).toBeNull();
      });
      expect(res.rate).toBe(arr.rate);
      disposeCorruptionTensors(res);
      expect(tf.memory().numTensors).toBe(before);
      inputs.forEach((i) => { i.x.dispose(); i.mask?.dispose(); });
    });
  }

  it('works on vectors given as [N, D] tensors (mask [N])', () => {
    const x = makeModality(12, 1, 5, 3);
    const y = makeModality(12, 1, 2, 4);
    const arr = applyCorruption([x, y], { kind: 'missing', rate: 0.25 }, 8);
    const tx = tf.tensor2d(x.values, [12, 5]);
    const ty = tf.tensor2d(y.values, [12, 2]);
    const res = applyCorruptionTensors([{ x: tx }, { x: ty, mask: null }], { kind: 'missing', rate: 0.25 }, 8);
    expect(res.data[0].x.shape).toEqual([12, 5]);
    expect(Array.from(res.data[1].x.dataSync())).toEqual(Array.from(arr.data[1].values));
    disposeCorruptionTensors(res);
    tx.dispose();
    ty.dispose();
  });

  it('works for any number of modalities (1, 2, 5)', () => {
    for (const M of [1, 2, 5]) {
      const data = Array.from({ length: M }, (_, m) => makeModality(30, 2, 3, m + 1));
      const res = applyCorruption(data, { kind: 'missing', rate: 0.5 }, 1);
      expect(res.data).toHaveLength(M);
      expect(res.rate).toBeCloseTo(Math.min(0.5, (M - 1) / M), 10);
    }
  });

  it('rejects bad data and bad seeds with named errors', () => {
    const x = makeModality(4, 2, 3, 1);
    const short = { ...x, values: new Float32Array(5) };
    expect(() => applyCorruption([short], { kind: 'clean' }, 1)).toThrowError(/n·t·d/);
    const other = makeModality(5, 2, 3, 1);
    expect(() => applyCorruption([x, other], { kind: 'clean' }, 1)).toThrowError(/same number of samples/);
    expect(() => applyCorruption([], { kind: 'clean' }, 1)).toThrowError(UmqError);
    expect(() => applyCorruption([{ ...x, mask: new Uint8Array(3) }], { kind: 'clean' }, 1)).toThrowError(/mask/);
    expect(() => applyCorruption([x], { kind: 'clean' }, 1.5)).toThrowError(/seed/);
    try {
      applyCorruption([x], { kind: 'gaussian', rate: 2 }, 1);
      expect.unreachable();
    } catch (e) {
      expect((e as UmqError).code).toBe('E_OPTION');
    }
    const t = tf.zeros([2, 3, 4, 5]);
    expect(() => applyCorruptionTensors([{ x: t }], { kind: 'clean' }, 1)).toThrowError(/rank 2/);
    t.dispose();
  });

  it('mixedData (vector + padded + plain sequences) runs under every unaligned-safe protocol', () => {
    for (const p of ALL.filter((q) => q.kind !== 'tmfm' && q.kind !== 'stmfm')) {
      const res = applyCorruption(mixedData(), p, 2);
      expect(res.data).toHaveLength(3);
    }
  });
});
