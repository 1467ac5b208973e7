import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '@umq/core';
import { UMQModel } from './umq-model';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';
import { referenceParams } from '../../test/reference-params';

type Nested = number | Nested[];
interface Golden {
  params: Record<string, Nested>;
  inputs: number[][][];
  logits: number[][];
  q: number[][];
  top_idx: number[][];
  top_w: number[][];
}

const golden = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/fixtures/model/golden_tiny.json'), 'utf8')) as Golden;

describe('UMQModel parity with the PyTorch reference (golden_tiny.json)', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('reproduces the reference evaluation outputs from the same parameters', () => {
    const model = new UMQModel({
      modalities: [4, 6, 3].map((dim, i) => ({ name: `m${i}`, kind: 'vector' as const, dim })),
      task: 'binary', outDim: 1, d: 8, moe: { numExperts: 4, topK: 2 }, dropout: 0,
      preset: 'spec', // the reference implements the spec's defaults
    });
    const state = referenceParams(golden.params, 3);
    model.loadStateDict(state);
    tf.dispose(Object.values(state));
    const x = golden.inputs.map((a) => tf.tensor2d(a));
    const out = model.forward({ x, mask: [null, null, null], y: tf.zeros([5]) }, { training: false, losses: 'none' });
    const logits = out.logits.arraySync() as number[][];
    const q = out.quality!.arraySync() as number[][];
    const idx = out.routing!.topIndices.arraySync() as number[][];
    const w = out.routing!.topWeights.arraySync() as number[][];
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * Math.abs(b) + 1e-5);
    golden.logits.forEach((row, i) => row.forEach((v, j) => close(logits[i][j], v)));
    golden.q.forEach((row, m) => row.forEach((v, i) => close(q[m][i], v)));
    expect(idx).toEqual(golden.top_idx);
    golden.top_w.forEach((row, i) => row.forEach((v, j) => close(w[i][j], v)));
    tf.dispose([...x, out.logits, out.quality!, out.routing!.topIndices, out.routing!.topWeights, out.routing!.gate]);
    if (out.routing!.config) out.routing!.config.dispose();
    model.dispose();
  });
});
