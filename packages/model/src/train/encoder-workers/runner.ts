/**
 * The encoder-worker runner: a model's modality encoders run in worker threads (one tfjs engine
 * each), the rest of the model on this thread. The encoders are independent until
 * `U = stack(u_m)`, so only `u` (forward) and `dL/du` (backward) cross threads. Each worker
 * applies its own AdamW with this thread's learning rate; the global gradient norm for clipping
 * is summed over both sides in the order serial training sums it. Weights and optimizer slots
 * move between the model and the workers at the start and at epoch ends.
 */
import { tf, clipScale, globalNorm, scaleGradients, squaredNorms, OptionError, ShapeError, type AdamW } from '@umq/core';
import type { EncoderSeparable } from '../../types';
import { labelBatch, type SplitArrays } from '../split';
import { optimizerWithSlots, readSlots, writeSlots, type NamedParameters, type SlotState } from '../optimizer-slots';
import type { RunnerStart, StepInfo, StepResult, StepRunner } from '../step-runner';
import { startEncoderWorkers, type EncoderWorkerPool, type EncoderWorkerPoolOptions, type WorkerHandle } from './pool';
import { SLOT, SCALAR, rowSlice, type EncoderSplit, type EncoderState } from './messages';
import { assertSameWeights } from '../workers/protocol';

/** Options of {@link EncoderWorkerRunner}. */
export interface EncoderWorkerRunnerOptions extends Pick<EncoderWorkerPoolOptions, 'timeoutMs' | 'fault'> {
  /** Worker threads, >= 1 (with the 'modalities' split at most one per modality is used). */
  workers: number;
  /**
   * 'modalities': each worker owns some modalities' encoders (balanced by parameter count); no
   * gradient crosses between workers. 'rows': every worker holds every encoder and encodes a
   * slice of the batch rows; the workers sum their gradients (in part order, so the replicas
   * stay bit-identical) before each update. Default 'modalities'.
   */
  split?: EncoderSplit;
}

/**
 * Runs a model's encoders in worker threads (see the file comment). Dropout in the encoders
 * draws from streams of their own (`deriveSeed(seed, 'dropout', epoch, 'encoder', m)`; split
 * 'rows': per part), so with dropout > 0 runs differ from serial ones; with dropout 0 they equal
 * serial training up to float rounding.
 *
 * @example
 * ```ts
 * await train(model, data, { runner: new EncoderWorkerRunner({ workers: 2, split: 'rows' }) });
 * ```
 */
export class EncoderWorkerRunner implements StepRunner {
  readonly name: string;
  private readonly split: EncoderSplit;
  private pool: EncoderWorkerPool | null = null;
  private run: (RunnerStart & { model: EncoderSeparable }) | null = null;
  /** The encoders' parameters, named as in the encoders module. */
  private encoderParams: NamedParameters = [];
  /** The rest of the model's parameters (this thread's optimizer trains them). */
  private variables: tf.Variable[] = [];
  private stepNo = 0;

  constructor(private readonly options: EncoderWorkerRunnerOptions) {
    this.split = options.split ?? 'modalities';
    if (!['modalities', 'rows'].includes(this.split)) throw new OptionError(`EncoderWorkerRunner.split must be 'modalities' or 'rows', got ${JSON.stringify(this.split)}`);
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new OptionError(`EncoderWorkerRunner.workers must be an integer >= 1, got ${options.workers}`);
    this.name = `encoder workers (${options.workers}, split by ${this.split})`;
  }

  /** The modalities of each worker, e.g. `[[0], [1, 2]]` (split 'rows': every worker has every modality); empty before `start`. */
  get assignment(): number[][] {
    return this.pool ? this.pool.handles.map((h) => [...h.modalities]) : [];
  }

  async start(run: RunnerStart): Promise<void> {
    const model = run.model as EncoderSeparable;
    this.run = { ...run, model };
    const encoders = model.encoders;
    this.encoderParams = encoders.parametersOf(Array.from({ length: encoders.size }, (_, m) => m));
    const mine = new Set(this.encoderParams.map(([, v]) => v));
    this.variables = model.parameters().filter((v) => !mine.has(v));
    this.pool = await startEncoderWorkers(encoders, { workers: this.options.workers, split: this.split, seed: run.seed, optimizer: run.optimizer, maxBatch: run.maxBatch, timeoutMs: this.options.timeoutMs, fault: this.options.fault });
    await this.pushState();
  }

