/**
 * The worker side of `train({ encoderWorkers })` (entry of its own in the package build): owns
 * the encoders of some modalities (split 'rows': a replica of every encoder, for its slice of
 * the batch rows), runs their forward pass, hands `u` to the main thread, blocks
 * (Atomics.wait, bounded) inside `tf.variableGrads` until the main thread has written `dL/du`,
 * then finishes the backward pass (split 'rows': sums the gradients of every part through
 * shared memory, in part order) and applies its own AdamW. Protocol:
 * {@link ./encoder-worker-protocol}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine, tf, Rng, AdamW, deriveSeed, StateError, scaleGradients, squaredNorms, type Module, type AdamWOptions, type NamedTensor } from '@umq/core';
import { UMQModel, type UMQModelOptions } from '../umq/umq-model';
import {
  SLOT, SCALAR, CONTROL_SLOTS, serializeError, rowSlice, type EncoderState, type EncoderWorkerInit, type EncoderWorkerReply, type EncoderWorkerRequest, type InputLayout, type SlotState,
} from './encoder-worker-protocol';

const init = workerData as EncoderWorkerInit;
const port = parentPort!;
const control = new Int32Array(init.control);
const scalars = new Float64Array(init.scalars);
const uOut = new Float32Array(init.u);
const gIn = new Float32Array(init.g);
const send = (msg: EncoderWorkerReply): void => port.postMessage(msg);

/**
 * Blocks until `flags[slot]` is `step`: by default a slot of the control array, which the main
 * thread sets; split 'rows' also waits on the other parts' flags. Throws when the main thread
 * aborts or the deadline (default: the timeout from now) passes.
 */
