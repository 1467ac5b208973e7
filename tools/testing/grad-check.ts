/**
 * Test helper shared by the packages' gradient tests: compares tfjs gradients with central finite differences.
 */
import { tf } from '@umq/core';

/**
 * Relative error ||a - b|| / max(||b||, floor) of two flat arrays; `floor` (default 1e-6) makes
 * it an absolute error where b is small (e.g. floor 1 for gradients near zero).
 */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
}

/**
 * For `f(inputs) -> scalar`, returns per input the relative error between `tf.grads` and a
 * central finite difference with step `h` (float32: keep inputs small, h ~ 1e-2); `floor` as in
 * {@link relError}.
 */
export function gradCheck(f: (...xs: tf.Tensor[]) => tf.Scalar, inputs: tf.Tensor[], h = 1e-2, floor = 1e-6): number[] {
  const analytic = tf.grads((...xs: tf.Tensor[]) => f(...xs))(inputs);
  const errors = inputs.map((x, idx) => {
    const base = x.dataSync().slice() as Float32Array;
    const numeric = new Float64Array(base.length);
    for (let i = 0; i < base.length; i++) {
      const evalAt = (delta: number): number => {
        const v = base.slice();
        v[i] += delta;
        return tf.tidy(() => {
          const xs = inputs.map((y, j) => (j === idx ? tf.tensor(v, x.shape) : y));
          return f(...xs).dataSync()[0];
        });
      };
      numeric[i] = (evalAt(h) - evalAt(-h)) / (2 * h);
    }
    return relError(analytic[idx].dataSync(), numeric, floor);
  });
  tf.dispose(analytic);
  return errors;
}

/** A seeded tensor of N(0, scale²) draws (float32). */
export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  return tf.randomNormal(shape, 0, scale, 'float32', seed);
}

/**
 * As {@link gradCheck} for module parameters: `tf.variableGrads` against central differences
 * taken by assigning perturbed values to each variable (restored afterwards).
 */
export function variableGradCheck(f: () => tf.Scalar, vars: tf.Variable[], h = 1e-2): number[] {
  const { value, grads } = tf.variableGrads(f, vars);
  value.dispose();
  const errors = vars.map((v) => {
    const base = v.dataSync().slice() as Float32Array;
    const numeric = new Float64Array(base.length);
    const evalAt = (i: number, delta: number): number => {
      const p = base.slice();
      p[i] += delta;
      tf.tidy(() => v.assign(tf.tensor(p, v.shape)));
      return tf.tidy(() => f().dataSync()[0]);
    };
    for (let i = 0; i < base.length; i++) numeric[i] = (evalAt(i, h) - evalAt(i, -h)) / (2 * h);
    tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
    return relError(grads[v.name].dataSync(), numeric);
  });
  tf.dispose(grads);
  return errors;
}
