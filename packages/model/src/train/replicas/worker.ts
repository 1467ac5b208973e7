/**
 * A replica of the data-parallel runner (an entry of its own in the package build): rebuilds
 * the whole model from its recipe (checked against the main thread's parameters), runs forward
 * and backward on its slice of each batch with its loss weighted by its share of the rows, sums
 * the gradients of every replica through shared memory in part order, clips and applies its
 * own AdamW (every replica then holds the same weights), and averages the models' buffers
 * (moving averages) weighted by rows the same way. Protocol: {@link ./messages}.
 */
import { workerData } from 'node:worker_threads';
import { initEngine, tf, Rng, AdamW, deriveSeed, StateError, type AdamWOptions } from '@umq/core';
import '../../models'; // registers every model class of the harness
import type { ModelBatch } from '../../types';
import { readSlots, writeSlots } from '../optimizer-slots';
import { SharedGradientSum } from '../shared-gradient-sum';
import { clipAndApply, stepGradients } from '../step-runner';
import { readInputs, type InputLayout } from '../workers/input-buffers';
import { WorkerThread } from '../workers/thread';
import { rowSlice } from '../encoder-workers/messages';
import { buildFromRecipe, modelSignature } from './model-recipe';
import { REPLICA_SLOT, type ReplicaInit, type ReplicaRequest, type ReplicaState, type ReplicaStepReport } from './messages';

const init = workerData as ReplicaInit;
const thread = new WorkerThread(init, REPLICA_SLOT.ABORT);

async function main(): Promise<void> {
  await initEngine({ engine: init.engine, warn: () => {} });
  const model = await buildFromRecipe(init.recipe);
  const named = model.namedParameters();
  const variables = named.map(([, v]) => v);
  const buffers = model.namedBuffers();
  const state = model.stateDict();
  const optimizer = new AdamW(init.optimizer as AdamWOptions);
  const { part, parts } = init.grads;
  const barrier = (flags: Int32Array, slot: number, step: number, from: string, started: number) => thread.waitFor(slot, step, 'gradients', from, flags, started);
  const gradientSum = new SharedGradientSum(init.grads, named, barrier);
  const bufferSum = init.buffers && buffers.length ? new SharedGradientSum(init.buffers, buffers, barrier) : null;
  let inputs: InputLayout[] = [];
  let epoch = -1;
  let rng = new Rng(0);

  const setState = (s: ReplicaState): void => {
    if (s.weights) {
      const names = Object.keys(state);
      const missing = names.filter((n) => !(n in s.weights!));
      const unexpected = Object.keys(s.weights).filter((n) => !(n in state));
      if (missing.length || unexpected.length) throw new StateError(`${init.label}: model state does not match (missing ${missing.join(', ') || 'none'}; unexpected ${unexpected.join(', ') || 'none'}): the replica must build the same model`);
      tf.tidy(() => {
        for (const n of names) state[n].assign(tf.tensor(s.weights![n].data, s.weights![n].shape, 'float32'));
      });
    }
    if (s.optimizer) writeSlots(optimizer, named, s.optimizer);
  };

  const getState = (weights: boolean, slots: boolean): ReplicaState => ({
    weights: weights ? Object.fromEntries(Object.entries(state).map(([n, v]) => [n, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }])) : null,
    optimizer: slots ? readSlots(optimizer, named) : null,
  });

  const step = (req: Extract<ReplicaRequest, { type: 'step' }>): ReplicaStepReport => {
    if (req.inputs) inputs = req.inputs;
    if (req.epoch !== epoch) {
      epoch = req.epoch;
      rng = new Rng(deriveSeed(init.seed, 'replica', epoch, part, parts));
    }
    optimizer.learningRate = req.learningRate;
    const [start, end] = rowSlice(req.batch, part, parts);
    const rows = end - start;
    const weight = rows / req.batch;
    const report: ReplicaStepReport = { loss: 0, terms: {}, gradNorm: null, tensors: 0, phases: { compute: 0, exchange: 0, update: 0, buffers: 0 } };
    let t = performance.now();
    const phase = (name: keyof ReplicaStepReport['phases']) => {
      const now = performance.now();
      report.phases[name] = now - t;
      t = now;
    };
    let own: tf.NamedTensorMap = {};
    if (rows > 0) {
      const xs = readInputs(inputs, rows);
      // with the rows' split indices, as the trainer's batches carry them (per-sample state of some models)
      const batch: ModelBatch & { index: Int32Array } = {
        index: req.index, x: xs.map((t) => t.x), mask: xs.map((t) => t.mask), y: tf.tensor1d(req.labels),
        ...(req.quality ? { quality: tf.tensor2d(req.quality, [req.quality.length / rows, rows]) } : {}),
      };
      try {
        thread.fault(req.step, 'forward');
        const g = stepGradients(model, batch, variables, { epoch: req.epoch, rng }, weight);
        own = g.grads;
        report.loss = g.value.dataSync()[0];
        for (const [k, t] of Object.entries(g.terms)) report.terms[k] = t.dataSync()[0] * weight;
        tf.dispose([g.value, ...Object.values(g.terms)]);
      } finally {
        tf.dispose([...batch.x, ...batch.mask.filter((m): m is tf.Tensor => m !== null), batch.y, ...(batch.quality ? [batch.quality] : [])]);
      }
    }
    phase('compute');
    thread.fault(req.step, 'backward');
    // a replica without rows (a batch smaller than the number of replicas) adds nothing but still meets the others
    let summed: tf.NamedTensorMap;
    try {
      summed = gradientSum.exchange(own, req.step);
    } finally {
      tf.dispose(Object.values(own));
    }
    phase('exchange');
    report.gradNorm = clipAndApply(summed, optimizer, init.clipNorm);
    phase('update');
    if (bufferSum) {
      // buffers (moving averages of batch statistics) are affine in their batch's mean: the row-weighted average is the whole batch's
      const weighted = tf.tidy(() => Object.fromEntries(buffers.map(([, v]) => [v.name, tf.mul(v, weight)])));
      const mean = bufferSum.exchange(weighted, req.step);
      tf.dispose(Object.values(weighted));
      for (const [, v] of buffers) v.assign(mean[v.name]);
      tf.dispose(Object.values(mean));
    }
    phase('buffers');
    report.tensors = tf.memory().numTensors;
    return report;
  };

  thread.serve((req: ReplicaRequest) => {
    if (req.type === 'step') return { report: step(req) };
    if (req.type === 'setState') return setState(req.state);
    if (req.type === 'getState') return { state: getState(req.weights, req.optimizer) };
    throw new Error(`unknown request ${JSON.stringify((req as { type: unknown }).type)}`);
  });
  thread.ready(modelSignature(model));
}

main().catch((e) => thread.fatal(e));
