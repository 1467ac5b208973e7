import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionError } from '@umq/core';
import { parseCommand } from './args';
import { TRAIN } from './commands/train';
import { datasetSpec, modelOptions, parseSet, trainOptions } from './common';
import { TRAIN_DEFAULTS } from '../train/train-options';

const parse = (...argv: string[]) => parseCommand(TRAIN, argv).values;

describe('trainOptions', () => {
  it("--encoder-workers N (N > 0) runs the encoder-worker runner, 0 (default) the serial one; a bad count is an OptionError naming the flag", () => {
    expect(trainOptions(parse()).runner).toEqual({ kind: 'serial' });
    expect(trainOptions(parse('--encoder-workers', '2')).runner).toEqual({ kind: 'encoder-workers', workers: 2, split: 'modalities' });
    expect(() => trainOptions(parse('--encoder-workers', '-1'))).toThrow(OptionError);
    expect(() => trainOptions(parse('--encoder-workers', 'two'))).toThrow(/--encoder-workers must be an integer >= 0/);
  });

  it('--data-parallel N (N > 0) runs the data-parallel runner; it excludes --encoder-workers', () => {
    expect(trainOptions(parse('--data-parallel', '2')).runner).toEqual({ kind: 'data-parallel', workers: 2 });
    expect(() => trainOptions(parse('--data-parallel', '2', '--encoder-workers', '2'))).toThrow(/--data-parallel and --encoder-workers exclude each other/);
    expect(() => trainOptions(parse('--data-parallel', 'x'))).toThrow(/--data-parallel must be an integer >= 0/);
  });

  it('--encoder-split picks how the workers divide the encoders: modalities by default, or rows; anything else is an OptionError naming the choices', () => {
    expect(trainOptions(parse('--encoder-workers', '2', '--encoder-split', 'rows')).runner).toEqual({ kind: 'encoder-workers', workers: 2, split: 'rows' });
    expect(() => trainOptions(parse('--encoder-split', 'batch'))).toThrow(/--encoder-split.*modalities.*rows/);
  });

  it("falls back to the trainer's defaults, and --divergence-factor 0 turns the check off", () => {
    const o = trainOptions(parse());
    expect(o.epochs).toBe(TRAIN_DEFAULTS.epochs);
    expect(o.learningRate).toBe(TRAIN_DEFAULTS.learningRate);
    expect(o.weightDecay).toBe(TRAIN_DEFAULTS.weightDecay);
    expect(o.patience).toBe(TRAIN_DEFAULTS.patience);
    expect(o.divergenceFactor).toBe(TRAIN_DEFAULTS.divergenceFactor);
    expect(trainOptions(parse('--divergence-factor', '0')).divergenceFactor).toBeNull();
    expect(() => trainOptions(parse('--divergence-factor', '0.5'))).toThrow(/--divergence-factor must be 0 \(off\) or at least 1/);
    expect(TRAIN.options.epochs.default).toBe(String(TRAIN_DEFAULTS.epochs)); // the help shows the same default
  });
});

describe('model options', () => {
  it('--set takes dotted paths with JSON values (bare words are strings); null leaves a part out', () => {
    expect(parseSet('moe.topK=2,lateFusion=null,quality.supervision=rank,encoders.skipPadding=false')).toEqual({ moe: { topK: 2 }, lateFusion: null, quality: { supervision: 'rank' }, encoders: { skipPadding: false } });
    expect(parseSet('moe.lossWeights.config=0')).toEqual({ moe: { lossWeights: { config: 0 } } });
    expect(() => parseSet('moe.topk=2')).toThrow(/unknown UMQ option "moe.topk"/);
    expect(() => parseSet('moe.topK=two')).toThrow(/`moe.topK` takes a finite number, got "two"/);
    expect(() => parseSet('quality.supervision=ranks')).toThrow(/one of rank, rank\+corruption/);
    expect(() => parseSet('encoders=null')).toThrow(/unknown UMQ option "encoders"/); // a part that cannot be left out has no path of its own
    expect(() => parseSet('topK')).toThrow(/write path=value/);
  });

  it('--preset names the base, --d and --dropout override it; a Table-10 preset gives its batch size', () => {
    const values = parseCommand(TRAIN, ['--preset', 'mosei', '--d', '32', '--set', 'moe.topK=2']).values;
    expect(modelOptions(values)).toEqual({ model: { preset: 'mosei', moe: { topK: 2 }, d: 32 }, batchSize: 64 });
    expect(modelOptions(parse())).toEqual({ model: {}, batchSize: undefined });
  });
});

describe('datasetSpec --synthetic', () => {
  it('takes makeSynthetic options as inline JSON or a .json file; its samples win; bad JSON or a missing file is an OptionError naming the flag', () => {
    const opts = '{"task":"multiclass","classes":4,"modalities":[{"name":"a","dim":8,"informativeness":2,"noise":0.2,"variation":1}]}';
    expect(datasetSpec(parse('--synthetic', opts))).toEqual({ kind: 'synthetic', samples: 1500, seed: 0, ...JSON.parse(opts) });
    const dir = mkdtempSync(join(tmpdir(), 'umq-synthetic-'));
    const file = join(dir, 'data.json');
    writeFileSync(file, '{"samples": 300, "latentDim": 4, "kind": "mat"}');
    expect(datasetSpec(parse('--samples', '100', '--synthetic', file))).toEqual({ kind: 'synthetic', samples: 300, seed: 0, latentDim: 4 });
    expect(() => datasetSpec(parse('--synthetic', '{"classes":'))).toThrow(/--synthetic: not valid JSON/);
    expect(() => datasetSpec(parse('--synthetic', '[1]'))).toThrow(/--synthetic must be a JSON object/);
    expect(() => datasetSpec(parse('--synthetic', join(dir, 'none.json')))).toThrow(/--synthetic .*cannot read it \(ENOENT\)/);
    rmSync(dir, { recursive: true, force: true });
  });
});
