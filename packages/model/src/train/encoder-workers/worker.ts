/**
 * The worker side of the encoder-worker runner (an entry of its own in the package build):
 * builds the model's encoders only (`ModalityEncoders` from their config), runs the forward
 * pass of its modalities (split 'rows': of every modality, on its slice of the batch rows),
 * hands `u` to the main thread, blocks (Atomics.wait, bounded) inside `tf.variableGrads` until
 * the main thread has written `dL/du`, finishes the backward pass (split 'rows': sums the
 * gradients of every part through shared memory, in part order) and applies its own AdamW.
 * Protocol: {@link ./messages}.
 */
import { workerData } from 'node:worker_threads';
import { initEngine, tf, Rng, AdamW, deriveSeed, StateError, scaleGradients, squaredNorms, type AdamWOptions } from '@umq/core';
import { ModalityEncoders, type ModalityEncodersOptions } from '../../encoders/modality-encoders';
import { readSlots, writeSlots } from '../optimizer-slots';
import { SharedGradientSum } from '../shared-gradient-sum';
import { readInputs, type InputLayout } from '../workers/input-buffers';
import { WorkerThread } from '../workers/thread';
import { SLOT, SCALAR, rowSlice, type EncoderState, type EncoderWorkerInit, type EncoderWorkerRequest } from './messages';

const init = workerData as EncoderWorkerInit;
const thread = new WorkerThread(init, SLOT.ABORT);
const scalars = new Float64Array(init.scalars);
const uOut = new Float32Array(init.u);
const gIn = new Float32Array(init.g);
const waitFor = thread.waitFor.bind(thread);
const signal = thread.signal.bind(thread);
const fault = thread.fault.bind(thread);

async function main(): Promise<void> {
  await initEngine({ engine: init.engine, warn: () => {} });
  const all = new ModalityEncoders(init.encoders as unknown as ModalityEncodersOptions);
  // this worker's encoders and their parameters under the encoders module's names
  const state = all.stateOf(init.modalities);
  const params = all.parametersOf(init.modalities);
  for (let m = 0; m < all.size; m++) if (!init.modalities.includes(m)) all.encoder(m).dispose();
  const optimizer = new AdamW(init.optimizer as AdamWOptions);
  const k = init.modalities.length;
  const d = init.d;
  let inputs: InputLayout[] = [];
  let epoch = -1;
  let rngs: Rng[] = [];
  const rows = init.rows;
  const gradientSum = rows ? new SharedGradientSum(rows, params, (flags, slot, step, from, started) => waitFor(slot, step, 'gradients', from, flags, started)) : null;

  const setState = (s: EncoderState): void => {
    if (s.weights) setWeights(s.weights);
    if (s.optimizer) writeSlots(optimizer, params, s.optimizer);
  };

  const setWeights = (weights: NonNullable<EncoderState['weights']>): void => {
    const names = Object.keys(state);
    const missing = names.filter((n) => !(n in weights));
    const unexpected = Object.keys(weights).filter((n) => !(n in state));
    if (missing.length || unexpected.length) throw new StateError(`${init.label}: encoder state does not match (missing ${missing.join(', ') || 'none'}; unexpected ${unexpected.join(', ') || 'none'}): the worker and the main thread must build the same encoders`);
    for (const n of names) {
      const { shape, data } = weights[n];
      const v = state[n];
      if (shape.length !== v.shape.length || shape.some((x, i) => x !== v.shape[i])) throw new StateError(`${init.label}: \`${n}\` has shape [${shape.join(', ')}] on the main thread but [${v.shape.join(', ')}] in the worker: the worker and the main thread must build the same encoders`);
      tf.tidy(() => v.assign(tf.tensor(data, shape, 'float32')));
    }
  };

  const getState = (withWeights: boolean, withOptimizer: boolean): EncoderState => {
    const weights = withWeights ? Object.fromEntries(Object.entries(state).map(([n, v]) => [n, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }])) : null;
    return { weights, optimizer: withOptimizer ? readSlots(optimizer, params) : null };
  };

  const step = (req: Extract<EncoderWorkerRequest, { type: 'step' }>): void => {
    if (req.inputs) inputs = req.inputs;
    if (req.epoch !== epoch) {
      epoch = req.epoch;
      rngs = init.modalities.map((m) => new Rng(rows ? deriveSeed(init.seed, 'dropout', epoch, 'encoder', m, 'rows', rows.part, rows.parts) : deriveSeed(init.seed, 'dropout', epoch, 'encoder', m)));
    }
    optimizer.learningRate = req.learningRate;
    const [start, end] = rows ? rowSlice(req.batch, rows.part, rows.parts) : [0, req.batch];
    const B = end - start; // the main thread wrote this worker's rows from the start of its buffers
    const xs = B === 0 ? [] : readInputs(inputs, B);
    try {
      let grads: tf.NamedTensorMap = {};
      if (B > 0) {
        const r = tf.variableGrads(() => {
          fault(req.step, 'forward');
          const u = tf.stack(init.modalities.map((m, i) => all.encoder(m).call(xs[i].x, xs[i].mask, { training: true, rng: rngs[i] })), 0); // [k, B, d]
          uOut.set(u.dataSync() as Float32Array);
          signal(SLOT.U_READY, req.step);
          waitFor(SLOT.G_READY, req.step, 'dL/du');
          fault(req.step, 'backward');
          const g = tf.tensor3d(gIn.subarray(0, k * B * d), [k, B, d]);
          return tf.sum(tf.mul(u, g)) as tf.Scalar; // its gradient is dL/du pulled back through the encoders
        }, params.map(([, v]) => v));
        r.value.dispose();
        grads = r.grads;
      } else {
        // no rows in this step's slice (a batch smaller than the number of workers): no gradient of its own
        signal(SLOT.U_READY, req.step);
        waitFor(SLOT.G_READY, req.step, 'dL/du');
      }
      if (gradientSum) {
        const own = grads;
        try {
          grads = gradientSum.exchange(own, req.step);
        } finally {
          tf.dispose(Object.values(own));
        }
      }
      let applied = grads;
      try {
        if (req.clip) {
          const have = params.filter(([, v]) => grads[v.name]);
          const norms = squaredNorms(have.map(([, v]) => grads[v.name]));
          const at = new Map(have.map(([n], i) => [n, norms[i]]));
          params.forEach(([n], i) => (scalars[SCALAR.SQUARED_NORMS + i] = at.get(n) ?? -1));
          signal(SLOT.SQ_READY, req.step);
          waitFor(SLOT.SCALE_READY, req.step, 'the clipping factor');
          applied = scaleGradients(grads, scalars[SCALAR.SCALE]);
        }
        optimizer.applyGradients(applied);
      } finally {
        tf.dispose(Object.values(grads));
        if (applied !== grads) tf.dispose(Object.values(applied));
      }
    } finally {
      tf.dispose(xs.flatMap((t) => (t.mask ? [t.x, t.mask] : [t.x])));
    }
  };

  thread.serve((req: EncoderWorkerRequest) => {
    if (req.type === 'step') return step(req);
    if (req.type === 'setState') return setState(req.state);
    if (req.type === 'getState') return { state: getState(req.weights, req.optimizer) };
    throw new Error(`unknown request ${JSON.stringify((req as { type: unknown }).type)}`);
  });
  thread.ready(params.map(([n]) => n));
}

main().catch((e) => thread.fatal(e));
