import { describe, expect, it } from 'vitest';
import { DataFormatError } from '@umq/core';
import { parseRunPayload, payloadSchemaVersion } from './parse-payload';
import { parseResultRow } from './parse-result';
import { runPayload, QUEUE_SCHEMA_VERSION, withDataRoot, type RunPayload } from './run-payload';
import type { ResultRow } from '../eval/run-experiment';

const good: RunPayload = runPayload(
  { dataset: { kind: 'synthetic', samples: 120, seed: 0 }, models: ['umq'], protocols: ['noise'], rates: [0.3], seeds: [1], model: { d: 8, lateFusion: { weighting: 'learned+confidence' }, lossWeights: { uni: null }, moe: null }, train: { epochs: 2, batchSize: 32, clipNorm: null, patience: null, runner: { kind: 'encoder-workers', workers: 2, split: 'rows' } }, trainPerClass: 10 },
  { model: 'umq', ablation: 'no-moe', setting: { kind: 'cider', type: 'stmfm', rate: 0.2 }, seed: 3, variant: 'x' },
  { spec: { kind: 'synthetic', samples: 120, seed: 0 }, name: 'synthetic', hash: `sha256:${'0'.repeat(64)}` },
);
/** A deep copy of the good payload with `edit` applied. */
const edited = (edit: (p: Record<string, any>) => void): unknown => {
  const p = JSON.parse(JSON.stringify(good));
  edit(p);
  return p;
};

