/**
 * The `umq` CLI as a child process: info, option errors (exit 2, one line, a trace only with
 * --verbose), train -> model/ + logs, predict and eval reproducing the training run exactly,
 * and a saved model refusing data of other dimensions.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { initEngine } from '@umq/core';
import { main } from '../src/cli/main';
import { CLI, lines, runCli } from './helpers';
import { REPO_ROOT } from '../../../tools/testing/shared-data';

const tmp = mkdtempSync(join(tmpdir(), 'umq-cli-'));
const NPZ = join(REPO_ROOT, 'tools/fixtures/model/train.npz');
const OTHER_NPZ = join(REPO_ROOT, 'tools/fixtures/model/other.npz');
const garbage = join(tmp, 'garbage.npz');
writeFileSync(garbage, 'this is not a zip archive');

interface Result { code: number | null; stdout: string; stderr: string }

/** Runs the CLI asynchronously (so independent cases run side by side). */
function cli(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@umq/source', '--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs jobs with at most `n` at a time (the machine is shared). */
async function limited<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  }));
  return out;
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('umq CLI', () => {
  it('umq info --json reports the wasm engine', () => {
    const r = runCli(['info', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.engine.backend).toBe('wasm');
    expect(info.packages['@umq/model']).toMatch(/^\d+\.\d+\.\d+/);
  });

  const out = join(tmp, 'bad');
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['train', '--bogus', '--out', out], /unknown option '--bogus'.*umq train --help/i],
    ['--rates abc', ['sweep', '--rates', 'abc', '--out', out], /--rates: "abc" is not a number/],
    ['an unknown model', ['train', '--model', 'gpt', '--out', out], /--model must be one of umq, .*got "gpt"/],
    ['--dataset mat without --data', ['train', '--dataset', 'mat', '--out', out], /--dataset mat needs --data PATH/],
    ['a file that does not parse', ['train', '--dataset', 'npz', '--data', garbage, '--out', out], /garbage\.npz/],
    ['a missing folder', ['train', '--dataset', 'mosi-utterance', '--data', join(tmp, 'no-such-folder'), '--out', out], /no-such-folder/],
    ['a missing model folder', ['predict', '--model', join(tmp, 'no-such-model')], /no-such-model/],
    ['a missing sweep folder', ['report', join(tmp, 'no-such-sweep')], /no-such-sweep/],
  ];

  it('bad options exit the process with code 2 and print one line, without a stack trace', async () => {
    // three representative cases as real processes (the rest run in-process below: same code path)
    const picked = cases.filter(([label]) => ['an unknown flag', 'a file that does not parse', 'a missing folder'].includes(label));
    const results = await limited(picked.map(([, args]) => () => cli(args)), 3);
    picked.forEach(([label, , pattern], i) => {
      const r = results[i];
      expect(r.code, `${label}: exit code (stderr: ${r.stderr})`).toBe(2);
      expect(lines(r.stderr), `${label}: one line`).toHaveLength(1);
      expect(r.stderr, label).toMatch(pattern);
      expect(r.stderr, `${label}: no trace`).not.toMatch(/\n\s+at /);
      expect(r.stdout, label).toBe('');
    });
    expect(existsSync(out)).toBe(false); // nothing was trained
  }, 120_000);

  it('every bad option: code 2 and one line; with --verbose a stack trace (main() in-process)', async () => {
    await initEngine();
    const capture = async (argv: string[]) => {
      const printed: unknown[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void printed.push(...a));
      const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(...a));
      try {
        return { code: await main(argv), printed };
      } finally {
        spy.mockRestore();
        log.mockRestore();
      }
    };
    for (const [label, args, pattern] of cases) {
      const plain = await capture(args);
      expect(plain.code, label).toBe(2);
      expect(plain.printed, `${label}: one message`).toHaveLength(1);
      const text = String(plain.printed[0]);
      expect(lines(text), `${label}: one line`).toHaveLength(1);
      expect(text, label).toMatch(/^umq \w+: /);
      expect(text, `${label}: no doubled prefix`).not.toMatch(/^umq \w+: umq /);
      expect(text, label).toMatch(pattern);
      const verbose = await capture([...args, '--verbose']);
      expect(verbose.code, label).toBe(2);
      const err = verbose.printed.find((p): p is Error => p instanceof Error);
      expect(err?.stack, `${label}: a trace`).toMatch(/\n\s+at /);
      expect(verbose.printed.filter((p) => typeof p === 'string').join('\n'), label).toMatch(pattern);
    }
  }, 60_000);

  describe('train -> predict / eval', () => {
    const run = join(tmp, 'run');
    const settingArgs = ['--setting', 'noise:0.3', '--seed', '4'];

    it('umq train on synthetic data writes model/, train.jsonl, metrics.json, predictions.jsonl', () => {
      const r = runCli(['train', '--samples', '150', '--epochs', '2', '--d', '16', '--batch-size', '32', ...settingArgs, '--out', run]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/umq noise:0.3 seed 4: 2 epochs/);
      for (const f of ['model/config.json', 'model/model.safetensors', 'train.jsonl', 'metrics.json', 'predictions.jsonl']) expect(existsSync(join(run, f)), f).toBe(true);
      expect(lines(readFileSync(join(run, 'train.jsonl'), 'utf8'))).toHaveLength(2);
      const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
      expect(metrics).toMatchObject({ model: 'umq', protocol: 'noise', rate: 0.3, seed: 4, epochs: 2 });
      const preds = lines(readFileSync(join(run, 'predictions.jsonl'), 'utf8')).map((l) => JSON.parse(l));
      expect(preds).toHaveLength(30); // 20% of 150 samples
      expect(preds[0]).toHaveProperty('quality');
      expect(preds[0].quality).toHaveLength(3);
      expect(preds[0].experts).toHaveLength(3);
    }, 60_000);

    it('umq predict --setting trained reproduces the training run\'s predictions line for line; eval the metrics', async () => {
      const [p, e, clean] = await Promise.all([
        cli(['predict', '--model', join(run, 'model'), '--setting', 'trained']),
        cli(['eval', '--model', join(run, 'model'), '--json']),
        cli(['predict', '--model', join(run, 'model')]),
      ]);
      expect(p.stderr).toBe('');
      expect(p.code).toBe(0);
      expect(lines(p.stdout)).toEqual(lines(readFileSync(join(run, 'predictions.jsonl'), 'utf8')));
      // without the training corruption the predictions differ (so the equality above is not vacuous)
      expect(clean.code).toBe(0);
      expect(lines(clean.stdout)).not.toEqual(lines(p.stdout));
      expect(e.stderr).toBe('');
      expect(e.code).toBe(0);
      const ev = JSON.parse(e.stdout);
      const trained = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
      expect(ev.setting).toEqual({ kind: 'noise', rate: 0.3 });
      expect(ev.seed).toBe(4);
      expect(ev.metrics).toEqual(trained.metrics);
    }, 60_000);
  });

  it('a saved model refuses data of other dimensions (exit 2, one clear line)', async () => {
    const run = join(tmp, 'npz-run');
    const t = runCli(['train', '--dataset', 'npz', '--data', NPZ, '--epochs', '1', '--d', '8', '--batch-size', '32', '--out', run]);
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
    const [e, p] = await Promise.all([
      cli(['eval', '--model', join(run, 'model'), '--data', OTHER_NPZ]),
      cli(['predict', '--model', join(run, 'model'), '--input', OTHER_NPZ]),
    ]);
    for (const r of [e, p]) {
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/a:5, b:3 but the model was built for a:4, b:3/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 90_000);
});
