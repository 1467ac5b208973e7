/**
 * Test helpers: fixture loading, nested-array flattening, tolerance checks, and loading the
 * reference's MultiMLP weights ([G, in, out] and [G, 1, out]) into a ModalityMLPs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tf } from '@umq/core';
import type { ModalityMLPs } from '../src/per-modality';

type Nested = number | Nested[];

/** Reads `tools/fixtures/<rel>` (JSON written by the Python fixture scripts). */
export function loadFixture<T = any>(rel: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../tools/fixtures/${rel}`, import.meta.url)), 'utf8')) as T;
}

/** Flattens a nested number array. */
export function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap((v) => flat(v)) : [x];
}

/** A float32 tensor from a nested array. */
export function t(x: Nested): tf.Tensor {
  return tf.tensor(x as number[]);
}

/**
 * Largest violation of `|a - b| <= rtol * (|b| + floor)`, as a ratio (<= 1 passes), with
 * `floor = max(1e-2, 0.01 * max|b|)`: relative 1e-5 per entry, and for entries that cancel to
 * near 0 (e.g. a bias gradient summing ~40 terms of size 1e-2 and both signs to 1e-4) an
 * absolute max(1e-7, 1e-7 max|b|): the float32 rounding of such sums is ~2e-8.
 */
export function worst(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const floor = Math.max(1e-2, 0.01 * scale);
  let w = 0;
  for (let i = 0; i < actual.length; i++) {
    const r = Math.abs(actual[i] - expected[i]) / (rtol * (Math.abs(expected[i]) + floor));
    if (!(r <= w)) w = Number.isNaN(r) ? Infinity : Math.max(w, r);
  }
  return w;
}

/** Copies the reference's per-group weights into modality m's MLP of `nets`. */
export function loadMultiMLP(nets: ModalityMLPs, p: Record<string, Nested>, prefix: string): void {
  const w1 = p[`${prefix}l1.weight`] as Nested[];
  const b1 = p[`${prefix}l1.bias`] as Nested[][];
  const w2 = p[`${prefix}l2.weight`] as Nested[];
  const b2 = p[`${prefix}l2.bias`] as Nested[][];
  nets.nets.forEach((mlp, m) => {
    mlp.l1.weight.assign(t(w1[m]));
    mlp.l1.bias!.assign(t(b1[m][0]));
    mlp.l2.weight.assign(t(w2[m]));
    mlp.l2.bias!.assign(t(b2[m][0]));
  });
}

/** Gradient of modality m's MLP parameters gathered back into the reference's [G, ...] layout. */
export function multiMLPGrads(nets: ModalityMLPs, grads: Record<string, tf.Tensor>): Record<string, number[]> {
  const out: Record<string, number[]> = { 'l1.weight': [], 'l1.bias': [], 'l2.weight': [], 'l2.bias': [] };
  for (const mlp of nets.nets) {
    for (const [key, v] of [['l1.weight', mlp.l1.weight], ['l1.bias', mlp.l1.bias!], ['l2.weight', mlp.l2.weight], ['l2.bias', mlp.l2.bias!]] as const) {
      const g = grads[v.name];
      out[key].push(...(g ? Array.from(g.dataSync()) : new Array(v.size).fill(0)));
    }
  }
  return out;
}
