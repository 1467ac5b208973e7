/**
 * `umq search`: random search over hyper-parameters with selection on the validation split,
 * then the best setting re-run on the final seeds and tested.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { initEngine, OptionError } from '@umq/core';
import { writeFileAtomic } from '@umq/core/node';
import { runSearch, parseSearchSpace, DEFAULT_SEARCH_SPACE, type SearchResult, type SearchSpace } from '../../eval/search';
import { parseSetting } from '../../eval/settings';
import { MODEL_NAMES, type ModelName } from '../../models';
import { primaryMetric } from '../../eval/task-metrics';
import { runSweep } from '../../eval/sweep';
import { writeReport } from '../../report/write';
import { choice, int, list, numList, str, type CommandSpec, type Values } from '../args';
import { DATASET_OPTIONS, MODEL_OPTIONS, TRAIN_OPTIONS, datasetSpec, modelOptions, recipeOf, trainOptions } from '../common';
import type { MultimodalDataset } from '@umq/datasets';
import { loadDataset } from '@umq/datasets/node';
import { ensureValidation } from '../../eval/validation';

export const SEARCH: CommandSpec = {
  name: 'search',
  summary: 'hyper-parameter search (random trials or a grid): select on validation, re-run the best on --seeds, test',
  usage: 'umq search [--dataset KIND --data PATH] --settings hetero-mixed --trials 12 --search-seeds 100 --seeds 1,2,3 --out DIR',
  options: {
    ...DATASET_OPTIONS,
    model: { type: 'string', help: `model searched: ${MODEL_NAMES.join(' | ')}`, default: 'umq' },
    settings: { type: 'string', help: 'settings the validation score averages over (comma-separated, e.g. hetero-mixed,noise:0.5)', default: 'hetero-mixed' },
    trials: { type: 'string', help: 'random trials (trial 0 = the defaults; default 12; not with --grid, which runs every combination)' },
    grid: { type: 'boolean', help: 'try every combination of the space (trial 0 = the defaults, then each other combination once) instead of --trials random draws; for small spaces (at most 256 combinations)' },
    'search-seed': { type: 'string', help: 'seed of the trial draws', default: '0' },
    'search-seeds': { type: 'string', help: 'run seeds of every trial', default: '100' },
    folds: { type: 'string', help: 'score trials by k-fold cross-validation over train + validation with this many folds (0: on the validation split; auto: 5 where the validation split has under 500 samples)', default: 'auto' },
    seeds: { type: 'string', help: 'run seeds of the final re-run of the best setting, or none: select only (no re-run, the test split is not read)', default: '1,2,3' },
    space: { type: 'string', help: 'JSON file of the search space ({"model": {"option": [values]}, "learningRate": [..]}); default: the built-in space' },
    'select-from': { type: 'string', help: 'skip the trials: re-run the best setting of another search folder (for data sets whose validation split leaks, e.g. MOSI-utterance)' },
    ...MODEL_OPTIONS,
    ...TRAIN_OPTIONS,
    workers: { type: 'string', help: 'worker processes', default: '1' },
    queue: { type: 'string', help: 'run on a job queue instead: redis://host:port/name; start `umq worker --queue` on any machine (docs/distributed-sweeps.md)' },
    out: { type: 'string', help: 'output folder (trials/, final/, search.json, search.md)' },
  },
  positionals: 0,
};

function summary(r: SearchResult, metric: string): string {
  const f = (v: number | null) => (v === null ? '-' : (100 * v).toFixed(2));
  const lines = [`| trial | validation ${metric} | overrides |`, '|---|---|---|'];
  for (const t of [...r.trials].sort((a, b) => (b.validScore ?? -1) - (a.validScore ?? -1))) {
    lines.push(`| ${t.index}${t.index === r.best.index ? ' (best)' : ''} | ${f(t.validScore)} | ${JSON.stringify({ ...t.config.model, ...t.config.train })} |`);
  }
  return lines.join('\n');
}

/** `--folds`: a number, or auto (5 where the validation split, carved if absent, has under 500 samples). */
function foldsOf(values: Values, ds: MultimodalDataset): number {
  const text = str(values, 'folds') ?? 'auto';
  if (text === 'auto') return ensureValidation(ds).indices('valid').length < 500 ? 5 : 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n === 1) throw new OptionError(`--folds takes 0 (the validation split), an integer >= 2, or auto, got ${JSON.stringify(text)}`);
  return n;
}