function waitFor(slot: number, step: number, what: string, from = 'the main thread', flags = control, deadline = Date.now() + init.timeoutMs): void {
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
  // Build the model exactly as the main thread did (same options, same seeds), keep its encoders.
  const model = new UMQModel(init.modelConfig as unknown as UMQModelOptions);
  const keep = new Set(init.modalities.map((m) => `encoder${m}`));
  for (const [name, child] of model.children()) if (!keep.has(name)) child.dispose();
  const encoders = init.modalities.map((m) => model.children().get(`encoder${m}`) as Module & { call(x: tf.Tensor, mask: tf.Tensor | null, ctx: { training: boolean; rng: Rng }): tf.Tensor });
  const state: Record<string, tf.Variable> = {};
  const params: [string, tf.Variable][] = [];
  init.modalities.forEach((m, i) => {
    for (const [k, v] of Object.entries(encoders[i].stateDict())) state[`encoder${m}.${k}`] = v;
    params.push(...encoders[i].namedParameters(`encoder${m}.`));
  });
  const dottedOf = new Map(params.map(([n, v]) => [v.name, n]));
  const optimizer = new AdamW(init.optimizer as AdamWOptions);
  const k = init.modalities.length;
  const d = init.d;
  let inputs: { layout: InputLayout; x: Float32Array; mask: Float32Array | null }[] = [];
  let epoch = -1;
  let rngs: Rng[] = [];

  const setState = (s: EncoderState): void => {
    const names = Object.keys(state);
    const missing = names.filter((n) => !(n in s.weights));
    const unexpected = Object.keys(s.weights).filter((n) => !(n in state));
    if (missing.length || unexpected.length) throw new StateError(`${init.label}: encoder state does not match (missing ${missing.join(', ') || 'none'}; unexpected ${unexpected.join(', ') || 'none'}): the worker and the main thread must build the same model`);
    for (const n of names) {
      const { shape, data } = s.weights[n];
      const v = state[n];
      if (shape.length !== v.shape.length || shape.some((x, i) => x !== v.shape[i])) throw new StateError(`${init.label}: \`${n}\` has shape [${shape.join(', ')}] on the main thread but [${v.shape.join(', ')}] in the worker: the worker and the main thread must build the same model`);
      tf.tidy(() => v.assign(tf.tensor(data, shape, 'float32')));
    }
    if (s.optimizer) {
      const byDotted = new Map(params.map(([n, v]) => [n, v]));
      const list: NamedTensor[] = [];
      try {
        for (const [n, slot] of Object.entries(s.optimizer)) {
          const v = byDotted.get(n);
          if (!v) throw new StateError(`${init.label}: optimizer state for \`${n}\`, which is not a parameter of this worker's encoders`);
          list.push({ name: `${v.name}/m`, tensor: tf.tensor(slot.m, v.shape, 'float32') }, { name: `${v.name}/v`, tensor: tf.tensor(slot.v, v.shape, 'float32') }, { name: `${v.name}/step`, tensor: tf.scalar(slot.step, 'int32') });
        }
        optimizer.setWeightsSync(list);
      } finally {
        tf.dispose(list.map((w) => w.tensor));
      }
    }
  };

  const getState = (withOptimizer: boolean): EncoderState => {
    const weights: EncoderState['weights'] = {};
    for (const [n, v] of Object.entries(state)) weights[n] = { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) };
    let slots: Record<string, SlotState> | null = null;
    if (withOptimizer) {
      slots = {};
      const list = optimizer.getWeightsSync();
      try {
        const by = new Map(list.map((w) => [w.name, w.tensor]));
        for (const [name, dotted] of dottedOf) {
          const m = by.get(`${name}/m`);
          if (!m) continue; // no step taken yet
          slots[dotted] = { m: Float32Array.from(m.dataSync() as Float32Array), v: Float32Array.from(by.get(`${name}/v`)!.dataSync() as Float32Array), step: by.get(`${name}/step`)!.dataSync()[0] };
        }
      } finally {
        tf.dispose(list.map((w) => w.tensor));
      }
    }
    return { weights, optimizer: slots };
  };

  // split 'rows': every part's flattened gradients and flags (barrier steps, then which parameters had a gradient)
  const rows = init.rows;
  const sizes = params.map(([, v]) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const allGrads = rows ? new Float32Array(rows.grads) : null;
  const flags = rows ? new Int32Array(rows.flags) : null;

  /** Sums the parts' gradients, in part order (so every replica gets bit-identical sums); returns new tensors. */
  const sumOverParts = (grads: tf.NamedTensorMap, step: number): tf.NamedTensorMap => {
    const { part, parts } = rows!;
    const n = params.length;
    const mine = allGrads!.subarray(part * total, (part + 1) * total);
    let off = 0;
    params.forEach(([, v], i) => {
      const g = grads[v.name];
      if (g) mine.set(g.dataSync() as Float32Array, off);
      else mine.fill(0, off, off + sizes[i]);
      flags![parts + part * n + i] = g ? 1 : 0;
      off += sizes[i];
    });
    Atomics.store(flags!, part, step);
    Atomics.notify(flags!, part);
    const deadline = Date.now() + init.timeoutMs; // one timeout for the whole barrier
    for (let j = 0; j < parts; j++) waitFor(j, step, 'gradients', `part ${j + 1} of ${parts}`, flags!, deadline);
    const sum = Float32Array.from(allGrads!.subarray(0, total));
    for (let j = 1; j < parts; j++) {
      const g = allGrads!.subarray(j * total, (j + 1) * total);
      for (let x = 0; x < total; x++) sum[x] += g[x];
    }
    const out: tf.NamedTensorMap = {};
    off = 0;
    params.forEach(([, v], i) => {
      let any = false;
      for (let j = 0; j < parts && !any; j++) any = flags![parts + j * n + i] === 1;
      if (any) out[v.name] = tf.tensor(sum.subarray(off, off + sizes[i]), v.shape, 'float32');
      off += sizes[i];
    });
    return out;
  };

  const step = (req: Extract<EncoderWorkerRequest, { type: 'step' }>): void => {
    if (req.inputs) inputs = req.inputs.map((layout) => ({ layout, x: new Float32Array(layout.x), mask: layout.mask ? new Float32Array(layout.mask) : null }));
    if (req.epoch !== epoch) {
      epoch = req.epoch;
      rngs = init.modalities.map((m) => new Rng(rows ? deriveSeed(init.seed, 'dropout', epoch, 'encoder', m, 'rows', rows.part, rows.parts) : deriveSeed(init.seed, 'dropout', epoch, 'encoder', m)));
    }
    optimizer.learningRate = req.learningRate;
    const [start, end] = rows ? rowSlice(req.batch, rows.part, rows.parts) : [0, req.batch];
    const B = end - start; // the main thread wrote this worker's rows from the start of its buffers
    const xs = B === 0 ? [] : inputs.map(({ layout: l, x, mask }) => ({
      x: l.sequence ? tf.tensor3d(x.subarray(0, B * l.t * l.d), [B, l.t, l.d]) : tf.tensor2d(x.subarray(0, B * l.d), [B, l.d]),
      mask: mask ? tf.tensor2d(mask.subarray(0, B * l.t), [B, l.t]) : null,
    }));
    try {
      let grads: tf.NamedTensorMap = {};
      if (B > 0) {
        const r = tf.variableGrads(() => {
          fault(req.step, 'forward');
          const u = tf.stack(encoders.map((e, i) => e.call(xs[i].x, xs[i].mask, { training: true, rng: rngs[i] })), 0); // [k, B, d]
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
      if (rows) {
        const own = grads;
        try {
          grads = sumOverParts(own, req.step);
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
        send({ type: 'reply', id: req.id, state: getState(req.optimizer) });
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