describe('parseRunPayload', () => {
  it('accepts what the coordinator queues, unchanged', () => {
    expect(parseRunPayload(JSON.parse(JSON.stringify(good)))).toEqual(good);
    for (const setting of [{ kind: 'clean' }, { kind: 'hetero-mixed' }, { kind: 'hetero-noise', bound: 1 }, { kind: 'ood', rate: 0.5 }, { kind: 'missing', rate: 0 }]) {
      expect(() => parseRunPayload(edited((p) => (p.setting = setting)))).not.toThrow();
    }
    for (const spec of [{ kind: 'mat', path: 'multiview/handwritten_6views.mat', validFraction: 0.1 }, { kind: 'mosi-utterance', path: 'cmu-mosi-utterance', validVideos: 6 }, { kind: 'csd', path: 'labels.csd', modalities: { text: 't.csd' } }]) {
      expect(() => parseRunPayload(edited((p) => (p.dataset.spec = spec)))).not.toThrow();
    }
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 'run please', /payload must be an object, got "run please"/],
    ['null', null, /payload must be an object/],
    ['an array', [good], /payload must be an object/],
    ['an unknown top-level field', edited((p) => (p.shell = 'rm -rf /')), /payload\.shell is not a known field/],
    ['a __proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(good).slice(1)}`), /payload\.__proto__ is not a known field/],
    ['an unknown model option', edited((p) => (p.modelOptions.evil = 1)), /payload\.modelOptions.*`evil` is not a UMQ option/],
    ['an unknown option of a group', edited((p) => (p.modelOptions.lateFusion.evil = 1)), /payload\.modelOptions.*`lateFusion\.evil` is not an option/],
    ['an unknown preset', edited((p) => (p.modelOptions.preset = 'best')), /payload\.modelOptions\.preset must be one of/],
    ['a function-like training option', edited((p) => (p.trainOptions.onEpoch = 'process.exit()')), /payload\.trainOptions\.onEpoch is not a known field/],
    ['an unknown data set field', edited((p) => (p.dataset.spec.exec = 'x')), /payload\.dataset\.spec\.exec is not a known field/],
    ['an unknown data set kind', edited((p) => (p.dataset.spec = { kind: 'pickle-anything', path: 'x' })), /payload\.dataset\.spec\.kind must be one of synthetic/],
    ['a file kind without its path', edited((p) => (p.dataset.spec = { kind: 'mat' })), /payload\.dataset\.spec\.path is missing/],
    ['a seed of the wrong type', edited((p) => (p.seed = '1')), /payload\.seed must be an integer/],
    ['a rate out of range', edited((p) => (p.setting.rate = 2)), /payload\.setting\.rate must be a number in \[0, 1\], got 2/],
    ['an unknown setting kind', edited((p) => (p.setting = { kind: 'chaos' })), /payload\.setting\.kind must be one of clean/],
    ['an unknown model', edited((p) => (p.model = 'gpt')), /payload\.model must be one of "umq"/],
    ['an option of the wrong type', edited((p) => (p.modelOptions.d = '8')), /payload\.modelOptions.*`d` takes a finite number/],
    ['a boolean option given a number', edited((p) => (p.modelOptions.enhancer = { residual: 1 })), /payload\.modelOptions.*`enhancer\.residual` takes true or false/],
    ['an unknown runner', edited((p) => (p.trainOptions.runner = { kind: 'gpu' })), /payload\.trainOptions\.runner\.kind must be one of/],
    ['epochs zero', edited((p) => (p.trainOptions.epochs = 0)), /payload\.trainOptions\.epochs must be an integer in \[1,/],
    ['a bad hash', edited((p) => (p.dataset.hash = 'md5:abc')), /payload\.dataset\.hash must be a string matching/],
    ['a missing field', edited((p) => delete p.setting), /payload\.setting is missing/],
    ['NaN smuggled as a string', edited((p) => (p.trainOptions.learningRate = 'NaN')), /payload\.trainOptions\.learningRate must be a number/],
    ['another schema version', edited((p) => (p.schemaVersion = QUEUE_SCHEMA_VERSION + 1)), /payload\.schemaVersion must be one of 1, got 2/],
    ['deeply nested junk', edited((p) => (p.dataset.spec.modalities = [[[[[1]]]]])), /nests deeper than 3 levels/],
  ];
  for (const [what, json, message] of bad) {
    it(`refuses ${what} with a DataFormatError naming the field`, () => {
      expect(() => parseRunPayload(json)).toThrow(DataFormatError);
      expect(() => parseRunPayload(json)).toThrow(message);
      expect(() => parseRunPayload(json)).toThrow(/^invalid run payload: /);
    });
  }

  it('reads the schema version alone, before the full check', () => {
    expect(payloadSchemaVersion(good)).toBe(QUEUE_SCHEMA_VERSION);
    expect(payloadSchemaVersion({ schemaVersion: 7 })).toBe(7);
    expect(payloadSchemaVersion({ schemaVersion: '1' })).toBeNull();
    expect(payloadSchemaVersion('x')).toBeNull();
  });

  it('reads relative data paths from the worker\'s data root, absolute ones as they are', () => {
    expect(withDataRoot({ kind: 'mat', path: 'mv/h.mat' }, '/data')).toEqual({ kind: 'mat', path: '/data/mv/h.mat' });
    expect(withDataRoot({ kind: 'mat', path: '/abs/h.mat' }, '/data')).toEqual({ kind: 'mat', path: '/abs/h.mat' });
    expect(withDataRoot({ kind: 'csd', path: 'l.csd', modalities: { a: 'a.csd' } }, '/d')).toEqual({ kind: 'csd', path: '/d/l.csd', modalities: { a: '/d/a.csd' } });
  });
});

describe('parseResultRow', () => {
  const row: ResultRow = { model: 'umq', variant: 'no-moe', protocol: 'stmfm', rate: 0.2, seed: 3, metrics: { accuracy: 0.5, macroF1: null }, validMetrics: { accuracy: 0.4 }, realisedRate: 0.19, meanQuality: [0.5, 0.4], routing: { '101': [0.5, 0.5], all: [1] }, quality: { spearman: 0.3, aucPresentVsMissing: null, aucCleanVsNoisy: 0.6, meanQClean: 0.7, meanQNoisy: null, meanQMissing: 0.1, meanQPerModality: [0.5] }, epochs: 2, bestEpoch: 1, seconds: 1.5 };

  it('accepts the row of the payload\'s run', () => {
    expect(parseResultRow(JSON.parse(JSON.stringify(row)), good)).toEqual(row);
  });

  it('refuses a row of another run, or one with bad fields', () => {
    expect(() => parseResultRow({ ...row, seed: 4 }, good)).toThrow(/invalid result row: row\.seed is 4, but the run's is 3/);
    expect(() => parseResultRow({ ...row, protocol: 'noise' }, good)).toThrow(/row\.protocol is "noise", but the run's is "stmfm"/);
    expect(() => parseResultRow({ ...row, metrics: { accuracy: '0.9' } }, good)).toThrow(/row\.metrics\.accuracy must be a number/);
    expect(() => parseResultRow({ ...row, extra: 1 }, good)).toThrow(/row\.extra is not a known field/);
    expect(() => parseResultRow('done', good)).toThrow(DataFormatError);
  });
});
