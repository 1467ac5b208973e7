/**
 * Random hyper-parameter search as the paper did (spec section 11): N trials drawn from a
 * space (trial 0 = the defaults), each trained on the search seeds and scored on the
 * VALIDATION split only; the best setting is then re-run on the final seeds and tested. Trials
 * run through the sweep machinery, so they are resumable and can use worker processes.
 */
import { join } from 'node:path';
import { Rng, writeFileAtomic, OptionError } from '@umq/core';
import type { DatasetSpec } from '@umq/datasets';
import type { ModelBuildOptions, ModelName } from '../models';
import type { TrainOptions } from '../train/trainer';
import { UMQ_DEFAULTS, type UMQHyperParameters } from '../options';
import { runSweep, type SweepOptions } from './sweep';
import type { ExperimentSpec, ResultRow } from './run-experiment';
import type { EvalSetting } from './settings';

/** One trial's overrides. */
export interface TrialConfig {
  /** Model hyper-parameters of the trial. */
  model: Partial<UMQHyperParameters>;
  /** Training options of the trial. */
  train: {
    /** AdamW learning rate. */
    learningRate?: number;
  };
}

/** Discrete choices per hyper-parameter. */
export interface SearchSpace {
  /** Candidate values per model hyper-parameter. */
  model: Partial<{ [K in keyof UMQHyperParameters]: readonly UMQHyperParameters[K][] }>;
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
    lambdaDec: [1e-6, 1e-5, 1e-4],
    lambdaQe: [1e-4, 1e-3, 1e-2],
    lambdaEnh: [1e-4, 1e-3, 1e-2],
    lambdaMoe: [1e-4, 1e-3, 1e-2],
    lambdaUni: [0.5, 1, 2],
    enhancerResidual: [false, true],
    enhancerQualityKeys: [false, true],
    gateSeesQuality: [true, false],
    numExperts: [4, 8, 10],
    topK: [1, 2, 3],
    tau: [0.3, 0.5, 0.7],
    mu: [0.05, 0.1],
    lateFusionPath: [false, true],
    lateFusionWeighting: ['quality', 'learned', 'learned+confidence'],
    vectorNorm: ['layer', 'none'],
    qualitySupervision: ['rank', 'rank+corruption'],
  },
};

/**
 * Draws `n` trials from a space with a seed; trial 0 is the defaults (no overrides).
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
    const model: Record<string, unknown> = {};
    for (const [k, values] of Object.entries(space.model)) model[k] = (values as readonly unknown[])[rng.int((values as readonly unknown[]).length)];
    if (typeof model.topK === 'number' && typeof model.numExperts === 'number' && model.topK > model.numExperts) model.topK = model.numExperts;
    const train = space.learningRate ? { learningRate: space.learningRate[rng.int(space.learningRate.length)] } : {};
    out.push({ model: model as Partial<UMQHyperParameters>, train });
  }
  return out;
}

/** A search, as data. */
export interface SearchPlan {
  /** The data set searched on. */
  dataset: DatasetSpec;
  /** The model searched. Default 'umq'. */
  model: ModelName;
  /** Settings trials are scored under (validation metric averaged over them). */
  settings: EvalSetting[];
  /** Number of trials (trial 0 = defaults). */
  trials: number;
  /** Seed of the trial draws. */
  searchSeed: number;
  /** Run seeds of the trials. */
  searchSeeds: number[];
  /** Run seeds of the final re-run of the best setting. */
  seeds: number[];
  /** Base model options. */
  base?: ModelBuildOptions;
  /** Training options. */
  train?: Omit<TrainOptions, 'seed' | 'checkpointDir' | 'resume' | 'logFile'>;
  /** Validation metric to maximise. */
  metric: string;
  /** The space. Default {@link DEFAULT_SEARCH_SPACE}. */
  space?: SearchSpace;
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
  /** Test rows of the best setting on the final seeds (variant 'best'). */
  final: ResultRow[];
}

function expFor(plan: SearchPlan, cfg: TrialConfig, variant: string, seeds: number[]): ExperimentSpec[] {
  return plan.settings.flatMap((setting) => seeds.map((seed) => ({ model: plan.model, setting, seed, variant, modelOverrides: cfg.model, trainOverrides: cfg.train })));
}

