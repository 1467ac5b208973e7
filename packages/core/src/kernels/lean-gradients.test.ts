import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { installLeanGradients, uninstallLeanGradients } from './lean-gradients';

/** The gradients of `f` at `xs` and the kernel calls the whole tf.grads made. */
async function gradsAndKernels(f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[]): Promise<{ grads: number[][]; kernels: number }> {
  let grads: number[][] = [];
  const p = await tf.profile(() => {
    const g = tf.grads((...a: tf.Tensor[]) => tf.sum(f(...a)))(xs);
    grads = g.map((t) => Array.from(t.dataSync()));
    tf.dispose(g);
  });
  return { grads, kernels: p.kernels.length };
}

const values = (shape: number[], seed: number): tf.Tensor => tf.tidy(() => tf.add(tf.randomUniform(shape, -2, 2, 'float32', seed), 0.1));

// each case: the function, its operand shapes (broadcasting and not)
const cases: [string, (...x: tf.Tensor[]) => tf.Tensor, number[][]][] = [
  ['add, same shapes', (a, b) => tf.add(a, b), [[3, 4], [3, 4]]],
  ['add, broadcast both ways', (a, b) => tf.add(a, b), [[3, 1, 4], [2, 1]]],
  ['sub, broadcast rank', (a, b) => tf.sub(a, b), [[3, 4], [4]]],
  ['sub, same shapes', (a, b) => tf.sub(a, b), [[5], [5]]],
  ['mul, broadcast', (a, b) => tf.mul(a, b), [[3, 1], [1, 4]]],
  ['mul, same tensor twice', (a) => tf.mul(a, a), [[6]]],
  ['div, broadcast', (a, b) => tf.div(a, b), [[2, 3], [3]]],
  ['div, same shapes', (a, b) => tf.div(a, b), [[4], [4]]],
  ['square then relu', (a) => tf.relu(tf.square(tf.sub(a, 1))), [[7]]],
  ['add of x to itself', (a) => tf.add(a, a), [[3]]],
  ['sum over one axis', (a) => tf.mul(tf.sum(a, 1), tf.range(1, 4)), [[3, 4]]],
  ['sum over a negative axis, dims kept', (a) => tf.mul(tf.sum(a, -1, true), 3), [[2, 3, 4]]],
  ['sum over everything', (a) => tf.mul(tf.sum(a), 2), [[2, 3]]],
  ['mean over two axes', (a) => tf.mul(tf.mean(a, [0, 2]), tf.range(1, 4)), [[2, 3, 5]]],
  ['mean over everything', (a) => tf.mul(tf.mean(a), 7), [[3, 3]]],
  ['mul, a bias-like operand over a batch', (a, b) => tf.mul(a, b), [[3, 64, 100], [3, 1, 100]]],
  ['add, a bias over rows', (a, b) => tf.add(a, b), [[64, 100], [100]]],
  ['div by a per-row operand', (a, b) => tf.div(a, b), [[3, 64, 100], [3, 64, 1]]],
  ['mul by a scalar tensor', (a, b) => tf.mul(a, b), [[64, 10], []]],
  ['mean over the middle axis', (a) => tf.mul(tf.mean(a, 1), tf.range(1, 101)), [[3, 64, 100]]],
  ['sum over the outer and inner axes', (a) => tf.mul(tf.sum(a, [0, 2]), tf.range(1, 65)), [[3, 64, 100]]],
  ['addN of three, one twice', (a, b) => tf.mul(tf.addN([a, b, a]), tf.range(1, 5)), [[2, 4], [2, 4]]],
  ['concat on the last axis, weighted', (a, b) => tf.mul(tf.concat([a, b], -1), tf.range(1, 8)), [[3, 4, 3], [3, 4, 4]]],
  ['concat of three on the middle axis', (a, b, c) => tf.mul(tf.concat([a, b, c], 1), tf.range(1, 6)), [[2, 1, 5], [2, 3, 5], [2, 1, 5]]],
  ['reshape and expandDims', (a) => tf.mul(tf.expandDims(tf.reshape(a, [3, 4]), 1), tf.range(0, 4)), [[2, 6]]],
];

describe('lean gradients: the stock values with fewer kernels', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });
  afterAll(() => {
    installLeanGradients();
  });

  for (const [name, f, shapes] of cases) {
    it(`${name}: bit-identical gradients, no more kernels, no leak`, async () => {
      const xs = shapes.map((s, i) => values(s, 10 + i));
      uninstallLeanGradients();
      const stock = await gradsAndKernels(f, xs);
      installLeanGradients();
      const before = tf.memory().numTensors;
      const lean = await gradsAndKernels(f, xs);
      expect(tf.memory().numTensors).toBe(before);
      expect(lean.grads).toEqual(stock.grads);
      expect(lean.kernels).toBeLessThanOrEqual(stock.kernels);
      tf.dispose(xs);
    });
  }

  it('the kernels saved: a multiply-add chain needs fewer calls than with the stock gradients', async () => {
    const xs = [values([8, 4], 1), values([8, 4], 2), values([4], 3)];
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.relu(tf.add(tf.mul(a, b), c));
    uninstallLeanGradients();
    const stock = await gradsAndKernels(f, xs);
    installLeanGradients();
    const lean = await gradsAndKernels(f, xs);
    expect(lean.grads).toEqual(stock.grads);
    // stock: Mul's 2 casts, Add's reshape of a's gradient, ReLU's cast are gone
    expect(stock.kernels - lean.kernels).toBeGreaterThanOrEqual(4);
    tf.dispose(xs);
  });

  it('tile and broadcastTo: one sum over the repeats (the stock slices and adds per repeat), same values to rounding', async () => {
    for (const [shape, reps] of [[[3, 1, 1], [1, 64, 1]], [[2, 3], [4, 2]], [[5], [3]]] as [number[], number[]][]) {
      const x = values(shape, 7);
      const w = values(shape.map((s, i) => s * reps[i]), 8);
      const f = (t: tf.Tensor) => tf.mul(tf.tile(t, reps), w);
      uninstallLeanGradients();
      const stock = await gradsAndKernels(f, [x]);
      installLeanGradients();
      const lean = await gradsAndKernels(f, [x]);
      lean.grads[0].forEach((v, i) => expect(v).toBeCloseTo(stock.grads[0][i], 4));
      expect(lean.kernels).toBeLessThan(stock.kernels);
      tf.dispose([x, w]);
    }
    const b = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.broadcastTo(t, [3, 64, 1]), 2)))(tf.ones([3, 1, 1]));
    expect(Array.from(b.dataSync())).toEqual([128, 128, 128]);
  });

  it('second-order gradients through the lean gradients match the analytic ones', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const c = tf.tensor1d([0.3, 0.3, 0.3]);
    // f(x) = sum((x·x + x − c) / 2): f'' = 1 per entry; g(x) = sum(relu(x)·x²): g'' = 6x for x > 0
    const f2 = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.div(tf.sub(tf.add(tf.mul(u, u), u), c), 2)))(t)))(x);
    expect(Array.from(f2.dataSync())).toEqual([1, 1, 1]);
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.relu(u), tf.square(u))))(t)))(x);
    Array.from(g2.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([3, 0, 12][i], 4));
    tf.dispose([x, c, f2, g2]);
  });
});
