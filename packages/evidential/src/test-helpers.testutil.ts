/**
 * Test helpers of @umq/evidential (not exported): the golden-value fixture and comparisons.
 */
import { readFileSync } from 'node:fs';
import { tf } from '@umq/core';

/** tools/fixtures/evidential/evidential.json (make_evidential.py, float64 PyTorch). */
export interface EvidentialFixture {
  special: { x: number[]; digamma: number[]; lgamma: number[]; trigamma: number[] };
  M: number;
  B: number;
  K: number;
  evidence: number[][][];
  labels: number[];
  klWeight: number;
  belief: number[][][];
  uncertainty: number[][];
  dempster: number[][];
  average: number[][];
  sequentialAverage: number[][];
  klUniform: number[][];
  edlPerSample: number[];
  tmcLoss: number;
  tmcGrad: number[][][];
  rcmlLoss: number;
  rcmlGrad: number[][][];
  dcLoss: number;
  dcGrad: number[][][];
  trust: number[];
  trustDiscounted: number[][];
}

/** The fixture. */
export const fixture = JSON.parse(readFileSync(new URL('../../../tools/fixtures/evidential/evidential.json', import.meta.url), 'utf8')) as EvidentialFixture;

type Nested = number | Nested[];

/** Flattens a nested array. */
export function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap((v) => flat(v)) : [x];
}

/** Largest |a - b| / (|b| + floor) over the entries. */
export function maxRelErr(a: ArrayLike<number> | tf.Tensor, b: Nested, floor = 1e-3): number {
  const actual = a instanceof tf.Tensor ? a.dataSync() : a;
  const expected = flat(b);
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} vs ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + floor));
  return worst;
}
