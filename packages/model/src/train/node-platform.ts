/**
 * The Node side of `train()`: registers the encoder-worker and data-parallel runners (worker threads), checkpoint
 * folders (`checkpointDir`) and the JSONL epoch log (`logFile`) with the trainer's platform.
 * Imported for its effect by `@umq/model`'s Node entry (and the CLI); never by the main entry.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isEncoderSeparable } from '../types';
import { registerTrainPlatform } from './platform';
import { SerialRunner, type RunnerSpec } from './step-runner';
import { EncoderWorkerRunner } from './encoder-workers/runner';
import { DataParallelRunner } from './replicas/runner';
import { directoryCheckpoints } from './checkpoint';

registerTrainPlatform({
  runners: {
    // a model without separate encoders (early or late fusion) has nothing to move to the workers
    'encoder-workers': (spec, model) => {
      const s = spec as Extract<RunnerSpec, { kind: 'encoder-workers' }>;
      return isEncoderSeparable(model) ? new EncoderWorkerRunner({ workers: s.workers, split: s.split }) : new SerialRunner();
    },
    'data-parallel': (spec) => {
      const s = spec as Extract<RunnerSpec, { kind: 'data-parallel' }>;
      return new DataParallelRunner({ workers: s.workers, replica: s.replica });
    },
  },
  checkpoints: directoryCheckpoints,
  epochLog: (file) => {
    mkdirSync(dirname(file), { recursive: true });
    return (record) => appendFileSync(file, JSON.stringify(record) + '\n');
  },
});
