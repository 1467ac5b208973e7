/**
 * The trainer's platform as a browser has it (this file never imports the Node entry): no
 * checkpoint folders, no log file, no worker threads, each refused with an OptionError that says
 * why; a registered CheckpointStore of one's own (here in memory) gets every epoch and resumes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, OptionError, type AdamW } from '@umq/core';
import { train } from './trainer';
import { registerTrainPlatform } from './platform';
import type { CheckpointStore, TrainerState } from './checkpoint-store';
import { snapshot, differingEntries } from '../../test/helpers';
import { resumeData, resumeModel, RESUME_TRAIN } from '../../test/trainer-fixture';
import type { HarnessModel } from '../types';

describe('train() without the Node platform', () => {
  beforeAll(async () => {
    await initEngine();
  });

  it('refuses checkpointDir, logFile and the encoder-workers runner with an OptionError naming the Node entry', async () => {
    const model = resumeModel();
    const opts = { ...RESUME_TRAIN, epochs: 1, progress: false };
    for (const extra of [{ checkpointDir: 'ckpt' }, { logFile: 'train.jsonl' }, { runner: { kind: 'encoder-workers' as const, workers: 2 } }]) {
      const error = await train(model, resumeData(), { ...opts, ...extra }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OptionError);
      expect((error as Error).message).toMatch(/@umq\/model\/node/);
    }
    expect((await train(model, resumeData(), { ...opts, logFile: 'x.jsonl' }).catch((e: Error) => e.message)) as string).toMatch(/use onEpoch/);
    model.dispose();
  });

  it('a registered CheckpointStore receives every epoch, and resuming from it ends where an uninterrupted run ends', async () => {
    type Saved = { weights: Record<string, Float32Array>; state: TrainerState };
    const saved = new Map<string, Saved>();
    const store = (dir: string): CheckpointStore => ({
      location: `memory:${dir}`,
      save: (m: HarnessModel, _o: AdamW, state: TrainerState) => {
        saved.set(dir, { weights: snapshot(m), state: structuredClone(state) });
      },
      load: (m: HarnessModel) => {
        const s = saved.get(dir);
        if (!s) return null;
        const dict = m.stateDict();
        m.loadStateDict(Object.fromEntries(Object.entries(s.weights).map(([k, v]) => [k, tf.tensor(v, dict[k].shape, dict[k].dtype)])));
        return { state: structuredClone(s.state), best: null };
      },
    });
    registerTrainPlatform({ checkpoints: store });
    const epochs: number[] = [];
    const model = resumeModel();
    await train(model, resumeData(), { ...RESUME_TRAIN, epochs: 2, checkpointDir: 'a', patience: null, restoreBest: false, progress: false, onEpoch: (r) => epochs.push(r.epoch) });
    expect(epochs).toEqual([0, 1]);
    expect(saved.get('a')?.state.epoch).toBe(2);
    expect(differingEntries(saved.get('a')!.weights, snapshot(model))).toEqual([]);
    // resuming a finished run trains no further epoch and returns its history
    const again = resumeModel();
    const r = await train(again, resumeData(), { ...RESUME_TRAIN, epochs: 2, checkpointDir: 'a', resume: true, patience: null, restoreBest: false, progress: false });
    expect(r.epochs).toBe(2);
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(differingEntries(snapshot(again), snapshot(model))).toEqual([]);
    model.dispose();
    again.dispose();
  });
});
