// The full training objectives of TMC and RCML, composed from this package's pieces, against
// PyTorch float64 (tools/fixtures/evidential/make_evidential.py): value and gradient in the evidence.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine } from '@umq/core';
import { dempsterFold } from './dempster';
import { evidenceAverage } from './average';
import { evidentialLoss } from './evidential-loss';
import { conflictiveConsistencyLoss } from './consistency-loss';
import { fixture, maxRelErr } from './test-helpers.testutil';

describe('TMC and RCML objectives against PyTorch', () => {
  beforeAll(async () => {
    await initEngine();
  });
  const y = (): tf.Tensor => tf.tensor1d(fixture.labels);
  const edl = (e: tf.Tensor, labels: tf.Tensor): tf.Tensor => tf.mean(evidentialLoss(tf.add(e, 1), labels, { klWeight: fixture.klWeight }));

  it('TMC: Σ_v L(α_v) + L(α_Dempster), batch means', () => {
    const labels = y();
    const f = (e: tf.Tensor): tf.Scalar => tf.addN([...tf.unstack(e).map((v) => edl(v, labels)), edl(dempsterFold(e), labels)]) as tf.Scalar;
    const e = tf.tensor3d(fixture.evidence);
    const { value, grads } = tf.valueAndGrads(f)([e]);
    expect(maxRelErr(value, [fixture.tmcLoss])).toBeLessThan(2e-5);
    expect(maxRelErr(grads[0], fixture.tmcGrad, 1e-3)).toBeLessThan(2e-4);
    tf.dispose([labels, e, value, ...grads]);
  });

  it('RCML: (L(α_avg) + Σ_v L(α_v)) / (M + 1) + γ · conflictive consistency, γ = 1', () => {
    const labels = y();
    const f = (e: tf.Tensor): tf.Scalar =>
      tf.add(tf.div(tf.addN([edl(evidenceAverage(e), labels), ...tf.unstack(e).map((v) => edl(v, labels))]), fixture.M + 1), conflictiveConsistencyLoss(e)) as tf.Scalar;
    const e = tf.tensor3d(fixture.evidence);
    const { value, grads } = tf.valueAndGrads(f)([e]);
    expect(maxRelErr(value, [fixture.rcmlLoss])).toBeLessThan(2e-5);
    expect(maxRelErr(grads[0], fixture.rcmlGrad, 1e-3)).toBeLessThan(2e-4);
    tf.dispose([labels, e, value, ...grads]);
  });
});
