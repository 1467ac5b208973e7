/**
 * The training run shared by the trainer tests and the child process of the kill/resume test:
 * a small synthetic data set with Gaussian noise re-drawn every epoch (so resume must replay
 * the per-epoch draws), and a small UMQ (dropout on, so the dropout RNG matters too).
 */
import { deriveSeed } from '@umq/core';
import { applyCorruption } from '@umq/corruptions';
import { makeSynthetic, splitArrays, type SplitName } from '@umq/datasets';
import { buildModel } from '../src/models';
import type { HarnessModel } from '../src/types';
import type { TrainOptions } from '../src/train/train-options';
import type { TrainData } from '../src/train/epoch-record';
import type { SplitArrays } from '../src/train/split';

/** Epochs of the kill/resume run. */
export const RESUME_EPOCHS = 4;

/** Training options of the kill/resume run (checkpointDir and hooks are added by the caller). */
export const RESUME_TRAIN: TrainOptions = { epochs: RESUME_EPOCHS, batchSize: 24, seed: 5, patience: 10, learningRate: 3e-3 };

/** The data: 160 samples, two vector modalities; training noise re-drawn per epoch. */
export function resumeData(): TrainData {
  const ds = makeSynthetic({
    samples: 160, seed: 2,
    modalities: [{ name: 'a', dim: 6, informativeness: 1, noise: 1 }, { name: 'b', dim: 4, informativeness: 0.5, noise: 1 }],
  });
  const arrays = (name: SplitName): SplitArrays => {
    const a = splitArrays(ds, name);
    return { features: a.features, labels: a.labels };
  };
  const trainClean = arrays('train');
  return {
    train: (epoch) => {
      const r = applyCorruption(trainClean.features, { kind: 'gaussian', rate: 0.3 }, deriveSeed(5, 'train', epoch));
      return { features: r.data, labels: trainClean.labels, quality: r.quality };
    },
    valid: arrays('valid'),
  };
}

/** The model: UMQ with d = 16 and 4 experts, seed 5. */
export function resumeModel(): HarnessModel {
  return buildModel('umq', { modalities: [{ name: 'a', kind: 'vector', dim: 6 }, { name: 'b', kind: 'vector', dim: 4 }], task: 'binary', outDim: 1 }, { d: 16, encoders: { heads: 2 }, moe: { numExperts: 4, topK: 2 }, seed: 5 });
}
