/**
 * A model factory the data-parallel tests hand to the replicas (`{ kind: 'module' }` recipe):
 * harness models by name, UMQ optionally with row-wise deterministic training draws, so that a
 * replica's draws for its rows equal the whole batch's draws for the same rows (the paper's
 * draws come from a random stream and depend on the batch's layout).
 */
import { tf, stopGradient, type Rng } from '@umq/core';
import { buildModel, type DataShape, type ModelBuildOptions, type ModelName } from '../src/models';
import { UMQModel } from '../src/umq/umq-model';
import type { TrainingDraws, TrainingNoisePart } from '../src/umq/training-noise';
import type { HarnessModel } from '../src/types';

/** Training draws that are a function of each row of u alone (no random stream): AddNoise with r and ε from sin/cos of the row. */
export const rowwiseNoise: TrainingNoisePart = {
  draw(u: tf.Tensor, _rng: Rng, withPureNoise: boolean): TrainingDraws {
    return tf.tidy(() => {
      const su = stopGradient(u);
      const copy = (k: number) => {
        const rate = tf.add(0.5, tf.mul(0.45, tf.sin(tf.mul(tf.sum(su, 2), k)))); // [M, B]
        const eps = tf.cos(tf.mul(su, 3 * k)); // [M, B, d]
        const r = tf.expandDims(rate, 2);
        return { u: tf.add(tf.mul(tf.sub(1, r), u), tf.mul(r, eps)), rate };
      };
      return { pureNoise: withPureNoise ? tf.sin(tf.mul(su, 5)) : null, forNoiseRank: copy(1.3), forEnhancer: copy(2.1) } as unknown as tf.TensorContainer;
    }) as unknown as TrainingDraws;
  },
};

/** What {@link buildTestModel} takes. */
export interface TestModelArgs {
  /** The harness model. */
  name: ModelName;
  /** Its data shape. */
  shape: DataShape;
  /** Its build options. */
  options: ModelBuildOptions;
  /** UMQ with {@link rowwiseNoise} in place of the paper's draws. */
  rowwise?: boolean;
}

/** Builds a harness model; UMQ with row-wise draws when asked. */
export function buildTestModel(args: TestModelArgs): HarnessModel {
  if (args.rowwise && args.name === 'umq') {
    const { ablation: _a, preset, seed, ...overrides } = args.options;
    return new UMQModel({ ...args.shape, ...overrides, preset, seed, components: { trainingNoise: rowwiseNoise } });
  }
  return buildModel(args.name, args.shape, args.options);
}
