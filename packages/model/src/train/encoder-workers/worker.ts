/**
 * The worker side of the encoder-worker runner (an entry of its own in the package build):
 * builds the model's encoders only (`ModalityEncoders` from their config), runs the forward
 * pass of its modalities (split 'rows': of every modality, on its slice of the batch rows),
 * hands `u` to the main thread, blocks (Atomics.wait, bounded) inside `tf.variableGrads` until
 * the main thread has written `dL/du`, finishes the backward pass (split 'rows': sums the
 * gradients of every part through shared memory, in part order) and applies its own AdamW.
 * Protocol: {@link ./messages}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine, tf, Rng, AdamW, deriveSeed, StateError, scaleGradients, squaredNorms, type AdamWOptions } from '@umq/core';
import { ModalityEncoders, type ModalityEncodersOptions } from '../../encoders/modality-encoders';
import { readSlots, writeSlots } from '../optimizer-slots';
import { SharedGradientSum } from '../shared-gradient-sum';
import { readInputs, type InputLayout } from './input-buffers';
import { SLOT, SCALAR, CONTROL_SLOTS, serializeError, rowSlice, type EncoderState, type EncoderWorkerInit, type EncoderWorkerReply, type EncoderWorkerRequest } from './messages';

const init = workerData as EncoderWorkerInit;
const port = parentPort!;
const control = new Int32Array(init.control);
const scalars = new Float64Array(init.scalars);
const uOut = new Float32Array(init.u);
const gIn = new Float32Array(init.g);
const send = (msg: EncoderWorkerReply): void => port.postMessage(msg);

/**
 * Blocks until `flags[slot]` is `step` (by default a slot of the control array, which the main
 * thread sets). Throws when the main thread aborts or `started + timeout` passes.
 */
function waitFor(slot: number, step: number, what: string, from = 'the main thread', flags: Int32Array = control, started = Date.now()): void {
  const deadline = started + init.timeoutMs;
  for (;;) {
    const seen = Atomics.load(flags, slot);
    if (seen === step) return;
    if (Atomics.load(control, SLOT.ABORT) !== 0) throw new Error(`${init.label}: the main thread aborted step ${step} while the worker waited for ${what} from ${from}`);
    if (Date.now() > deadline) throw new Error(`${init.label}: no ${what} from ${from} within ${init.timeoutMs} ms at step ${step}`);
    Atomics.wait(flags, slot, seen, 200);
  }
}

function signal(slot: number, step: number): void {
  Atomics.store(control, slot, step);
  Atomics.notify(control, slot);
}

function fault(step: number, phase: 'forward' | 'backward'): void {
  const f = init.fault;
  if (!f || f.step !== step || f.phase !== phase) return;
  if (f.kind === 'exit') process.exit(3);
  if (f.kind === 'hang') for (;;) Atomics.wait(control, CONTROL_SLOTS - 1, 0); // until terminated
  throw new Error(`injected fault at step ${step} (${phase})`);
}

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

  port.on('message', (req: EncoderWorkerRequest) => {
    try {
      if (req.type === 'step') {
        step(req);
        send({ type: 'reply', id: req.id });
      } else if (req.type === 'setState') {
        setState(req.state);
        send({ type: 'reply', id: req.id });
      } else if (req.type === 'getState') {
        send({ type: 'reply', id: req.id, state: getState(req.weights, req.optimizer) });
      } else {
        throw new Error(`unknown request ${JSON.stringify((req as { type: unknown }).type)}`);
      }
    } catch (e) {
      send({ type: 'error', id: req.id, error: serializeError(e) });
    }
  });
  send({ type: 'ready', params: params.map(([n]) => n) });
}

main().catch((e) => send({ type: 'error', id: 0, error: serializeError(e) }));
