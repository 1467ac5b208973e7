/**
 * `umq predict`: predictions of a saved model, with per sample each modality's estimated
 * quality, the quality configuration κ and the experts chosen.
 */
import { writeFileSync } from 'node:fs';
import { initEngine, OptionError } from '@umq/core';
import { applyScaler, splitArrays, SPLIT_NAMES, type SplitName } from '@umq/datasets';
import { loadDataset } from '@umq/datasets/node';
import { applyCorruption, corruptionSeed } from '@umq/corruptions';
import { assertSameModalities } from '../../saved-model';
import { loadModel } from '../../saved-model-files';
import { predict } from '../../train/evaluate';
import { predictionRecords } from '../../eval/prediction-records';
import { parseSetting, settingCorruptions } from '../../eval/settings';
import { datasetShape } from '../../models';
import { choice, int, str, type CommandSpec, type Values } from '../args';

export const PREDICT: CommandSpec = {
  name: 'predict',
  summary: 'predict with a saved model; per sample: quality per modality, configuration κ, experts chosen',
  usage: 'umq predict --model DIR [--input PATH] [--split test] [--setting clean|trained|noise:R...] [--output FILE]',
  options: {
    model: { type: 'string', help: 'saved model folder (DIR/model from umq train)' },
    input: { type: 'string', help: 'data to predict, read with the model’s data set kind (default: the training data)' },
    split: { type: 'string', help: `split: ${SPLIT_NAMES.join(' | ')}`, default: 'test' },
    setting: { type: 'string', help: "corruption applied first: 'clean', 'trained' (the training setting and seed: reproduces umq train's predictions) or a setting", default: 'clean' },
    seed: { type: 'string', help: 'corruption seed (default: the training seed)' },
    output: { type: 'string', help: 'write JSONL here instead of stdout' },
  },
  positionals: 0,
};

export async function runPredict(values: Values): Promise<void> {
  const dir = str(values, 'model', true)!;
  const split = (choice(values, 'split', SPLIT_NAMES) ?? 'test') as SplitName;
  await initEngine();
  const { model, config, scaler } = loadModel(dir);
  try {
    const spec = { ...config.dataset } as typeof config.dataset;
    const input = str(values, 'input');
    if (input) {
      if (spec.kind === 'synthetic') throw new OptionError('this model was trained on synthetic data, which has no file: omit --input');
      (spec as { path?: string }).path = input;
    }
    const raw = await loadDataset(spec);
    const shape = datasetShape(raw); // checked before scaling, so a mismatch is reported against the model
    assertSameModalities(shape, config, input ?? 'the data', 'predict');
    const ds = applyScaler(raw, scaler);
    const a = splitArrays(ds, split);
    const settingText = str(values, 'setting') ?? 'clean';
    const setting = settingText === 'trained' ? config.setting : parseSetting(settingText);
    const seed = int(values, 'seed', 0) ?? Number(config.seed);
    const features = setting.kind === 'clean' ? (a.features as never) : applyCorruption(a.features as never, settingCorruptions(setting).test, corruptionSeed(seed, 'test', JSON.stringify(setting))).data;
    const p = predict(model, { features, labels: a.labels }, 256);
    const lines = predictionRecords(a.ids, p, a.labels, model.task).map((r) => JSON.stringify(r)).join('\n') + '\n';
    const output = str(values, 'output');
    if (output) writeFileSync(output, lines);
    else process.stdout.write(lines);
  } finally {
    model.dispose();
  }
}
