/**
 * Late fusion: one MLP per modality, logits averaged.
 */
import { tf, Module, deriveSeed, type TaskType } from '@umq/core';
import type { ForwardOptions, HarnessModel, ModelBatch, ModelOutput } from '../types';
import { FeedForward } from './feed-forward';
import type { FusionBaselineOptions } from './baseline-options';
import { poolInput } from './pool-input';
import { taskOnlyOutput } from './task-output';

/** Options of {@link LateFusion}: the shared baseline options. */
export type LateFusionOptions = FusionBaselineOptions;

/**
 * Late-fusion baseline: per modality `MLP(D_m -> d -> d -> out)`, logits averaged, task loss on
 * the average (the reference's `LateFusion`).
 *
 * @example
 * ```ts
 * const m = new LateFusion({ modalities, task: 'multiclass', outDim: 10 });
 * ```
 */
export class LateFusion extends Module implements HarnessModel {
  static override className = 'umq.LateFusion';
  readonly task: TaskType;
  readonly numModalities: number;
  private readonly nets: FeedForward[];
  private readonly options: LateFusionOptions;

  constructor(options: LateFusionOptions) {
    super();
    this.options = options;
    this.task = options.task;
    this.numModalities = options.modalities.length;
    this.nets = options.modalities.map((mod, m) =>
      this.addModule(`net${m}`, new FeedForward({ inFeatures: mod.dim, hidden: options.d ?? 64, outFeatures: options.outDim, dropout: options.dropout ?? 0.1, seed: deriveSeed(options.seed ?? 0, 'late', m) })),
    );
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const per = this.nets.map((net, m) => net.call(poolInput(batch.x[m], batch.mask[m]), options));
      const logits = tf.div(tf.addN(per), per.length);
      return taskOnlyOutput(logits, batch.y, this.task, options.losses) as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(LateFusion);