export async function runSearchCommand(values: Values): Promise<void> {
  const out = str(values, 'out', true)!;
  const dataset = datasetSpec(values);
  const model = (choice(values, 'model', MODEL_NAMES) ?? 'umq') as ModelName;
  const settings = (list(values, 'settings') ?? ['hetero-mixed']).map(parseSetting);
  const { model: base, batchSize } = modelOptions(values);
  const train = trainOptions(values, batchSize);
  const seeds = str(values, 'seeds') === 'none' ? [] : (numList(values, 'seeds', 0, 2 ** 31, true) ?? [1, 2, 3]);
  if (seeds.length === 0 && str(values, 'select-from')) throw new OptionError('--select-from with --seeds none: --select-from only re-runs a chosen setting on the final seeds; give --seeds (e.g. 1,2,3)');
  const workers = int(values, 'workers', 1) ?? 1;
  const queue = str(values, 'queue');
  if (values.grid === true && values.trials !== undefined) {
    throw new OptionError(`--trials ${String(values.trials)} with --grid: a grid runs every combination of the space, not a number of draws; drop --trials, or drop --grid for random trials`);
  }
  await initEngine();
  const ds = await loadDataset(dataset);
  const metric = primaryMetric(ds.task.type);
  if (recipeOf(values) !== 'default') throw new OptionError(`--recipe ${recipeOf(values)} has no validation split, and a search selects on validation: search under the default recipe, then run the chosen settings with umq sweep --recipe ${recipeOf(values)}`);
  const from = str(values, 'select-from');
  if (from) {
    let prior: SearchResult;
    try {
      prior = JSON.parse(readFileSync(join(from, 'search.json'), 'utf8')) as SearchResult;
    } catch (e) {
      throw new OptionError(`--select-from ${from}: cannot read its search.json (${(e as Error).message}): point it at a finished \`umq search --out\` folder`);
    }
    const rows = await runSweep({
      dataset, models: [model], protocols: [], rates: [], seeds, model: base, train,
      experiments: settings.flatMap((setting) => seeds.map((seed) => ({ model, setting, seed, variant: 'best', modelOverrides: prior.best.config.model, trainOverrides: prior.best.config.train }))),
    }, { out: join(out, 'final'), workers, queue });
    console.log(writeReport(join(out, 'final'), { meta: { dataset: dataset.kind, selectedFrom: from, config: prior.best.config }, rows }));
    return;
  }
  const spaceFile = str(values, 'space');
  let space: SearchSpace = DEFAULT_SEARCH_SPACE;
  if (spaceFile) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(spaceFile, 'utf8'));
    } catch (e) {
      throw new OptionError(`--space ${spaceFile}: cannot read it as JSON (${(e as Error).message})`);
    }
    space = parseSearchSpace(json, `--space ${spaceFile}`);
  }
  const result = await runSearch({
    space,
    dataset, model, settings, trials: int(values, 'trials', 1) ?? 12, grid: values.grid === true, searchSeed: int(values, 'search-seed', 0) ?? 0,
    searchSeeds: numList(values, 'search-seeds', 0, 2 ** 31, true) ?? [100], seeds, base, train, metric, folds: foldsOf(values, ds),
  }, { out, workers, queue, onRow: (r, k, n) => console.error(`[${k}/${n}] ${r.variant} ${r.protocol}${r.rate === null ? '' : ` ${r.rate}`} seed ${r.seed}: valid ${metric} ${r.validMetrics?.[metric]?.toFixed(4) ?? 'n/a'} (${r.seconds.toFixed(1)} s)`) });
  const tested = seeds.length ? `test numbers only for the best, on seeds ${seeds.join(', ')}` : 'no test re-run (--seeds none): the test split was not read';
  const md = `# Search: ${model} on ${dataset.kind}\n\nSelected on validation ${metric} (averaged over ${settings.length} setting(s) and search seeds); ${tested}.\n\n${summary(result, metric)}\n`;
  writeFileAtomic(join(out, 'search.md'), md);
  console.log(md);
  if (seeds.length) console.log(writeReport(join(out, 'final'), { meta: { dataset: dataset.kind, best: result.best }, rows: result.final }));
}
