/**
 * Random hyper-parameter search as the paper did (spec section 11): N trials drawn from a
 * space (trial 0 = the defaults), or every combination of a small space (`grid`), each
 * trained on the search seeds and scored on the
 * VALIDATION split only (or by k-fold cross-validation over the training and validation
 * samples, for small data); the best setting is then re-run on the final seeds and tested. Trials
 * run through the sweep machinery, so they are resumable and can use worker processes.
 */
import { join } from 'node:path';
import { Rng, OptionError } from '@umq/core';
import { writeFileAtomic } from '@umq/core/node';
import type { DatasetSpec } from '@umq/datasets';
import type { ModelBuildOptions, ModelName } from '../models';
import { runSweep, type PlanTrainOptions, type SweepOptions } from './sweep';
import { mergeOverrides, optionPaths, resolveUMQConfig, setOption } from '../umq/resolve';
import { DEFAULT_PRESET, preset } from '../umq/presets';
import { TRAIN_DEFAULTS } from '../train/train-options';
import type { UMQOverrides } from '../umq/options';
import type { ExperimentSpec, ResultRow } from './run-experiment';
import type { EvalSetting } from './settings';

/** One trial's overrides. */
export interface TrialConfig {
  /** Model overrides of the trial (UMQ's grouped options). */
  model: UMQOverrides;
  /** Training options of the trial. */
  train: {
    /** AdamW learning rate. */
    learningRate?: number;
  };
}

/** Discrete choices per hyper-parameter. */
export interface SearchSpace {
  /** Candidate values per UMQ option, by its dotted path (`moe.topK`; a group's path with `null` leaves the part out, `{}` keeps it with its defaults). */
  model: Record<string, readonly unknown[]>;
  /** Candidate learning rates. */
  learningRate?: readonly number[];
}

/**
 * The default space: learning rate, width, dropout, loss weights (×0.1 … ×10 of Table 10, the
 * spec's measured limit), the Eq 8 readings, the gate, E/k, τ, μ, λ_uni and the issue-9 options.
 *
 * @example
 * ```ts
 * const space: SearchSpace = { ...DEFAULT_SEARCH_SPACE, learningRate: [1e-3] }; // search the model only
 * ```
 */
export const DEFAULT_SEARCH_SPACE: SearchSpace = {
  learningRate: [3e-4, 1e-3, 2e-3],
  model: {
    d: [32, 64, 128],
    dropout: [0, 0.1, 0.2, 0.3],
    'lossWeights.dec': [1e-6, 1e-5, 1e-4],
    'lossWeights.qe': [1e-4, 1e-3, 1e-2],
    'lossWeights.enh': [1e-4, 1e-3, 1e-2],
    'lossWeights.moe': [1e-4, 1e-3, 1e-2],
    'lossWeights.uni': [0.5, 1, 2],
    'enhancer.residual': [false, true],
    'enhancer.qualityWeightedKeys': [false, true],
    'moe.gateSeesQuality': [true, false],
    'moe.numExperts': [4, 8, 10],
    'moe.topK': [1, 2, 3],
    'quality.tau': [0.3, 0.5, 0.7],
    'quality.mu': [0.05, 0.1],
    lateFusion: [null, {}],
    'lateFusion.weighting': ['quality', 'learned', 'learned+confidence'],
    'encoders.vectorNorm': ['layer', 'none'],
    'quality.supervision': ['rank', 'rank+corruption'],
  },
};

/**
 * Draws `n` trials from a space with a seed; trial 0 is the defaults (no overrides). A part
 * drawn as left out (`null`) stays out whatever its own options drew.
 *
 * @example
 * ```ts
 * const trials = sampleTrials(DEFAULT_SEARCH_SPACE, 12, 0);
 * ```
 */
export function sampleTrials(space: SearchSpace, n: number, seed: number): TrialConfig[] {
  const rng = new Rng(seed).fork('search');
  const out: TrialConfig[] = [{ model: {}, train: {} }];
  for (let t = 1; t < n; t++) {
    let model: UMQOverrides = {};
    const off: string[] = [];
    for (const [path, values] of Object.entries(space.model)) {
      const v = values[rng.int(values.length)];
      if (v === null) off.push(path);
      else model = setOption(model, path, v);
    }
    for (const path of off) model = setOption(model, path, null);
    if (model.moe && typeof model.moe.topK === 'number' && typeof model.moe.numExperts === 'number' && model.moe.topK > model.moe.numExperts) model.moe.topK = model.moe.numExperts;
    const train = space.learningRate ? { learningRate: space.learningRate[rng.int(space.learningRate.length)] } : {};
    out.push({ model, train });
  }
  return out;
}

