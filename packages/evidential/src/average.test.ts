import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, OptionError } from '@umq/core';
import { gradCheck } from '../../../tools/testing/grad-check';
import { evidenceAverage, sequentialEvidenceAverage } from './average';
import { fuseEvidence, EVIDENCE_FUSION_RULES, type EvidenceFusionRule } from './fuse-evidence';
import { dempsterFold } from './dempster';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('evidence averages (ECML paper and RCML code) and fuseEvidence', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('hand values and the fixture', () => {
    expect(maxRelErr(evidenceAverage(tf.tensor3d([[[4, 0]], [[0, 2]]])), [2, 1])).toBeLessThan(1e-6);
    expect(maxRelErr(sequentialEvidenceAverage(tf.tensor3d([[[4, 0]], [[0, 4]], [[8, 8]]])), [5, 5])).toBeLessThan(1e-6);
    const e = tf.tensor3d(fixture.evidence);
    expect(maxRelErr(evidenceAverage(e), fixture.average)).toBeLessThan(1e-6);
    expect(maxRelErr(sequentialEvidenceAverage(e), fixture.sequentialAverage)).toBeLessThan(1e-6);
    e.dispose();
  });

  it('the sequential average weighs six views 1/32, 1/32, 1/16, 1/8, 1/4, 1/2 (the last view dominates)', () => {
    const views = tf.tensor3d(Array.from({ length: 6 }, (_, v) => [Array.from({ length: 6 }, (_, k) => (k === v ? 1 : 0))])); // view v: evidence 1 on class v
    const w = Array.from(sequentialEvidenceAverage(views).dataSync());
    expect(w).toEqual([1 / 32, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2]);
    const mean = Array.from(evidenceAverage(views).dataSync());
    mean.forEach((v) => expect(v).toBeCloseTo(1 / 6, 6));
    views.dispose();
  });

  it('fuseEvidence dispatches by name and rejects unknown rules', () => {
    const e = tf.tensor3d(fixture.evidence);
    const expected: Record<EvidenceFusionRule, tf.Tensor> = { dempster: dempsterFold(e), average: evidenceAverage(e), 'sequential-average': sequentialEvidenceAverage(e) };
    for (const rule of EVIDENCE_FUSION_RULES) expect(Array.from(fuseEvidence(e, rule).dataSync())).toEqual(Array.from(expected[rule].dataSync()));
    expect(() => fuseEvidence(e, 'mean' as EvidenceFusionRule)).toThrow(OptionError);
    tf.dispose([e, ...Object.values(expected)]);
  });

  it('gradients by finite differences; no leaks', () => {
    const e = tf.tensor3d([[[0.5, 1.2]], [[2, 0.3]], [[0.4, 1.5]]]);
    const w = tf.tensor2d([[0.7, -1.1]]);
    for (const f of [evidenceAverage, sequentialEvidenceAverage]) {
      const [err] = gradCheck((x) => tf.sum(tf.mul(f(x), w)) as tf.Scalar, [e]);
      expect(err).toBeLessThan(1e-3);
    }
    const before = tf.memory().numTensors;
    tf.dispose([evidenceAverage(e), sequentialEvidenceAverage(e)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([e, w]);
  });
});