/**
 * Runs a search in `out` (trials in `out/trials`, the final re-run in `out/final`).
 *
 * @example
 * ```ts
 * const r = await runSearch({ dataset, model: 'umq', settings: [{ kind: 'hetero-mixed' }], trials: 12, searchSeed: 0, searchSeeds: [100], seeds: [1, 2, 3], metric: 'accuracy' }, { out: 'runs/search' });
 * ```
 */
export async function runSearch(plan: SearchPlan, options: { out: string; workers?: number; onRow?: (r: ResultRow, k: number, n: number) => void; queue?: SweepOptions['queue'] }): Promise<SearchResult> {
  if (plan.trials < 1) throw new OptionError('search needs at least one trial');
  const configs = sampleTrials(plan.space ?? DEFAULT_SEARCH_SPACE, plan.trials, plan.searchSeed);
  const label = (i: number) => `trial-${String(i).padStart(2, '0')}`;
  const trialRows = await runSweep({
    dataset: plan.dataset, models: [plan.model], protocols: [], rates: [], seeds: plan.searchSeeds, model: plan.base, train: plan.train,
    experiments: configs.flatMap((cfg, i) => expFor(plan, cfg, label(i), plan.searchSeeds)),
  }, { out: join(options.out, 'trials'), workers: options.workers, onRow: options.onRow, queue: options.queue });
  const trials = configs.map((config, index) => {
    const rows = trialRows.filter((r) => r.variant === label(index));
    const vals = rows.map((r) => r.validMetrics?.[plan.metric]).filter((v): v is number => typeof v === 'number');
    return { index, config, validScore: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null, runs: rows.length };
  });
  const best = trials.reduce((a, b) => ((b.validScore ?? -Infinity) > (a.validScore ?? -Infinity) ? b : a));
  const final = await runSweep({
    dataset: plan.dataset, models: [plan.model], protocols: [], rates: [], seeds: plan.seeds, model: plan.base, train: plan.train,
    experiments: expFor(plan, best.config, 'best', plan.seeds),
  }, { out: join(options.out, 'final'), workers: options.workers, onRow: options.onRow, queue: options.queue });
  const result: SearchResult = { trials, best: { index: best.index, config: best.config, validScore: best.validScore }, final };
  writeFileAtomic(join(options.out, 'search.json'), JSON.stringify(result, null, 1));
  return result;
}

/**
 * Checks a search space read from outside (JSON): every key a UMQ option, every value a
 * non-empty list of values of that option's type, the learning rates positive numbers.
 *
 * @example
 * ```ts
 * const space = parseSearchSpace(JSON.parse(readFileSync('space.json', 'utf8')), 'space.json');
 * ```
 */
export function parseSearchSpace(json: unknown, source = 'search space'): SearchSpace {
  const fail = (what: string): never => {
    throw new OptionError(`${source}: ${what}; expected {"model": {"<UMQ option>": [values...]}, "learningRate": [numbers...]} with options among ${Object.keys(UMQ_DEFAULTS).join(', ')}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('not a JSON object');
  const { model, learningRate, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length) fail(`unknown top-level key(s) ${Object.keys(rest).join(', ')}`);
  if (typeof model !== 'object' || model === null || Array.isArray(model)) fail('"model" must be an object');
  const out: Record<string, unknown[]> = {};
  for (const [key, values] of Object.entries(model as Record<string, unknown>)) {
    if (!(key in UMQ_DEFAULTS)) fail(`"${key}" is not a UMQ option`);
    if (!Array.isArray(values) || values.length === 0) fail(`"${key}" must be a non-empty list of values`);
    const def = (UMQ_DEFAULTS as unknown as Record<string, unknown>)[key];
    for (const v of values as unknown[]) {
      const ok = (def === null || key === 'lambdaUni') ? v === null || (typeof v === 'number' && Number.isFinite(v)) : typeof v === typeof def && (typeof v !== 'number' || Number.isFinite(v));
      if (!ok) fail(`"${key}" takes values of type ${def === null ? 'number or null' : typeof def}, got ${JSON.stringify(v)}`);
    }
    out[key] = values as unknown[];
  }
  let lr: number[] | undefined;
  if (learningRate !== undefined) {
    if (!Array.isArray(learningRate) || learningRate.length === 0 || !learningRate.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) fail('"learningRate" must be a non-empty list of positive numbers');
    lr = learningRate as number[];
  }
  return { model: out as SearchSpace['model'], ...(lr ? { learningRate: lr } : {}) };
}
