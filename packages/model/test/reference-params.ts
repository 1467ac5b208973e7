/**
 * The PyTorch reference's parameters (`umq_torch.UMQ.state_dict()`, nested lists) under our
 * names (our Linear weights are [in, out]: the transpose), for the parity tests of UMQModel.
 */
import { tf } from '@umq/core';

type Nested = number | Nested[];

/** `params` of a reference fixture -> a state dict for a UMQModel with M vector modalities. */
export function referenceParams(P: Record<string, Nested>, M: number): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  const t = (name: string) => tf.tensor(P[name] as number[][]);
  const linearT = (from: string, to: string) => {
    out[`${to}.weight`] = tf.transpose(t(`${from}.weight`));
    out[`${to}.bias`] = t(`${from}.bias`);
  };
  // per-modality (and per-expert) networks are stacked as the reference's MultiLinear: weight [G, in, out], bias [G, out]
  const stacked = (from: string, to: string) => {
    const b = t(`${from}.bias`);
    out[`${to}.weight`] = t(`${from}.weight`);
    out[`${to}.bias`] = tf.reshape(b, [b.shape[0], -1]);
    b.dispose();
  };
  for (let m = 0; m < M; m++) {
    linearT(`encoders.${m}.net.0`, `encoders.${m}.net.l1`);
    linearT(`encoders.${m}.net.3`, `encoders.${m}.net.l2`);
    out[`encoders.${m}.ln.gamma`] = t(`encoders.${m}.ln.weight`);
    out[`encoders.${m}.ln.beta`] = t(`encoders.${m}.ln.bias`);
  }
  for (const [from, to] of [['qe', 'qe.qe'], ['heads', 'heads.heads'], ['dec', 'decoupler.dec'], ['cpl', 'decoupler.cpl'], ['enh', 'enhancer.enh'], ['experts', 'moe.experts']]) {
    stacked(`${from}.l1`, `${to}.l1`);
    stacked(`${from}.l2`, `${to}.l2`);
  }
  stacked('k_proj', 'enhancer.keyProj');
  stacked('v_proj', 'enhancer.valueProj');
  out['baseline.movingAverage'] = t('b_bar');
  out['baseline.bias'] = t('e_bias');
  out['enhancer.query'] = t('query');
  linearT('fusion.0', 'fusion.l1');
  linearT('fusion.3', 'fusion.l2');
  linearT('gate', 'moe.gate.proj');
  linearT('predictor.0', 'predictor.l1');
  linearT('predictor.3', 'predictor.l2');
  return out;
}

