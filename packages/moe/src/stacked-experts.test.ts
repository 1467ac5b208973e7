import { describe, it, expect, beforeAll } from 'vitest';
import { tf, initEngine, MLP, EVAL, ShapeError } from '@umq/core';
import { StackedExperts } from './stacked-experts';
import { ExpertList } from './experts';
import { denseDispatch, sparseDispatch } from './dispatch';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};

describe('StackedExperts', () => {
  beforeAll(async () => {
    await initEngine();
  });

  const E = 4, B = 6, d = 5, h = 3, o = 2;
  // top-2 combine weights with zeros elsewhere (rows sum to 1)
  const combineData = [
    [0.7, 0.3, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0.1, 0.9], [0.2, 0, 0, 0.8], [0.6, 0, 0.4, 0], [0, 1, 0, 0],
  ];

  function pair(): { stacked: StackedExperts; list: ExpertList } {
    const stacked = new StackedExperts({ count: E, inFeatures: d, hidden: h, outFeatures: o, seed: 3 });
    const list = new ExpertList({ count: E, factory: (_j, seed) => new MLP({ inFeatures: d, hidden: h, outFeatures: o, seed }) });
    const pick = (v: tf.Tensor, j: number) => tf.squeeze(tf.slice(v, [j, ...new Array(v.rank - 1).fill(0)], [1, ...new Array(v.rank - 1).fill(-1)]), [0]);
    for (let j = 0; j < E; j++) {
      const mlp = list.at(j) as MLP;
      mlp.l1.weight.assign(pick(stacked.l1.weight, j));
      mlp.l1.bias!.assign(pick(stacked.l1.bias!, j));
      mlp.l2.weight.assign(pick(stacked.l2.weight, j));
      mlp.l2.bias!.assign(pick(stacked.l2.bias!, j));
    }
    return { stacked, list };
  }

  it('mix equals dense and sparse dispatch over separate MLP experts (output and gradients)', () => {
    const { stacked, list } = pair();
    const x = tf.variable(tf.randomNormal([B, d], 0, 1, 'float32', 1));
    const c = tf.variable(tf.tensor2d(combineData));
    const sel = new Float32Array(combineData.flat().map((v) => (v > 0 ? 1 : 0)));
    const probe = tf.randomNormal([B, o], 0, 1, 'float32', 2);
    const ours = tf.variableGrads(() => tf.sum(tf.mul(stacked.mix(x, c), probe)) as tf.Scalar, [x, c, ...stacked.parameters()]);
    for (const run of [() => denseDispatch(list, x, c, EVAL), () => sparseDispatch(list, x, c, sel, o, EVAL)]) {
      const ref = tf.variableGrads(() => tf.sum(tf.mul(run(), probe)) as tf.Scalar, [x, c, ...list.parameters()]);
      close(ours.value.dataSync(), ref.value.dataSync());
      close(ours.grads[x.name].dataSync(), ref.grads[x.name].dataSync());
      // d/dcombine: only the routed entries are compared (dense has gradients for all pairs)
      const gc = ours.grads[c.name].dataSync(), rc = ref.grads[c.name].dataSync();
      sel.forEach((s, i) => { if (s) expect(Math.abs(gc[i] - rc[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(rc[i]))); });
      for (const [layer, field] of [['l1', 'weight'], ['l1', 'bias'], ['l2', 'weight'], ['l2', 'bias']] as const) {
        const perExpert: number[] = [];
        for (let j = 0; j < E; j++) {
          const v = ((list.at(j) as MLP)[layer] as unknown as Record<string, tf.Variable>)[field];
          perExpert.push(...(ref.grads[v.name]?.dataSync() ?? new Float32Array(v.size)));
        }
        const sv = (stacked[layer] as unknown as Record<string, tf.Variable>)[field];
        close(ours.grads[sv.name].dataSync(), perExpert);
      }
      tf.dispose([ref.value, ...Object.values(ref.grads)]);
    }
    tf.dispose([ours.value, ...Object.values(ours.grads), x, c, probe]);
    stacked.dispose();
    list.dispose();
  });

  it('unrouted experts get exactly zero gradient; shapes are checked; a step leaks nothing', () => {
    const ex = new StackedExperts({ count: E, inFeatures: d, hidden: h, outFeatures: o, seed: 4 });
    const x = tf.randomNormal([2, d], 0, 1, 'float32', 3);
    const c = tf.tensor2d([[0.5, 0.5, 0, 0], [1, 0, 0, 0]]);
    const { value, grads } = tf.variableGrads(() => tf.sum(ex.mix(x, c)) as tf.Scalar, ex.parameters());
    const g2 = grads[ex.l2.weight.name].arraySync() as number[][][];
    expect(g2[2].flat().every((v) => v === 0) && g2[3].flat().every((v) => v === 0)).toBe(true);
    expect(g2[0].flat().some((v) => v !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(() => ex.mix(tf.ones([2, d + 1]), c)).toThrow(ShapeError);
    expect(() => ex.mix(x, tf.ones([2, E - 1]))).toThrow(/combine must be \[2, 4\]/);
    const step = () => {
      const r = tf.variableGrads(() => tf.sum(ex.mix(x, c)) as tf.Scalar, ex.parameters());
      tf.dispose([r.value, ...Object.values(r.grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
    expect(ex.namedParameters().map(([n, v]) => [n, v.shape])).toEqual([['l1.weight', [E, d, h]], ['l1.bias', [E, h]], ['l2.weight', [E, h, o]], ['l2.bias', [E, o]]]);
    ex.dispose();
  });

  it('inference keeps the regrouped first-layer weight between calls and follows a weight update', () => {
    const [E, d, h, o] = [4, 3, 5, 2];
    const ex = new StackedExperts({ count: E, inFeatures: d, hidden: h, outFeatures: o, seed: 3 });
    const x = tf.randomNormal([2, d], 0, 1, 'float32', 1);
    const c = tf.tensor2d([[0.5, 0, 0.5, 0], [0, 1, 0, 0]]);
    const direct = (): number[] => tf.tidy(() => {
      // the experts one by one: Σ_j c_j (relu(x W1_j + b1_j) W2_j + b2_j)
      const parts = Array.from({ length: E }, (_, j) => {
        const w1 = tf.squeeze(tf.slice(ex.l1.weight, [j, 0, 0], [1, d, h]), [0]);
        const w2 = tf.squeeze(tf.slice(ex.l2.weight, [j, 0, 0], [1, h, o]), [0]);
        const hid = tf.relu(tf.add(tf.matMul(x, w1), tf.slice(ex.l1.bias!, [j, 0], [1, h])));
        return tf.mul(tf.add(tf.matMul(hid, w2), tf.slice(ex.l2.bias!, [j, 0], [1, o])), tf.slice(c, [0, j], [2, 1]));
      });
      return Array.from(tf.addN(parts).dataSync());
    });
    const mixed = (): number[] => tf.tidy(() => Array.from(ex.mix(x, c).dataSync()));
    mixed();
    const before = tf.memory().numTensors;
    mixed().forEach((v, i) => expect(v).toBeCloseTo(direct()[i], 5));
    expect(tf.memory().numTensors).toBe(before); // the kept weight was made by the first call
    const next = tf.mul(ex.l1.weight, -2);
    ex.l1.weight.assign(next);
    next.dispose();
    mixed().forEach((v, i) => expect(v).toBeCloseTo(direct()[i], 5)); // not the stale weight
    ex.dispose();
    tf.dispose([x, c]);
    expect(tf.memory().numTensors).toBe(before - 4 - 1 - 2); // parameters, the kept weight, x and c freed
  });
});
