/**
 * Child process of the kill/resume test: trains the fixture run with checkpoints in argv[2] and,
 * in epoch `argv[3]`, after `argv[4]` optimizer steps of that epoch, writes `argv[2]/../stalled`
 * and sleeps (so the parent can SIGKILL it mid-epoch, with that epoch's updates in memory only).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initEngine } from '@umq/core';
import { train } from '../src/train/trainer';
import '../src/train/node-platform'; // checkpoint folders
import { resumeData, resumeModel, RESUME_TRAIN } from './trainer-fixture';

const [dir, stallEpochText, stallStepText] = process.argv.slice(2);
const stallEpoch = Number(stallEpochText);
const stallStep = Number(stallStepText);

await initEngine();
const model = resumeModel();
const data = resumeData();
let epoch = -1;
let steps = 0;
const forward = model.forward.bind(model);
model.forward = (batch, options) => {
  if (options.training) {
    if (epoch === stallEpoch && steps === stallStep) {
      writeFileSync(join(dirname(dir), 'stalled'), `${epoch} ${steps}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000); // killed while here
    }
    steps++;
  }
  return forward(batch, options);
};
await train(model, { train: (e) => ((epoch = e), (steps = 0), data.train(e)), valid: data.valid }, { ...RESUME_TRAIN, checkpointDir: dir, progress: false });
writeFileSync(join(dirname(dir), 'finished'), 'the child was not killed\n');
