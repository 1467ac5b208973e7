import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine, tf } from '../index';
import { DerivedTensor } from './derived-tensor';

describe('DerivedTensor', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm' });
  });

  it('keeps its result between calls without gradient recording, recomputes after an assign, frees it on dispose', () => {
    const w = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    let computed = 0;
    const view = new DerivedTensor(() => [w], () => {
      computed++;
      return tf.transpose(w);
    });
    const before = tf.memory().numTensors;
    const a = tf.tidy(() => view.get());
    const b = tf.tidy(() => view.get());
    expect(a).toBe(b);
    expect(computed).toBe(1);
    expect(tf.memory().numTensors).toBe(before + 1); // the kept tensor only
    const next = tf.tensor2d([[5, 6], [7, 8]]);
    w.assign(next);
    next.dispose(); // the variable holds the data
    expect(Array.from(view.get().dataSync())).toEqual([5, 7, 6, 8]);
    expect(computed).toBe(2);
    expect(a.isDisposed).toBe(true); // the stale one was freed
    view.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('computes afresh while a gradient is recorded, so the gradient reaches the variable, and keeps nothing', () => {
    const w = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const view = new DerivedTensor(() => [w], () => tf.transpose(w));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.matMul(tf.tensor2d([[1, 10]]), view.get() as tf.Tensor2D)) as tf.Scalar, [w]);
    // sum_j (x wᵀ)_j = Σ_j Σ_k x_k w_jk: d/dw_jk = x_k
    expect(Array.from(grads[w.name].dataSync())).toEqual([1, 10, 1, 10]);
    tf.dispose([value, grads[w.name]]);
    expect(tf.memory().numTensors).toBe(before);
    view.dispose();
    w.dispose();
  });
});
