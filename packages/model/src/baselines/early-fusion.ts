/**
 * Early fusion: concatenate every modality's (pooled) input and classify with one MLP.
 */
import { tf, Module, type TaskType } from '@umq/core';
import type { ForwardOptions, HarnessModel, ModelBatch, ModelOutput } from '../types';
import { FeedForward } from './feed-forward';
import type { FusionBaselineOptions } from './baseline-options';
import { poolInput } from './pool-input';
import { taskOnlyOutput } from './task-output';

/** Options of {@link EarlyFusion}: the shared baseline options. */
export type EarlyFusionOptions = FusionBaselineOptions;

/**
 * Early-fusion baseline: `concat(x_1..x_M) -> MLP(ΣD -> d -> d -> out)`; sequences are
 * mean-pooled over valid steps first.
 *
 * @example
 * ```ts
 * const m = new EarlyFusion({ modalities, task: 'binary', outDim: 1 });
 * const { logits } = m.forward(batch, { training: false, losses: 'none' });
 * ```
 */
export class EarlyFusion extends Module implements HarnessModel {
  static override className = 'umq.EarlyFusion';
  readonly task: TaskType;
  readonly numModalities: number;
  private readonly net: FeedForward;
  private readonly options: EarlyFusionOptions;

  constructor(options: EarlyFusionOptions) {
    super();
    this.options = options;
    this.task = options.task;
    this.numModalities = options.modalities.length;
    const total = options.modalities.reduce((s, m) => s + m.dim, 0);
    this.net = this.addModule('net', new FeedForward({ inFeatures: total, hidden: options.d ?? 64, outFeatures: options.outDim, dropout: options.dropout ?? 0.1, seed: options.seed ?? 0 }));
  }

  forward(batch: ModelBatch, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const xs = batch.x.map((x, m) => poolInput(x, batch.mask[m]));
      const logits = this.net.call(tf.concat(xs, -1), options);
      return taskOnlyOutput(logits, batch.y, this.task, options.losses) as unknown as tf.TensorContainer;
    }) as unknown as ModelOutput;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return JSON.parse(JSON.stringify(this.options));
  }
}
tf.serialization.registerClass(EarlyFusion);
