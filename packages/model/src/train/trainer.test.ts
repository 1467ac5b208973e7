import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, initEngine, DivergenceError } from '@umq/core';
import { makeSynthetic, splitArrays } from '@umq/datasets';
import { train } from './trainer';
import './node-platform'; // checkpoint folders and the JSONL log
import type { EpochRecord } from './epoch-record';
import { buildModel } from '../models';
import { snapshot, differingEntries } from '../../test/helpers';
import { resumeData, resumeModel, RESUME_TRAIN, RESUME_EPOCHS } from '../../test/trainer-fixture';
import { REPO_ROOT } from '../../../../tools/testing/shared-data';

const tmp = mkdtempSync(join(tmpdir(), 'umq-trainer-'));

function tinyData(samples = 100, seed = 3) {
  const ds = makeSynthetic({ samples, seed, modalities: [{ name: 'a', dim: 5, informativeness: 1, noise: 1 }, { name: 'b', dim: 3, informativeness: 0.3, noise: 1 }] });
  const arrays = (n: 'train' | 'valid') => {
    const a = splitArrays(ds, n);
    return { features: a.features, labels: a.labels };
  };
  const tr = arrays('train');
  return { ds, data: { train: () => tr, valid: arrays('valid') } };
}

/** Waits until `pred()` holds (polling), or fails after `ms`. */
async function waitFor(pred: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('train()', () => {
  beforeAll(async () => {
    await initEngine();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives bitwise identical weights for the same seed, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const model = resumeModel();
      await train(model, resumeData(), { ...RESUME_TRAIN, epochs: 2, seed, progress: false });
      const s = snapshot(model);
      model.dispose();
      return s;
    };
    const a = await run(5);
    const b = await run(5);
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(differingEntries(a, b)).toEqual([]);
    const c = await run(6);
    expect(differingEntries(a, c).length).toBeGreaterThan(0);
  });

  it('train, kill mid-epoch, resume: the final weights equal an uninterrupted run\'s', async () => {
    const dir = join(tmp, 'kill', 'ckpt');
    const stallEpoch = 2;
    // child: trains with checkpoints, stalls after 2 optimizer steps of epoch 2 (0-based)
    const child = spawn(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', 'packages/model/test/train-child.ts', dir, String(stallEpoch), '2'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const latest = join(dir, 'latest.json');
    try {
      await waitFor(() => existsSync(join(tmp, 'kill', 'stalled')) || child.exitCode !== null, 90_000, 'the child to reach epoch 2');
      expect(stderr).toBe('');
      expect(existsSync(join(tmp, 'kill', 'stalled'))).toBe(true);
      // the checkpoint of the last complete epoch is there; the stalled epoch is not
      expect(JSON.parse(readFileSync(latest, 'utf8')).epoch).toBe(stallEpoch);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(join(tmp, 'kill', 'finished'))).toBe(false);

    const resumed = resumeModel();
    const records: EpochRecord[] = [];
    const res = await train(resumed, resumeData(), { ...RESUME_TRAIN, checkpointDir: dir, resume: true, progress: false, onEpoch: (r) => records.push(r) });
    expect(records.map((r) => r.epoch)).toEqual([2, 3]); // only the epochs after the checkpoint ran
    expect(res.epochs).toBe(RESUME_EPOCHS);
    expect(res.history.map((r) => r.epoch)).toEqual([0, 1, 2, 3]);

    const straight = resumeModel();
    const ref = await train(straight, resumeData(), { ...RESUME_TRAIN, progress: false });
    expect(res.bestEpoch).toBe(ref.bestEpoch);
    expect(res.bestValidLoss).toBe(ref.bestValidLoss);
    expect(res.history.map((r) => r.validLoss)).toEqual(ref.history.map((r) => r.validLoss));
    const a = snapshot(resumed);
    const b = snapshot(straight);
    expect(Object.keys(a)).toContain('baseline.movingAverage'); // buffers are compared too
    expect(differingEntries(a, b)).toEqual([]);
    resumed.dispose();
    straight.dispose();
  }, 120_000);

  it('resume without a checkpoint starts afresh; a torn latest.json is a StateError', async () => {
    const dir = join(tmp, 'none');
    const { ds, data } = tinyData(60);
    const m = buildModel('late-fusion', ds, { d: 8, seed: 1 });
    const r = await train(m, data, { epochs: 1, batchSize: 16, checkpointDir: dir, resume: true, progress: false });
    expect(r.history.map((h) => h.epoch)).toEqual([0]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'latest.json'), '{"dir": "epoch-00');
    await expect(train(m, data, { epochs: 2, checkpointDir: dir, resume: true, progress: false })).rejects.toThrow(/latest.json is not valid JSON/);
    m.dispose();
  });

  it('training for 20 epochs leaves the tensor count flat', async () => {
    const { ds, data } = tinyData(70);
    const model = buildModel('umq', ds, { d: 8, encoders: { heads: 2 }, moe: { numExperts: 3, topK: 2 }, seed: 1 });
    const counts: number[] = [];
    const outside = tf.memory().numTensors;
    await train(model, data, { epochs: 20, batchSize: 64, patience: null, progress: false, onEpoch: () => counts.push(tf.memory().numTensors) });
    expect(counts.length).toBe(20);
    // after epoch 1 the optimizer's slots and the best-weights copy exist; nothing grows after that
    expect(counts[19]).toBe(counts[1]);
    expect(new Set(counts.slice(1)).size).toBe(1);
    // and train() frees its optimizer and best copy when it returns (the model keeps its inference cache until cleared)
    model.clearCaches();
    expect(tf.memory().numTensors).toBe(outside);
    model.dispose();
  }, 60_000);

  it('early stopping stops after `patience` bad epochs and restores the best weights', async () => {
    const { ds, data } = tinyData(120, 4);
    const model = buildModel('early-fusion', ds, { d: 16, seed: 2 });
    let bestWeights: Record<string, Float32Array> | null = null;
    const patience = 2;
    const res = await train(model, data, {
      epochs: 60, batchSize: 16, learningRate: 0.05, patience, progress: false,
      onEpoch: (r) => {
        if (r.best) bestWeights = snapshot(model);
      },
    });
    expect(res.stoppedEarly).toBe(true);
    expect(res.epochs).toBeLessThan(60);
    expect(res.epochs).toBe(res.bestEpoch + 1 + patience);
    const valid = res.history.map((h) => h.validLoss!);
    expect(Math.min(...valid)).toBe(res.bestValidLoss);
    expect(valid.indexOf(res.bestValidLoss!)).toBe(res.bestEpoch);
    expect(res.history.filter((h) => h.best).at(-1)!.epoch).toBe(res.bestEpoch);
    expect(differingEntries(snapshot(model), bestWeights!)).toEqual([]);
    model.dispose();
  });

  it("monitor: 'metric' keeps the epoch of the best validation accuracy (ties: lower loss) and stops on it", async () => {
    const { ds, data } = tinyData(120, 4);
    const model = buildModel('early-fusion', ds, { d: 16, seed: 2 });
    let bestWeights: Record<string, Float32Array> | null = null;
    const res = await train(model, data, {
      epochs: 40, batchSize: 16, learningRate: 0.05, patience: 3, monitor: 'metric', progress: false,
      onEpoch: (r) => {
        if (r.best) bestWeights = snapshot(model);
      },
    });
    const scores = res.history.map((h) => h.validScore!);
    expect(scores.every((v) => v >= 0 && v <= 1)).toBe(true);
    const top = Math.max(...scores);
    const tied = res.history.filter((h) => h.validScore === top);
    const pick = tied.reduce((a, b) => (b.validLoss! < a.validLoss! ? b : a));
    expect(res.bestEpoch).toBe(pick.epoch);
    expect(res.bestValidLoss).toBe(pick.validLoss);
    if (res.stoppedEarly) expect(res.epochs).toBe(res.bestEpoch + 1 + 3);
    expect(differingEntries(snapshot(model), bestWeights!)).toEqual([]);
    await expect(train(model, data, { epochs: 1, monitor: 'accuracy' as never, progress: false })).rejects.toThrow(/train.monitor/);
    model.dispose();
  });

  it('restoreBest: false keeps the last weights', async () => {
    const { ds, data } = tinyData(120, 4);
    const model = buildModel('early-fusion', ds, { d: 16, seed: 2 });
    let last: Record<string, Float32Array> | null = null;
    let bestSeen: Record<string, Float32Array> | null = null;
    const res = await train(model, data, { epochs: 60, batchSize: 16, learningRate: 0.05, patience: 2, restoreBest: false, progress: false, onEpoch: (r) => ((last = snapshot(model)), r.best && (bestSeen = last)) });
    expect(res.stoppedEarly).toBe(true);
    expect(differingEntries(snapshot(model), last!)).toEqual([]);
    expect(differingEntries(snapshot(model), bestSeen!).length).toBeGreaterThan(0);
    model.dispose();
  });

  it('writes one JSONL line per epoch with every loss term', async () => {
    const { ds, data } = tinyData(80);
    const model = buildModel('umq', ds, { d: 8, encoders: { heads: 2 }, moe: { numExperts: 3, topK: 2 }, seed: 1 });
    const logFile = join(tmp, 'log', 'train.jsonl');
    const res = await train(model, data, { epochs: 3, batchSize: 32, patience: null, logFile, progress: false });
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines.length).toBe(3);
    const recs = lines.map((l) => JSON.parse(l) as EpochRecord);
    expect(recs.map((r) => r.epoch)).toEqual([0, 1, 2]);
    const terms = ['L_task', 'L_uni', 'L_qe', 'L_low', 'L_high', 'L_rank', 'L_noise', 'L_qsup', 'L_dec', 'L_orth', 'L_mi', 'L_spec', 'L_rec', 'L_enh', 'L_moe', 'L_bal', 'L_var', 'L_cfg', 'L_total'];
    for (const r of recs) {
      expect(Object.keys(r.train).sort()).toEqual([...terms].sort());
      for (const t of terms) expect(Number.isFinite(r.train[t]), `${t} finite`).toBe(true);
      expect(Number.isFinite(r.validLoss!)).toBe(true);
      expect(r.lr).toBe(1e-3);
    }
    // the log equals the returned history
    expect(recs).toEqual(JSON.parse(JSON.stringify(res.history)));
    model.dispose();
  });

  it('stops a diverging run with a DivergenceError naming the epoch and the fix, and keeps the last good checkpoint; divergenceFactor: null turns the check off', async () => {
    const { ds, data } = tinyData(100);
    const dir = join(tmp, 'diverge');
    const lr = 1;
    const model = buildModel('late-fusion', ds, { d: 8, seed: 1 });
    const error = await train(model, data, { epochs: 8, batchSize: 16, learningRate: lr, patience: null, checkpointDir: dir, progress: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    const e = error as DivergenceError;
    expect(e.code).toBe('E_DIVERGENCE');
    expect(e.message).toMatch(new RegExp(`epoch ${e.epoch + 1} .*Lower the learning rate \\(it is 1\\)`));
    if (e.epoch > 0) {
      // the last good checkpoint is the previous epoch's, and resumes
      expect(JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')).epoch).toBe(e.epoch);
      expect(e.message).toContain(`after epoch ${e.epoch}`);
    } else expect(e.message).toContain('no checkpoint');
    model.dispose();
    const unchecked = buildModel('late-fusion', ds, { d: 8, seed: 1 });
    const r = await train(unchecked, data, { epochs: e.epoch + 2, batchSize: 16, learningRate: lr, patience: null, divergenceFactor: null, progress: false }).catch((x: unknown) => x);
    // without the check the run goes on (unless the loss stops being a number, which always stops it)
    if (r instanceof Error) expect(r.message).toMatch(/became (NaN|Infinity)/);
    else expect((r as { epochs: number }).epochs).toBe(e.epoch + 2);
    unchecked.dispose();
  });

  it('rejects bad options by name', async () => {
    const { ds, data } = tinyData(40);
    const model = buildModel('late-fusion', ds, { d: 8 });
    await expect(train(model, data, { epochs: 0 })).rejects.toThrow(/train\.epochs/);
    await expect(train(model, data, { batchSize: 2.5 })).rejects.toThrow(/train\.batchSize/);
    await expect(train(model, data, { learningRate: -1 })).rejects.toThrow(/train\.learningRate/);
    model.dispose();
  });
});
