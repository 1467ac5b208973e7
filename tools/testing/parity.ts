/**
 * Parity-test helpers shared by the packages' PyTorch parity tests: fixture loading,
 * nested-array flattening, tolerance checks, and loading the reference's MultiMLP weights
 * ([G, in, out] and [G, 1, out]) into a GroupedMLP (e.g. a ModalityMLPs of @umq/core).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tf, type GroupedMLP } from '@umq/core';

type Nested = number | Nested[];

/** Reads `tools/fixtures/<rel>` (JSON written by the Python fixture scripts). */
export function loadFixture<T = any>(rel: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url)), 'utf8')) as T;
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

/** Copies the reference's stacked MultiMLP weights ([G, in, out], bias [G, 1, out]) into `nets`. */
export function loadMultiMLP(nets: GroupedMLP, p: Record<string, Nested>, prefix: string): void {
  for (const layer of ['l1', 'l2'] as const) {
    const lin = nets[layer];
    lin.weight.assign(t(p[`${prefix}${layer}.weight`]));
    lin.bias!.assign(tf.reshape(t(p[`${prefix}${layer}.bias`]), lin.bias!.shape));
  }
}

/** Gradients of the stacked MLP parameters, flattened in the reference's [G, ...] layout. */
export function multiMLPGrads(nets: GroupedMLP, grads: Record<string, tf.Tensor>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, v] of [['l1.weight', nets.l1.weight], ['l1.bias', nets.l1.bias!], ['l2.weight', nets.l2.weight], ['l2.bias', nets.l2.bias!]] as const) {
    const g = grads[v.name];
    out[key] = g ? Array.from(g.dataSync()) : new Array(v.size).fill(0);
  }
  return out;
}