/**
 * Every combination of a space's values (model options in the order of the space, then the
 * learning rates), after trial 0 = the defaults; a combination that trains the same model as an
 * earlier trial (the same `keyOf`: by default the resolved UMQ configuration and learning rate,
 * so that e.g. `lateFusion: null` with each `lateFusion.mix` counts once) is left out.
 *
 * @throws OptionError (of `@umq/core`) when the space has more than `limit` combinations (default 256).
 * @example
 * ```ts
 * const trials = gridTrials({ model: { 'quality.consensus': [0, 1], 'lateFusion.mix': ['sum', 'gate'] } }); // 4 trials: the defaults and 3 others
 * ```
 */
export function gridTrials(space: SearchSpace, keyOf: (t: TrialConfig) => string = (t) => trialKey(t), limit = 256): TrialConfig[] {
  const axes = Object.entries(space.model);
  const lrs: readonly (number | undefined)[] = space.learningRate ?? [undefined];
  const count = axes.reduce((n, [, values]) => n * values.length, lrs.length);
  if (count > limit) throw new OptionError(`search --grid: the space has ${count} combinations, over the limit of ${limit}: drop values, or draw trials at random (without --grid)`);
  const defaults: TrialConfig = { model: {}, train: {} };
  const out: TrialConfig[] = [defaults];
  const seen = new Set([keyOf(defaults)]);
  const walk = (i: number, picked: [string, unknown][]): void => {
    if (i < axes.length) {
      for (const v of axes[i][1]) walk(i + 1, [...picked, [axes[i][0], v]]);
      return;
    }
    for (const lr of lrs) {
      let model: UMQOverrides = {};
      for (const [path, v] of picked) if (v !== null) model = setOption(model, path, v);
      for (const [path, v] of picked) if (v === null) model = setOption(model, path, null);
      const t: TrialConfig = { model, train: lr === undefined ? {} : { learningRate: lr } };
      const key = keyOf(t);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(t);
    }
  };
  walk(0, []);
  return out;
}

/** JSON with sorted keys (to compare configurations). */
function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * What a UMQ trial trains, as a string: its resolved configuration (on `base`'s preset and
 * overrides) and its learning rate. Two trials with the same key train the same model.
 */
function trialKey(t: TrialConfig, base: ModelBuildOptions = {}, learningRate: number = TRAIN_DEFAULTS.learningRate): string {
  const { preset: name = 'default', ablation: _a, seed: _s, modality: _m, ...over } = base;
  return `${stable(resolveUMQConfig(mergeOverrides(over, t.model), preset(name).model))} lr ${t.train.learningRate ?? learningRate}`;
}

/** A search, as data. */
export interface SearchPlan {
  /** The data set searched on. */
  dataset: DatasetSpec;
  /** The model searched. Default 'umq'. */
  model: ModelName;
  /** Settings trials are scored under (validation metric averaged over them). */
  settings: EvalSetting[];
  /** Number of trials (trial 0 = defaults); ignored with `grid`. */
  trials: number;
  /** Every combination of the space ({@link gridTrials}) instead of `trials` random draws. Default false. */
  grid?: boolean;
  /** Seed of the trial draws. */
  searchSeed: number;
  /** Run seeds of the trials. */
  searchSeeds: number[];
  /** Run seeds of the final re-run of the best setting; empty: no re-run (selection only, the test split is never read). */
  seeds: number[];
  /** Base model options. */
  base?: ModelBuildOptions;
  /** Training options. */
  train?: PlanTrainOptions;
  /** Validation metric to maximise. */
  metric: string;
  /** The space. Default {@link DEFAULT_SEARCH_SPACE}. */
  space?: SearchSpace;
  /**
   * Score trials by k-fold cross-validation over the training and validation samples with this
   * many folds (the same folds for every trial, drawn from `searchSeed`; the test split is never
   * used); 0 or absent: on the data set's validation split. The CLI uses 5 folds where the
   * validation split has under 500 samples.
   */
  folds?: number;
}

/** What {@link runSearch} returns (also `search.json`). */
export interface SearchResult {
  /** Every trial: its index, configuration, mean validation score and number of runs. */
  trials: {
    /** Trial index (0 = defaults). */
    index: number;
    /** The configuration. */
    config: TrialConfig;
    /** Mean validation metric (null if no run finished). */
    validScore: number | null;
    /** Runs averaged. */
    runs: number;
  }[];
  /** The best trial on validation. */
  best: {
    /** Trial index. */
    index: number;
    /** The configuration. */
    config: TrialConfig;
    /** Its mean validation metric. */
    validScore: number | null;
  };
  /** Test rows of the best setting on the final seeds (variant 'best'); empty when the plan has no final seeds. */
  final: ResultRow[];
}

function expFor(plan: SearchPlan, cfg: TrialConfig, variant: string, seeds: number[], folds = 0): ExperimentSpec[] {
  const one = (fold: number | null): ExperimentSpec[] => plan.settings.flatMap((setting) => seeds.map((seed) => ({
    model: plan.model, setting, seed, variant: fold === null ? variant : `${variant}@fold${fold}`, modelOverrides: cfg.model, trainOverrides: cfg.train,
    ...(fold === null ? {} : { fold: { index: fold, count: folds, seed: plan.searchSeed } }),
  })));
  return folds > 1 ? Array.from({ length: folds }, (_, k) => one(k)).flat() : one(null);
}

