/**
 * `umq train`: one model, one setting, one seed; saves the model, the epoch log, the test
 * metrics and the test predictions. `umq eval` re-tests a saved model.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '@umq/core';
import { writeFileAtomic } from '@umq/core/node';
import { applyScaler, splitArrays } from '@umq/datasets';
import { loadDataset } from '@umq/datasets/node';
import { applyCorruption, corruptionSeed } from '@umq/corruptions';
import { trainExperiment } from '../../eval/run-experiment';
import { parseSetting, settingCorruptions } from '../../eval/settings';
import { taskMetrics } from '../../eval/task-metrics';
import { predict } from '../../train/evaluate';
import { datasetShape, MODEL_NAMES, type ModelName } from '../../models';
import { ABLATIONS, type AblationName } from '../../umq/ablations';
import { assertSameModalities } from '../../saved-model';
import { saveModel, loadModel } from '../../saved-model-files';
import { predictionRecords } from '../../eval/prediction-records';
import { choice, int, str, type CommandSpec, type Values } from '../args';
import { DATASET_OPTIONS, MODEL_OPTIONS, TRAIN_OPTIONS, datasetSpec, modelOptions, recipeOf, trainOptions } from '../common';

export const TRAIN: CommandSpec = {
  name: 'train',
  summary: 'train one model under one setting and save it',
  usage: 'umq train [--dataset KIND --data PATH] [--model umq] [--setting noise:0.3] [--seed 1] [--epochs 50] --out DIR',
  options: {
    ...DATASET_OPTIONS,
    model: { type: 'string', help: `model: ${MODEL_NAMES.join(' | ')}`, default: 'umq' },
    ablation: { type: 'string', help: `UMQ ablation: ${Object.keys(ABLATIONS).join(' | ')}`, default: 'full' },
    setting: { type: 'string', help: 'corruption setting: clean | noise:R | missing:R | ood:R | hetero-noise:R | hetero-mixed | stmfm:R ...', default: 'clean' },
    seed: { type: 'string', help: 'run seed', default: '1' },
    ...MODEL_OPTIONS,
    ...TRAIN_OPTIONS,
    out: { type: 'string', help: 'output folder (model/, checkpoints/, train.jsonl, metrics.json, predictions.jsonl)' },
    resume: { type: 'boolean', help: 'continue from the checkpoint in --out' },
  },
  positionals: 0,
};

export async function runTrain(values: Values): Promise<void> {
  const out = str(values, 'out', true)!;
  const spec = datasetSpec(values);
  const modelName = (choice(values, 'model', MODEL_NAMES) ?? 'umq') as ModelName;
  const ablation = (choice(values, 'ablation', Object.keys(ABLATIONS) as AblationName[]) ?? 'full') as AblationName;
  const setting = parseSetting(str(values, 'setting') ?? 'clean');
  const seed = int(values, 'seed', 0) ?? 1;
  const { model: hp, batchSize } = modelOptions(values);
  const train = trainOptions(values, batchSize);
  await initEngine();
  const ds = await loadDataset(spec);
  mkdirSync(out, { recursive: true });
  const done = await trainExperiment(ds, { model: modelName, ablation, setting, seed }, {
    model: hp,
    train: { ...train, checkpointDir: join(out, 'checkpoints'), resume: Boolean(values.resume), logFile: join(out, 'train.jsonl'), progress: undefined },
    recipe: recipeOf(values),
  });
  try {
    saveModel(join(out, 'model'), done.model, { model: modelName, options: { ...hp, ablation }, shape: datasetShape(ds), dataset: spec, scaler: done.scaler, setting, seed, metrics: done.row.metrics });
    writeFileAtomic(join(out, 'metrics.json'), JSON.stringify(done.row, null, 1));
    writeFileAtomic(join(out, 'predictions.jsonl'), predictionRecords(ds.select('test').ids, done.predictions, done.test.labels, done.model.task).map((r) => JSON.stringify(r)).join('\n') + '\n');
    const m = Object.entries(done.row.metrics).map(([k, v]) => `${k} ${v === null ? 'n/a' : v.toFixed(4)}`).join(', ');
    console.log(`${modelName}${ablation !== 'full' ? `[${ablation}]` : ''} ${str(values, 'setting') ?? 'clean'} seed ${seed}: ${done.result.epochs} epochs (best epoch ${done.result.bestEpoch + 1}), test ${m}`);
    console.log(`saved to ${join(out, 'model')}`);
  } finally {
    done.model.dispose();
  }
}

export const EVAL: CommandSpec = {
  name: 'eval',
  summary: 'test a saved model under a setting (default: the one it was trained with)',
  usage: 'umq eval --model DIR [--setting missing:0.5] [--seed N] [--data PATH]',
  options: {
    model: { type: 'string', help: 'saved model folder (DIR/model from umq train)' },
    setting: { type: 'string', help: 'corruption setting of the test split (default: the training one)' },
    seed: { type: 'string', help: 'corruption seed (default: the training seed)' },
    data: { type: 'string', help: 'data path (default: the one the model was trained on)' },
    json: { type: 'boolean', help: 'print JSON' },
  },
  positionals: 0,
};

export async function runEval(values: Values): Promise<void> {
  const dir = str(values, 'model', true)!;
  await initEngine();
  const { model, config, scaler } = loadModel(dir);
  try {
    const spec = { ...config.dataset } as typeof config.dataset;
    const path = str(values, 'data');
    if (path) (spec as { path?: string }).path = path;
    const raw = await loadDataset(spec);
    const shape = datasetShape(raw); // checked before scaling, so a mismatch is reported against the model
    assertSameModalities(shape, config, 'the data', 'evaluate');
    const ds = applyScaler(raw, scaler);
    const setting = values.setting ? parseSetting(String(values.setting)) : config.setting;
    const seed = int(values, 'seed', 0) ?? Number(config.seed);
    const a = splitArrays(ds, 'test');
    const r = applyCorruption(a.features as never, settingCorruptions(setting).test, corruptionSeed(seed, 'test', JSON.stringify(setting)));
    const pred = predict(model, { features: r.data, labels: a.labels }, 256);
    const metrics = taskMetrics(model.task, pred.logits, pred.outDim, a.labels);
    if (values.json) console.log(JSON.stringify({ setting, seed, metrics }, null, 1));
    else console.log(`${config.model} under ${JSON.stringify(setting)} (seed ${seed}): ${Object.entries(metrics).map(([k, v]) => `${k} ${v === null ? 'n/a' : v.toFixed(4)}`).join(', ')}`);
  } finally {
    model.dispose();
  }
}
