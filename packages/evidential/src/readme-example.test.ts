// The README example, run as written (with `console.log` replaced by assertions).
import { it, expect } from 'vitest';
import { initEngine, tf, AdamW } from '@umq/core';
import { dempsterFold, dirichletOpinion, evidentialLoss, annealingCoefficient } from './index';

it('README example runs: TMC objective on two linear evidence heads decreases', async () => {
  await initEngine();
  const K = 3, y = tf.tensor1d([0, 1, 2, 1, 0, 2]);
  const views = [tf.randomNormal([6, 5], 0, 1, 'float32', 1), tf.randomNormal([6, 7], 0, 1, 'float32', 2)];
  const w = views.map((x, m) => tf.variable(tf.randomNormal([x.shape[1] as number, K], 0, 0.1, 'float32', 10 + m)));
  const objective = (klWeight: number) => tf.tidy(() => {
    const evidence = views.map((x, m) => tf.softplus(tf.matMul(x, w[m])));
    const fused = dempsterFold(evidence);
    return tf.addN([...evidence, fused].map((e) => tf.mean(evidentialLoss(tf.add(e, 1), y, { klWeight })))) as tf.Scalar;
  });
  const opt = new AdamW({ learningRate: 0.05, weightDecay: 1e-5, weightDecayMode: 'coupled' });
  const before = objective(1).dataSync()[0];
  for (let epoch = 0; epoch < 60; epoch++) opt.minimize(() => objective(annealingCoefficient(epoch + 1, 10)));
  const fusedU = dirichletOpinion(dempsterFold(views.map((x, m) => tf.softplus(tf.matMul(x, w[m]))))).uncertainty;
  const after = objective(1).dataSync()[0];
  expect(after).toBeLessThan(before);
  expect(fusedU.dataSync()[0]).toBeGreaterThan(0);
  expect(fusedU.dataSync()[0]).toBeLessThan(1);
});