/**
 * Runs a search in `out` (trials in `out/trials`, the final re-run in `out/final`, unless `plan.seeds` is empty).
 *
 * @example
 * ```ts
 * const r = await runSearch({ dataset, model: 'umq', settings: [{ kind: 'hetero-mixed' }], trials: 12, searchSeed: 0, searchSeeds: [100], seeds: [1, 2, 3], metric: 'accuracy' }, { out: 'runs/search' });
 * ```
 */
export async function runSearch(plan: SearchPlan, options: { out: string; workers?: number; onRow?: (r: ResultRow, k: number, n: number) => void; queue?: SweepOptions['queue'] }): Promise<SearchResult> {
  if (!plan.grid && plan.trials < 1) throw new OptionError('search needs at least one trial');
  const space = plan.space ?? DEFAULT_SEARCH_SPACE;
  const configs = plan.grid
    ? gridTrials(space, plan.model === 'umq' || plan.model === 'umq-oracle' ? (t) => trialKey(t, plan.base, plan.train?.learningRate) : (t) => stable(t))
    : sampleTrials(space, plan.trials, plan.searchSeed);
  const label = (i: number) => `trial-${String(i).padStart(2, '0')}`;
  const trialRows = await runSweep({
    dataset: plan.dataset, models: [plan.model], protocols: [], rates: [], seeds: plan.searchSeeds, model: plan.base, train: plan.train,
    experiments: configs.flatMap((cfg, i) => expFor(plan, cfg, label(i), plan.searchSeeds, plan.folds ?? 0)),
  }, { out: join(options.out, 'trials'), workers: options.workers, onRow: options.onRow, queue: options.queue });
  const trials = configs.map((config, index) => {
    const rows = trialRows.filter((r) => r.variant === label(index) || r.variant.startsWith(`${label(index)}@`));
    const vals = rows.map((r) => r.validMetrics?.[plan.metric]).filter((v): v is number => typeof v === 'number');
    return { index, config, validScore: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null, runs: rows.length };
  });
  const best = trials.reduce((a, b) => ((b.validScore ?? -Infinity) > (a.validScore ?? -Infinity) ? b : a));
  const final = plan.seeds.length === 0 ? [] : await runSweep({
    dataset: plan.dataset, models: [plan.model], protocols: [], rates: [], seeds: plan.seeds, model: plan.base, train: plan.train,
    experiments: expFor(plan, best.config, 'best', plan.seeds),
  }, { out: join(options.out, 'final'), workers: options.workers, onRow: options.onRow, queue: options.queue });
  const result: SearchResult = { trials, best: { index: best.index, config: best.config, validScore: best.validScore }, final };
  writeFileAtomic(join(options.out, 'search.json'), JSON.stringify(result, null, 1));
  return result;
}

/**
 * Checks a search space read from outside (JSON): every key a UMQ option's dotted path
 * (`umq info --options`), every value a non-empty list of values of that option's type, the
 * learning rates positive numbers.
 *
 * @example
 * ```ts
 * const space = parseSearchSpace(JSON.parse(readFileSync('space.json', 'utf8')), 'space.json');
 * ```
 */
export function parseSearchSpace(json: unknown, source = 'search space'): SearchSpace {
  const fail = (what: string): never => {
    throw new OptionError(`${source}: ${what}; expected {"model": {"<option path>": [values...]}, "learningRate": [numbers...]}, e.g. {"model": {"moe.topK": [1, 2, 3], "lateFusion": [null, {}]}} (paths: umq info --options)`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('not a JSON object');
  const { model, learningRate, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length) fail(`unknown top-level key(s) ${Object.keys(rest).join(', ')}`);
  if (typeof model !== 'object' || model === null || Array.isArray(model)) fail('"model" must be an object');
  const paths = optionPaths();
  const out: Record<string, unknown[]> = {};
  for (const [key, values] of Object.entries(model as Record<string, unknown>)) {
    if (!paths.includes(key)) fail(`"${key}" is not a UMQ option`);
    if (!Array.isArray(values) || values.length === 0) fail(`"${key}" must be a non-empty list of values`);
    for (const v of values as unknown[]) {
      try {
        resolveUMQConfig(setOption({}, key, v), DEFAULT_PRESET, `${source}: "${key}"`);
      } catch (e) {
        fail((e as Error).message);
      }
    }
    out[key] = values as unknown[];
  }
  let lr: number[] | undefined;
  if (learningRate !== undefined) {
    if (!Array.isArray(learningRate) || learningRate.length === 0 || !learningRate.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) fail('"learningRate" must be a non-empty list of positive numbers');
    lr = learningRate as number[];
  }
  return { model: out, ...(lr ? { learningRate: lr } : {}) };
}
