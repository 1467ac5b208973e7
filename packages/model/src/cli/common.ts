/**
 * Option groups shared by the commands: the data set, the model's hyper-parameters, training.
 */
import { OptionError } from '@umq/core';
import { DATASET_KINDS, type DatasetSpec } from '@umq/datasets';
import { preset, PRESET_NAMES, type PresetName } from '../presets';
import { UMQ_DEFAULTS, type UMQHyperParameters } from '../options';
import type { ModelBuildOptions } from '../models';
import type { TrainOptions } from '../train/trainer';
import { choice, int, num, str, type OptionSpec, type Values } from './args';

/** `--dataset`, `--data`, `--samples`. */
export const DATASET_OPTIONS: Record<string, OptionSpec> = {
  dataset: { type: 'string', help: `data set kind: ${DATASET_KINDS.join(' | ')}`, default: 'synthetic' },
  data: { type: 'string', help: 'path of the data (folder for mosi-utterance, file for mat/npz)' },
  samples: { type: 'string', help: 'synthetic only: number of samples', default: '1500' },
  'valid-videos': { type: 'string', help: 'mosi-utterance only: training videos held out for validation', default: '6' },
  'train-per-class': { type: 'string', help: 'keep at most this many training samples per class (small-data check)' },
};

/** Model hyper-parameters. */
export const MODEL_OPTIONS: Record<string, OptionSpec> = {
  preset: { type: 'string', help: `hyper-parameter preset: ${PRESET_NAMES.join(' | ')}`, default: 'default' },
  d: { type: 'string', help: 'shared width d (overrides the preset)' },
  dropout: { type: 'string', help: 'dropout (default 0.1)' },
  set: { type: 'string', help: 'model options as key=value pairs, comma-separated (e.g. lateFusionPath=true,tau=0.6); keys as in UMQOptions' },
};

/** Parses `--set key=value,...` against the UMQ options, typed by their defaults. */
export function parseSet(text: string | undefined): Partial<UMQHyperParameters> {
  if (!text) return {};
  const out: Record<string, unknown> = {};
  for (const pair of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    if (eq <= 0 || !(key in UMQ_DEFAULTS)) throw new OptionError(`--set ${JSON.stringify(pair)}: use key=value with key one of ${Object.keys(UMQ_DEFAULTS).join(', ')}`);
    const def = (UMQ_DEFAULTS as unknown as Record<string, unknown>)[key];
    let v: unknown;
    if (typeof def === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new OptionError(`--set ${key} takes true or false, got ${JSON.stringify(raw)}`);
      v = raw === 'true';
    } else if (typeof def === 'number' || def === null) {
      v = raw === 'null' && key === 'lambdaUni' ? null : Number(raw);
      if (v !== null && !Number.isFinite(v as number)) throw new OptionError(`--set ${key} takes a number, got ${JSON.stringify(raw)}`);
    } else v = raw;
    out[key] = v;
  }
  return out as Partial<UMQHyperParameters>;
}

/** Training options. */
export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  epochs: { type: 'string', help: 'maximum epochs', default: '50' },
  'batch-size': { type: 'string', help: 'batch size (default: the preset’s, else 64)' },
  lr: { type: 'string', help: 'AdamW learning rate', default: '0.001' },
  'weight-decay': { type: 'string', help: 'AdamW weight decay', default: '0.0001' },
  patience: { type: 'string', help: 'early-stopping patience in epochs (0 = off: fixed budget)', default: '10' },
  'clip-norm': { type: 'string', help: 'clip gradients to this global norm' },
  monitor: { type: 'string', help: 'what early stopping and the best-weights copy watch on validation: loss | metric (accuracy; Acc2 for regression)', default: 'loss' },
  'encoder-workers': { type: 'string', help: 'run UMQ\'s modality encoders in N worker threads (0 = serial; helps sequence encoders on idle cores)', default: '0' },
  'encoder-split': { type: 'string', help: 'how the encoder workers divide the work: modalities (each owns some encoders) | rows (each encodes a slice of the batch; even split)', default: 'modalities' },
};

/** The data set spec of the options; paths are checked by the loader. */
export function datasetSpec(values: Values): DatasetSpec {
  const kind = choice(values, 'dataset', DATASET_KINDS) ?? 'synthetic';
  const path = str(values, 'data');
  if (kind === 'synthetic') return { kind, samples: int(values, 'samples', 10) ?? 1500, seed: 0 };
  if (!path) throw new OptionError(`--dataset ${kind} needs --data PATH (e.g. --data ../shared/data/${kind === 'mosi-utterance' ? 'cmu-mosi-utterance' : 'multiview/handwritten_6views.mat'})`);
  if (kind === 'mosi-utterance') return { kind, path, validVideos: int(values, 'valid-videos', 1) ?? 6 };
  return { kind, path } as DatasetSpec;
}

/** Model hyper-parameters from the preset and overrides. */
export function modelOptions(values: Values): { model: ModelBuildOptions; batchSize?: number } {
  const p = preset((choice(values, 'preset', PRESET_NAMES) ?? 'default') as PresetName);
  const model: ModelBuildOptions = { ...p.model, ...parseSet(str(values, 'set')) };
  const d = int(values, 'd', 2);
  if (d !== undefined) model.d = d;
  const dropout = num(values, 'dropout', 0, 0.95);
  if (dropout !== undefined) model.dropout = dropout;
  return { model, batchSize: p.batchSize };
}

/** Training options. */
export function trainOptions(values: Values, presetBatch?: number): Omit<TrainOptions, 'seed'> {
  const patience = int(values, 'patience', 0) ?? 10;
  return {
    epochs: int(values, 'epochs', 1) ?? 50,
    batchSize: int(values, 'batch-size', 1) ?? presetBatch ?? 64,
    learningRate: num(values, 'lr', 0, 1) ?? 1e-3,
    weightDecay: num(values, 'weight-decay', 0, 1) ?? 1e-4,
    patience: patience === 0 ? null : patience,
    clipNorm: num(values, 'clip-norm', 0) ?? null,
    restoreBest: patience !== 0,
    encoderWorkers: int(values, 'encoder-workers', 0) ?? 0,
    encoderSplit: (choice(values, 'encoder-split', ['modalities', 'rows'] as const) ?? 'modalities') as 'modalities' | 'rows',
    monitor: (choice(values, 'monitor', ['loss', 'metric'] as const) ?? 'loss') as 'loss' | 'metric',
  };
}
