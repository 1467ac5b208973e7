/**
 * `umq search`: trial sampling (trial 0 = defaults, draws inside the space, seeded), search
 * spaces read from JSON (checked, errors that name the key), and a tiny search through the CLI
 * with a custom space: the best trial is the one with the highest VALIDATION score, and only
 * it is tested (with `--seeds none`, nothing is).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OptionError } from '@umq/core';
import { sampleTrials, gridTrials, parseSearchSpace, DEFAULT_SEARCH_SPACE, type SearchResult } from '../src/eval/search';
import { resolveUMQConfig } from '../src/umq/resolve';
import { runCli } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'umq-search-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('search', () => {
  it('sampleTrials: trial 0 is the defaults, the rest draw inside the space, the same seed the same trials', () => {
    const trials = sampleTrials(DEFAULT_SEARCH_SPACE, 8, 3);
    expect(trials).toHaveLength(8);
    expect(trials[0]).toEqual({ model: {}, train: {} });
    for (const t of trials.slice(1)) {
      const config = resolveUMQConfig(t.model); // every trial is a valid configuration
      for (const [path, values] of Object.entries(DEFAULT_SEARCH_SPACE.model)) {
        if (path === 'moe.topK') continue; // clipped to numExperts
        const [group, key] = path.split('.');
        const part = (config as unknown as Record<string, Record<string, unknown> | number | null>)[group];
        if (typeof part === 'number') expect(values, path).toContain(part);
        else if (key === undefined) expect(part === null ? values.includes(null) : values.some((v) => v !== null && typeof v === 'object'), path).toBe(true); // a part left out, or kept
        else if (part !== null && typeof part === 'object') expect(values, path).toContain(part[key]);
        else if (part !== null) expect(values, path).toContain(part);
      }
      expect(config.moe!.topK).toBeLessThanOrEqual(config.moe!.numExperts);
      expect(DEFAULT_SEARCH_SPACE.learningRate).toContain(t.train.learningRate);
    }
    expect(sampleTrials(DEFAULT_SEARCH_SPACE, 8, 3)).toEqual(trials);
    expect(sampleTrials(DEFAULT_SEARCH_SPACE, 8, 4)).not.toEqual(trials);
  });

  it('gridTrials: trial 0 the defaults, then every other model once (combinations that train the same model left out), in a fixed order', () => {
    const space = { model: { 'quality.consensus': [0, 1], 'lateFusion.mix': ['sum', 'gate'], lateFusion: [{}, null] }, learningRate: [1e-3, 2e-3] };
    const trials = gridTrials(space);
    // 2 x 2 x 2 x 2 = 16 combinations; without the late path its mix does not matter (16 -> 12 models);
    // today's default (consensus 1 + sum + kept + lr 1e-3) is one of them and stays trial 0 only
    expect(trials).toHaveLength(12);
    expect(trials[0]).toEqual({ model: {}, train: {} });
    const keys = trials.slice(1).map((t) => JSON.stringify(resolveUMQConfig(t.model)) + t.train.learningRate);
    expect(new Set(keys).size).toBe(11);
    expect(keys).not.toContain(JSON.stringify(resolveUMQConfig({})) + 1e-3);
    expect(trials[1]).toEqual({ model: { quality: { consensus: 0 }, lateFusion: { mix: 'sum' } }, train: { learningRate: 1e-3 } });
    expect(trials.filter((t) => t.model.lateFusion === null)).toHaveLength(4); // null wins over the group's own options
    expect(gridTrials(space)).toEqual(trials);
    // keyed by the overrides as written (models other than UMQ): only the identical ones merge
    // (the 8 without the late path are 4 distinct overrides), the explicit defaults stay a trial
    expect(gridTrials(space, (t) => JSON.stringify(t))).toHaveLength(13);
    expect(() => gridTrials({ model: { d: [8, 16, 32, 64], dropout: [0, 0.1, 0.2, 0.3] } }, undefined, 10)).toThrow(/16 combinations, over the limit of 10/);
  });

  it('parseSearchSpace accepts UMQ options with values of their type and names what is wrong otherwise', () => {
    const space = parseSearchSpace({ model: { 'lateFusion.weighting': ['quality', 'learned'], 'lossWeights.uni': [null, 1], dropout: [0, 0.2], 'enhancer.residual': [true], moe: [null, {}] }, learningRate: [1e-3] });
    expect(space.model['lateFusion.weighting']).toEqual(['quality', 'learned']);
    expect(space.learningRate).toEqual([1e-3]);
    const bad: [unknown, RegExp][] = [
      [[1, 2], /not a JSON object/],
      [{ model: { 'moe.numExpert': [4] } }, /"moe.numExpert" is not a UMQ option/],
      [{ model: { numExperts: [4] } }, /"numExperts" is not a UMQ option/],
      [{ model: { dropout: [] } }, /"dropout" must be a non-empty list/],
      [{ model: { dropout: ['0.1'] } }, /`dropout` takes a finite number, got "0.1"/],
      [{ model: { 'enhancer.residual': [1] } }, /`enhancer.residual` takes true or false/],
      [{ model: { 'lateFusion.weighting': ['max'] } }, /one of quality, learned, learned\+confidence/],
      [{ model: {}, learningRate: [0] }, /"learningRate" must be a non-empty list of positive numbers/],
      [{ model: {}, epochs: [3] }, /unknown top-level key\(s\) epochs/],
      [{}, /"model" must be an object/],
    ];
    for (const [json, pattern] of bad) {
      expect(() => parseSearchSpace(json, 'space.json')).toThrow(OptionError);
      expect(() => parseSearchSpace(json, 'space.json')).toThrow(pattern);
    }
  });

  it('umq search --space --folds 2: trials scored by cross-validation, the best (highest validation score) re-run on the final seeds; --seeds none selects only', () => {
    const spaceFile = join(tmp, 'space.json');
    writeFileSync(spaceFile, JSON.stringify({ model: { 'lateFusion.weighting': ['quality', 'learned'], dropout: [0, 0.3] } }));
    const out = join(tmp, 'run');
    const r = runCli(['search', '--samples', '120', '--settings', 'hetero-mixed', '--trials', '3', '--folds', '2', '--search-seeds', '5', '--seeds', '1', '--epochs', '2', '--d', '8', '--batch-size', '32', '--space', spaceFile, '--workers', '2', '--out', out], 240_000);
    expect(r.status, r.stderr).toBe(0);
    const trialLines = r.stderr.split('\n').filter((l) => l.includes('trial-'));
    expect(trialLines.length).toBeGreaterThan(0);
    for (const l of trialLines) {
      expect(l).toMatch(/valid accuracy/); // trials show their validation score ...
      expect(l).not.toMatch(/test/); // ... and never a test number
    }
    const result = JSON.parse(readFileSync(join(out, 'search.json'), 'utf8')) as SearchResult;
    expect(result.trials).toHaveLength(3);
    expect(result.trials.map((t) => t.runs)).toEqual([2, 2, 2]); // two folds each (--folds 2): scored on both
    expect(trialLines.some((l) => l.includes('@fold1'))).toBe(true);
    for (const t of result.trials.slice(1)) for (const k of Object.keys(t.config.model)) expect(['lateFusion', 'dropout']).toContain(k);
    const bestScore = Math.max(...result.trials.map((t) => t.validScore ?? -1));
    expect(result.best.validScore).toBe(bestScore);
    expect(result.final.map((row) => [row.variant, row.seed])).toEqual([['best', 1]]);
    const selectOnly = join(tmp, 'select-only');
    const so = runCli(['search', '--samples', '120', '--settings', 'clean', '--trials', '2', '--folds', '0', '--search-seeds', '5', '--seeds', 'none', '--epochs', '1', '--d', '8', '--batch-size', '32', '--space', spaceFile, '--out', selectOnly], 120_000);
    expect(so.status, so.stderr).toBe(0);
    expect(so.stdout).toMatch(/no test re-run \(--seeds none\): the test split was not read/);
    const soResult = JSON.parse(readFileSync(join(selectOnly, 'search.json'), 'utf8')) as SearchResult;
    expect(soResult.trials).toHaveLength(2);
    expect(soResult.final).toEqual([]); // selection only: nothing tested
    expect(existsSync(join(selectOnly, 'final'))).toBe(false);
    const noSeeds = runCli(['search', '--samples', '120', '--seeds', 'none', '--select-from', selectOnly, '--out', join(tmp, 'w')], 60_000);
    expect(noSeeds.status).toBe(2);
    expect(noSeeds.stderr).toMatch(/--select-from with --seeds none: .*give --seeds/);
    const bad = runCli(['search', '--samples', '120', '--trials', '2', '--space', join(tmp, 'missing.json'), '--out', join(tmp, 'x')], 60_000);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--space .*missing\.json: cannot read it as JSON/);
    const bigSpace = join(tmp, 'big.json');
    writeFileSync(bigSpace, JSON.stringify({ model: { d: [8, 16, 32, 64, 128], dropout: [0, 0.1, 0.2, 0.3, 0.4], 'lossWeights.uni': [0.5, 1, 2], 'quality.tau': [0.3, 0.5, 0.7, 0.9] } }));
    const big = runCli(['search', '--samples', '120', '--grid', '--space', bigSpace, '--out', join(tmp, 'y')], 60_000);
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/--grid: the space has 300 combinations, over the limit of 256/);
    const both = runCli(['search', '--samples', '120', '--grid', '--trials', '4', '--space', spaceFile, '--out', join(tmp, 'z')], 60_000);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--trials 4 with --grid: .*drop --trials, or drop --grid/);
  }, 240_000);
});