  /** Sends the encoders' weights to the workers, with their optimizer slots after a resume; those slots then leave this thread's optimizer. */
  private async pushState(): Promise<void> {
    const { model, optimizer } = this.run!;
    const encoders = model.encoders;
    const hasSlots = Object.keys(readSlots(optimizer, this.encoderParams)).length > 0;
    await Promise.all(this.pool!.handles.map((h) => {
      const weights = Object.fromEntries(Object.entries(encoders.stateOf(h.modalities)).map(([k, v]) => [k, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }]));
      const state: EncoderState = { weights, optimizer: hasSlots ? readSlots(optimizer, encoders.parametersOf(h.modalities)) : null };
      return this.pool!.request(h, { type: 'setState', state });
    }));
    if (hasSlots) writeSlots(optimizer, this.encoderParams, {}, { remove: true });
  }

  async step(split: SplitArrays, index: Int32Array, info: StepInfo): Promise<StepResult> {
    const { model, optimizer, clipNorm } = this.run!;
    const encoded = await this.encode(split, index, info.epoch, optimizer.learningRate);
    const u = tf.variable(encoded, true); // [M, B, d]: a variable, so dL/dU comes out of variableGrads
    encoded.dispose();
    const batch = labelBatch(split, index);
    let terms: Record<string, tf.Scalar> = {};
    try {
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forwardEncoded(u, batch, { training: true, rng: info.rng, losses: 'all', epoch: info.epoch });
        terms = out.terms;
        for (const t of Object.values(terms)) tf.keep(t);
        return out.loss as tf.Scalar;
      }, [...this.variables, u]);
      const gU = grads[u.name];
      delete grads[u.name];
      let applied = grads;
      try {
        if (!gU) throw new OptionError('EncoderWorkerRunner: the loss does not depend on the encoded representations: the model must use u in forwardEncoded');
        this.sendGradient((await gU.data()) as Float32Array, index.length);
        let gradNorm: number | null = null;
        if (clipNorm !== null) {
          gradNorm = await this.globalNorm(grads);
          const scale = clipScale(gradNorm, clipNorm);
          for (const h of this.pool!.handles) {
            h.scalars[SCALAR.SCALE] = scale;
            this.pool!.signal(h, SLOT.SCALE_READY, this.stepNo);
          }
          applied = scaleGradients(grads, scale);
        }
        optimizer.applyGradients(applied);
        const loss = (await value.data())[0];
        await Promise.all(this.pool!.handles.map((h) => h.stepDone));
        return { loss, terms, gradNorm };
      } catch (e) {
        tf.dispose(Object.values(terms));
        throw e;
      } finally {
        tf.dispose([value, ...(gU ? [gU] : []), ...Object.values(grads), ...(applied !== grads ? Object.values(applied) : [])]);
      }
    } finally {
      u.dispose();
      batch.dispose();
    }
  }

  /** The rows `[start, end)` of a batch of `batch` rows that worker `h` encodes. */
  private rowsOf(h: WorkerHandle, batch: number): [number, number] {
    return h.part === null ? [0, batch] : rowSlice(batch, h.part, this.pool!.handles.length);
  }

  /** Starts a step: the workers encode rows `index` of `split`; resolves with `U [M, B, d]` (owned by the caller). */
  private async encode(split: SplitArrays, index: Int32Array, epoch: number, learningRate: number): Promise<tf.Tensor> {
    const pool = this.pool!;
    const { model, maxBatch, clipNorm } = this.run!;
    const B = index.length;
    if (B > maxBatch) throw new OptionError(`EncoderWorkerRunner: batch of ${B} rows, the workers were sized for ${maxBatch}`);
    const mods = model.encoders.options.modalities;
    if (split.features.length !== mods.length) throw new ShapeError(`train: the split has ${split.features.length} modalities, the model was built for ${mods.length}`);
    split.features.forEach((f, m) => {
      if (f.d !== mods[m].dim) throw new ShapeError(`train: modality ${m} (${mods[m].name}) has ${f.d} features, but the model was built for ${mods[m].dim}: rebuild the model or fix the loader`);
    });
    const step = ++this.stepNo;
    for (const h of pool.handles) {
      const [start, end] = this.rowsOf(h, B);
      const inputs = h.inputs.write(split, index.subarray(start, end));
      h.stepDone = pool.request(h, { type: 'step', step, epoch, learningRate, batch: B, clip: clipNorm !== null, ...(inputs ? { inputs } : {}) });
    }
    for (const h of pool.handles) await pool.waitFor(h, SLOT.U_READY, step);
    const M = mods.length;
    const d = model.encoders.options.d;
    const n = B * d;
    const u = new Float32Array(M * n);
    for (const h of pool.handles) {
      const [start, end] = this.rowsOf(h, B);
      const rows = (end - start) * d;
      h.modalities.forEach((m, i) => u.set(h.u.subarray(i * rows, (i + 1) * rows), m * n + start * d));
    }
    return tf.tensor3d(u, [M, B, d]);
  }

  /** Hands `dL/dU [M, B, d]` of the current step to the workers, which start their backward pass. */
  private sendGradient(dU: Float32Array, B: number): void {
    const d = this.run!.model.encoders.options.d;
    const n = B * d;
    for (const h of this.pool!.handles) {
      const [start, end] = this.rowsOf(h, B);
      const rows = (end - start) * d;
      h.modalities.forEach((m, i) => h.g.set(dU.subarray(m * n + start * d, m * n + end * d), i * rows));
      this.pool!.signal(h, SLOT.G_READY, this.stepNo);
    }
  }

  /** The global gradient norm over every parameter of the model, summed in the model's parameter order (as serial training sums it). */
  private async globalNorm(grads: tf.NamedTensorMap): Promise<number> {
    const fromWorkers = new Map<string, number>();
    // split 'rows': every worker holds the same summed gradients; worker 0 answers for all
    for (const h of this.split === 'rows' ? this.pool!.handles.slice(0, 1) : this.pool!.handles) {
      await this.pool!.waitFor(h, SLOT.SQ_READY, this.stepNo);
      h.params.forEach((name, i) => {
        const x = h.scalars[SCALAR.SQUARED_NORMS + i];
        if (x >= 0 || Number.isNaN(x)) fromWorkers.set(name, x);
      });
    }
    const encoderName = new Map(this.encoderParams.map(([n, v]) => [v, n]));
    const order = this.run!.model.parameters().filter((v) => encoderName.has(v) || grads[v.name]);
    const own = squaredNorms(order.filter((v) => !encoderName.has(v)).map((v) => grads[v.name]));
    let i = 0;
    return globalNorm(order.flatMap((v) => {
      const name = encoderName.get(v);
      if (name === undefined) return [own[i++]];
      return fromWorkers.has(name) ? [fromWorkers.get(name)!] : [];
    }));
  }

  /** Copies the workers' encoder weights into the model (split 'rows': after checking the replicas agree bit for bit). */
  async sync(): Promise<void> {
    const state = (await this.fetch(true, false)).weights!;
    const target = this.run!.model.encoders.stateDict();
    tf.tidy(() => {
      for (const [k, { shape, data }] of Object.entries(state)) target[k].assign(tf.tensor(data, shape, 'float32'));
    });
  }

  async optimizerState(): Promise<AdamW> {
    const slots = (await this.fetch(false, true)).optimizer as Record<string, SlotState>;
    return optimizerWithSlots(this.run!.optimizer, this.encoderParams, slots);
  }

  /** The workers' weights and/or slots, merged (split 'rows': worker 0's, checked against the others'). */
  private async fetch(weights: boolean, optimizer: boolean): Promise<EncoderState> {
    const pool = this.pool!;
    const replies = await Promise.all(pool.handles.map((h) => pool.request(h, { type: 'getState', weights, optimizer })));
    if (this.split === 'rows') {
      assertSameWeights(
        replies.map((r) => r.state!),
        pool.handles.map((h) => h.label),
        (k, label) => `${label}: its replica of \`${k}\` differs from worker 0's: the replicas diverged (a bug; please report it). Train with split 'modalities' meanwhile`,
      );
      return replies[0].state!;
    }
    const out: EncoderState = { weights: weights ? {} : null, optimizer: optimizer ? {} : null };
    for (const r of replies) {
      Object.assign(out.weights ?? {}, r.state!.weights ?? {});
      Object.assign(out.optimizer ?? {}, r.state!.optimizer ?? {});
    }
    return out;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
