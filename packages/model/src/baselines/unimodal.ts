/**
 * A one-modality model: that modality's encoder (the same `ModalityEncoders` UMQ uses: an MLP for
 * vectors, projection + transformer + pooling for sequences) and a predictor, ignoring every
 * other modality. The "audio only" and "image only" rows of a study.
 */
import { tf, Module, MLP, deriveSeed, OptionError, type Seed, type TaskType } from '@umq/core';
import type { ForwardOptions, HarnessModel, ModalityInput, ModelBatch, ModelOutput } from '../types';
import { ModalityEncoders, type ModalityEncodersOptions } from '../encoders/modality-encoders';
import { taskOnlyOutput } from './task-output';

/** Options of {@link UnimodalModel}. */
export interface UnimodalModelOptions extends Pick<ModalityEncodersOptions, 'vectorNorm' | 'layers' | 'heads' | 'ffMult' | 'convKernel' | 'skipPadding'> {
  /** The data's modalities, in input order (the batch carries all of them). */
  modalities: ModalityInput[];
  /** Task. */
  task: TaskType;
  /** Outputs: 1 for binary and regression, C for multiclass. */
  outDim: number;
  /** The modality the model reads, by name or index. */
  modality: string | number;
  /** Width d. Default 64. */
  d?: number;
  /** Dropout of the encoder. Default 0.1. */
  dropout?: number;
  /** Seed. Default 0. */
  seed?: Seed;
}

/**
 * `ŷ = P(Enc_m(X_m))` for one modality m: a unimodal baseline with UMQ's encoder for that
 * modality (a sequence is encoded as UMQ encodes it, not mean-pooled).
 *
 * @example
 * ```ts
 * const audioOnly = new UnimodalModel({ ...datasetShape(ds), modality: 'audio', d: 64 });
 * ```
 */
export class UnimodalModel extends Module implements HarnessModel {
  static override className = 'umq.UnimodalModel';
  readonly task: TaskType;
  readonly numModalities: number;
  /** The index of the modality read. */
  readonly modalityIndex: number;
  private readonly encoder: ModalityEncoders;
  private readonly predictor: MLP;
  private readonly options: UnimodalModelOptions;

  constructor(options: UnimodalModelOptions) {
    super();
    const { modalities, modality } = options;
    const m = typeof modality === 'number' ? modality : modalities.findIndex((x) => x.name === modality);
    if (!Number.isInteger(m) || m < 0 || m >= modalities.length) {
      throw new OptionError(`UnimodalModel.modality: ${JSON.stringify(modality)} is not one of the data's modalities (${modalities.map((x) => x.name).join(', ')})`);
    }
    this.options = options;
    this.task = options.task;
    this.numModalities = modalities.length;
    this.modalityIndex = m;
    const d = options.d ?? 64;
    const seed = options.seed ?? 0;
    const { modalities: _all, task: _t, outDim: _o, modality: _m, d: _d, dropout, seed: _s, ...encoder } = options;
    this.encoder = this.addModule('encoder', new ModalityEncoders({ ...encoder, modalities: [modalities[m]], d, dropout: dropout ?? 0.1, seed: deriveSeed(seed, 'unimodal', m) }));
    this.predictor = this.addModule('predictor', new MLP({ inFeatures: d, hidden: Math.max(1, Math.floor(d / 2)), outFeatures: options.outDim, seed: deriveSeed(seed, 'predictor') }));
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    const m = this.modalityIndex;
    return tf.tidy(() => {
      const u = this.encoder.encode([batch.x[m]], [batch.mask[m] ?? null], options); // [1, B, d]
      const logits = this.predictor.call(tf.squeeze(u, [0]), options);
      return taskOnlyOutput(logits, batch.y, this.task, options.losses) as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(UnimodalModel);
