// The README example, run as written (with `console.log` replaced by assertions).
import { it, expect } from 'vitest';
import { initEngine, tf, Rng } from '@umq/core';
import { ModalityDecoupler, ModalityBaseline, QualityEnhancer, enhancerLoss } from './index';

it('README example runs', async () => {
  await initEngine();
  const [M, B, d] = [3, 8, 16], ctx = { training: true, rng: new Rng(1) };
  const dec = new ModalityDecoupler({ modalities: M, features: d, seed: 1 });
  const base = new ModalityBaseline({ modalities: M, features: d });
  const enh = new QualityEnhancer({ modalities: M, features: d, seed: 2 });
  const u = tf.randomNormal([M, B, d]), q = tf.randomUniform([M, B]);
  const { s, c, losses } = dec.call(u, ctx);
  const b = base.call(c, ctx);
  const { output, context } = enh.call({ u, q, keys: s, baseline: b }, ctx);
  const uNoisy = tf.add(tf.mul(u, 0.5), tf.mul(tf.randomNormal([M, B, d]), 0.5));
  const lEnh = enhancerLoss(enh.enhance(uNoisy, tf.mul(q, 0.5), context, ctx), u, q, 0.5);
  expect(output.shape).toEqual([M, B, d]);
  for (const x of [losses!.total, lEnh.loss, lEnh.selectedFraction]) expect(Number.isFinite(x.dataSync()[0])).toBe(true);
});
