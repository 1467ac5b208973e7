// The README example, run as written (with `console.log` replaced by assertions).
import { it, expect } from 'vitest';
import { initEngine, tf, Rng } from '@umq/core';
import { QualityEstimator, UnimodalHeads, unimodalLoss, addNoise, qualityLosses } from './index';

it('README example runs', async () => {
  await initEngine();
  const [M, B, d] = [3, 8, 16];
  const qe = new QualityEstimator({ modalities: M, features: d, seed: 1 });
  const heads = new UnimodalHeads({ modalities: M, features: d, outFeatures: 1, seed: 2 });
  const u = tf.randomNormal([M, B, d]), y = tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1]), rng = new Rng(3);
  const { perSample: ell, loss: lUni } = unimodalLoss(heads.call(u), y, 'binary');
  const q = qe.call(u);
  const qLow = qe.call(tf.randomNormal([M, B, d])), qNoisy = qe.call(addNoise(u, rng.tfSeed()).noisy);
  const { total, terms, diagnostics } = qualityLosses({ q, qLow, qNoisy, ell }, { mu: 0.1 });
  for (const x of [total, terms.rank, diagnostics.highFraction, lUni]) expect(Number.isFinite(x.dataSync()[0])).toBe(true);
});
