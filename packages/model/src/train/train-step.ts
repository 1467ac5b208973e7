/**
 * One training step (forward with losses, backward, optional clipping by the global norm,
 * AdamW), either all on this thread or with UMQ's encoders in worker threads.
 */
import { tf, clipByGlobalNorm, clipScale, scaleGradients, squaredNorms, globalNorm, OptionError, type AdamW, type Rng } from '@umq/core';
import type { HarnessModel } from '../types';
import type { SplitArrays, SplitBatch } from './split';
import { isEncoderEntry, type EncoderWorkers } from './encoder-workers';

/** What a step needs besides its batch. */
export interface StepContext {
  /** The model (on this thread). */
  model: HarnessModel;
  /** Variables this thread trains. */
  variables: tf.Variable[];
  /** The optimizer of those variables. */
  optimizer: AdamW;
  /** Dropout and noise draws of this thread. */
  rng: Rng;
  /** Clip to this global L2 norm; null = no clipping. */
  clipNorm: number | null;
  /** The 0-based epoch of the step (passed to the model's forward). */
  epoch: number;
}

/** What a step reports. */
export interface StepResult {
  /** The training objective before the update. */
  loss: number;
  /** Every loss term (scalars owned by the caller). */
  terms: Record<string, tf.Scalar>;
  /** The pre-clip global gradient norm (when clipping), else null. */
  gradNorm: number | null;
}

/** A step with every parameter on this thread. */
export async function serialStep(batch: SplitBatch, ctx: StepContext): Promise<StepResult> {
  let terms: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const out = ctx.model.forward(batch, { training: true, rng: ctx.rng, computeLosses: true, epoch: ctx.epoch });
    terms = out.terms;
    for (const t of Object.values(terms)) tf.keep(t);
    return out.loss as tf.Scalar;
  }, ctx.variables);
  let applied = grads;
  let gradNorm: number | null = null;
  if (ctx.clipNorm !== null) {
    const clipped = clipByGlobalNorm(grads, ctx.clipNorm);
    gradNorm = clipped.norm;
    applied = clipped.grads as typeof grads;
    if (clipped.grads !== grads) tf.dispose(Object.values(grads));
  }
  ctx.optimizer.applyGradients(applied);
  tf.dispose(Object.values(applied));
  const loss = (await value.data())[0];
  value.dispose();
  return { loss, terms, gradNorm };
}

/**
 * A step with the encoders in `pool`'s workers: they encode the batch rows of `split` into
 * `U`; this thread runs the rest of the model on `U` (`ForwardOptions.encoded`), sends
 * `dL/dU` back, and (when clipping) forms the global norm from the squared norms of every
 * parameter's gradient, wherever it lives, in the order serial training sums them. `ctx.variables` are the non-encoder parameters.
 */
export async function encoderWorkerStep(pool: EncoderWorkers, batch: SplitBatch, split: SplitArrays, ctx: StepContext): Promise<StepResult> {
  const encoded = await pool.encode(split, batch.index, ctx.epoch, ctx.optimizer.learningRate);
  const u = tf.variable(encoded, true); // [M, B, d]: a variable, so dL/dU comes out of variableGrads
  encoded.dispose();
  let terms: Record<string, tf.Scalar> = {};
  try {
    const { value, grads } = tf.variableGrads(() => {
      const out = ctx.model.forward(batch, { training: true, rng: ctx.rng, computeLosses: true, epoch: ctx.epoch, encoded: u });
      terms = out.terms;
      for (const t of Object.values(terms)) tf.keep(t);
      return out.loss as tf.Scalar;
    }, [...ctx.variables, u]);
    const gU = grads[u.name];
    delete grads[u.name];
    let applied = grads;
    try {
      if (!gU) throw new OptionError('encoderWorkerStep: the loss does not depend on options.encoded: the model must use U from ForwardOptions.encoded instead of its own encoders');
      pool.sendGradient((await gU.data()) as Float32Array);
      let gradNorm: number | null = null;
      if (ctx.clipNorm !== null) {
        // the global norm over all parameters, summed in the order serial training sums them
        const order = ctx.model.namedParameters().filter(([n, v]) => isEncoderEntry(n) || grads[v.name]);
        const head = squaredNorms(order.filter(([n]) => !isEncoderEntry(n)).map(([, v]) => grads[v.name]));
        const encoders = await pool.squaredNorms();
        let i = 0;
        gradNorm = globalNorm(order.flatMap(([n]) => (!isEncoderEntry(n) ? [head[i++]] : encoders.has(n) ? [encoders.get(n)!] : [])));
        const scale = clipScale(gradNorm, ctx.clipNorm);
        pool.sendScale(scale);
        applied = scaleGradients(grads, scale);
      }
      ctx.optimizer.applyGradients(applied);
      const loss = (await value.data())[0];
      await pool.finishStep();
      return { loss, terms, gradNorm };
    } catch (e) {
      tf.dispose(Object.values(terms));
      throw e;
    } finally {
      tf.dispose([value, ...(gU ? [gU] : []), ...Object.values(grads), ...(applied !== grads ? Object.values(applied) : [])]);
    }
  } finally {
    u.dispose();
  }
}
