/**
 * Resolving UMQ options: overrides merged onto a preset, checked once at the boundary (unknown
 * keys, types, choices, ranges) with errors that name the option and the fix; and the dotted
 * paths (`moe.topK`) by which the CLI's `--set` and search spaces address them.
 */
import { OptionError, assertOneOf, assertNumberInRange, assertInteger } from '@umq/core';
import type { UMQConfig, UMQGroup, UMQOverrides } from './options';
import { DEFAULT_PRESET, GROUP_DEFAULTS } from './presets';

const GROUPS = Object.keys(GROUP_DEFAULTS) as UMQGroup[];
const TOP = ['d', 'dropout', ...GROUPS];
/** Groups that are always present (they cannot be left out). */
const REQUIRED: readonly UMQGroup[] = ['encoders', 'lossWeights'];
/** String options and their choices. */
const CHOICES: Record<string, readonly string[]> = {
  'encoders.vectorNorm': ['layer', 'none'],
  'encoders.languageProjection': ['linear', 'conv'],
  'encoders.gradients': ['all', 'heads'],
  'encoders.headLoss': ['cross-entropy', 'evidential'],
  'encoders.headWeighting': ['uniform', 'true-quality'],
  'quality.rankPairs': ['all', 'withinModality'],
  'quality.labels': ['rank', 'absolute'],
  'quality.supervision': ['rank', 'rank+corruption'],
  'quality.supervisionLoss': ['squared', 'cross-entropy'],
  'lateFusion.weighting': ['quality', 'learned', 'learned+confidence'],
  'lateFusion.mix': ['sum', 'gate'],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every option's dotted path (`d`, `moe.topK`, `moe.lossWeights.config`, `lateFusion`, ...):
 * what `--set` and search spaces accept.
 *
 * @example
 * ```ts
 * console.log(optionPaths().filter((p) => p.startsWith('moe.'))); // ['moe', 'moe.numExperts', ...]
 * ```
 */
export function optionPaths(): string[] {
  const out = ['d', 'dropout'];
  for (const g of GROUPS) {
    if (!REQUIRED.includes(g)) out.push(g);
    for (const [k, v] of Object.entries(GROUP_DEFAULTS[g])) {
      out.push(`${g}.${k}`);
      if (isObject(v)) for (const kk of Object.keys(v)) out.push(`${g}.${k}.${kk}`);
    }
  }
  return out;
}

function checkValue(path: string, value: unknown, like: unknown, source: string): void {
  const fail = (want: string): never => {
    throw new OptionError(`${source}: \`${path}\` takes ${want}, got ${JSON.stringify(value)}`);
  };
  if (path === 'lossWeights.uni') {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) fail('a number or null (null: L_uni inside L_qe, as the paper)');
    return;
  }
  if (typeof like === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) fail('a finite number');
  if (typeof like === 'boolean' && typeof value !== 'boolean') fail('true or false');
  if (typeof like === 'string') {
    if (typeof value !== 'string') fail(`one of ${(CHOICES[path] ?? []).join(', ')}`);
    if (CHOICES[path] && !CHOICES[path].includes(value as string)) fail(`one of ${CHOICES[path].join(', ')}`);
  }
}

function mergeGroup(group: UMQGroup, base: Record<string, unknown>, change: Record<string, unknown>, source: string): Record<string, unknown> {
  const defaults = GROUP_DEFAULTS[group] as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(change)) {
    if (!(k in defaults)) throw new OptionError(`${source}: \`${group}.${k}\` is not an option; the options of ${group} are ${Object.keys(defaults).join(', ')}`);
    if (v === undefined) continue;
    if (isObject(defaults[k])) {
      if (!isObject(v)) throw new OptionError(`${source}: \`${group}.${k}\` takes an object of ${Object.keys(defaults[k] as object).join(', ')}, got ${JSON.stringify(v)}`);
      const inner = defaults[k] as Record<string, unknown>;
      for (const [kk, vv] of Object.entries(v)) {
        if (!(kk in inner)) throw new OptionError(`${source}: \`${group}.${k}.${kk}\` is not an option; use ${Object.keys(inner).join(', ')}`);
        checkValue(`${group}.${k}.${kk}`, vv, inner[kk], source);
      }
      out[k] = { ...(out[k] as object), ...v };
    } else {
      checkValue(`${group}.${k}`, v, defaults[k], source);
      out[k] = v;
    }
  }
  return out;
}

/**
 * The configuration `overrides` give on top of `base` (default: today's default preset): a
 * group given partly keeps the rest from the base (or, if the base leaves it out, from
 * {@link GROUP_DEFAULTS}); `null` leaves a part out. Unknown options and values of the wrong
 * type are an {@link OptionError} naming them; choices and ranges are checked by
 * {@link checkUMQConfig}.
 *
 * @example
 * ```ts
 * const c = resolveUMQConfig({ moe: { topK: 2 }, lateFusion: null }); // today's default with k = 2, no late path
 * ```
 */
export function resolveUMQConfig(overrides: UMQOverrides = {}, base: UMQConfig = DEFAULT_PRESET, source = 'UMQ options'): UMQConfig {
  if (!isObject(overrides)) throw new OptionError(`${source}: expected an object of options, got ${JSON.stringify(overrides)}`);
  const out = { ...base } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!TOP.includes(key)) throw new OptionError(`${source}: \`${key}\` is not a UMQ option; use ${TOP.join(', ')} (groups hold the options of one part, e.g. moe: { topK: 2 })`);
    if (key === 'd' || key === 'dropout') {
      checkValue(key, value, 0, source);
      out[key] = value;
      continue;
    }
    const group = key as UMQGroup;
    if (value === null) {
      if (REQUIRED.includes(group)) throw new OptionError(`${source}: \`${group}\` cannot be left out (null); give its options instead`);
      out[group] = null;
      continue;
    }
    if (!isObject(value)) throw new OptionError(`${source}: \`${group}\` takes an object of options (or null to leave the part out), got ${JSON.stringify(value)}`);
    out[group] = mergeGroup(group, (base[group] ?? GROUP_DEFAULTS[group]) as Record<string, unknown>, value, source);
  }
  return out as unknown as UMQConfig;
}

/**
 * Checks the choices and ranges of a configuration (what a model needs to be built); throws
 * an {@link OptionError} naming the option.
 *
 * @example
 * ```ts
 * checkUMQConfig(resolveUMQConfig({ d: 33 })); // OptionError: d must be even
 * ```
 */
export function checkUMQConfig(c: UMQConfig, owner = 'UMQModel'): void {
  assertInteger(`${owner} d`, c.d, 2);
  if (c.d % 2 !== 0) throw new OptionError(`${owner}: d must be even (the quality estimator and the heads use d/2), got ${c.d}`);
  assertNumberInRange(`${owner} dropout`, c.dropout, 0, 0.95);
  for (const [path, choices] of Object.entries(CHOICES)) {
    const [g, k] = path.split('.') as [UMQGroup, string];
    const group = c[g] as Record<string, unknown> | null;
    if (group) assertOneOf(`${owner} ${path}`, group[k] as string, choices as readonly string[]);
  }
  if (c.quality) assertNumberInRange(`${owner} quality.tau`, c.quality.tau, 0, 1);
  if (c.quality) assertNumberInRange(`${owner} quality.consensus`, c.quality.consensus, 0, Infinity);
  if (c.quality) assertNumberInRange(`${owner} quality.evidence`, c.quality.evidence, 0, Infinity);
  if (c.quality) assertNumberInRange(`${owner} quality.snap`, c.quality.snap, 0, 0.4999);
  if (c.lateFusion && !(c.lateFusion.power! > 0)) throw new OptionError(`${owner}: \`lateFusion.power\` takes a positive number (1: weights proportional to q), got ${JSON.stringify(c.lateFusion.power)}`);
  if (c.moe) {
    assertInteger(`${owner} moe.numExperts`, c.moe.numExperts, 1);
    assertInteger(`${owner} moe.topK`, c.moe.topK, 1);
    if (c.moe.topK > c.moe.numExperts) throw new OptionError(`${owner}: moe.topK (${c.moe.topK}) exceeds moe.numExperts (${c.moe.numExperts})`);
  }
  for (const [k, v] of Object.entries(c.lossWeights)) if (v !== null) assertNumberInRange(`${owner} lossWeights.${k}`, v, 0, Infinity);
}

/**
 * Overrides `b` applied after `a` (b wins; a group merges option by option; `null` in `b`
 * leaves the part out, an object in `b` after `null` in `a` switches it back on).
 *
 * @example
 * ```ts
 * mergeOverrides({ moe: { topK: 2 } }, { moe: { numExperts: 4 } }); // { moe: { topK: 2, numExperts: 4 } }
 * ```
 */
export function mergeOverrides(a: UMQOverrides, b: UMQOverrides): UMQOverrides {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const prev = out[k];
    if (isObject(v) && isObject(prev)) {
      const merged: Record<string, unknown> = { ...prev };
      for (const [kk, vv] of Object.entries(v)) merged[kk] = isObject(vv) && isObject(prev[kk]) ? { ...(prev[kk] as object), ...vv } : vv;
      out[k] = merged;
    } else out[k] = v;
  }
  return out as UMQOverrides;
}

/**
 * Overrides that set one option by its dotted path (`'moe.topK'`, `'lateFusion'`), merged onto
 * `into`. Unknown paths are an {@link OptionError} listing the valid ones.
 *
 * @example
 * ```ts
 * setOption({}, 'moe.topK', 2); // { moe: { topK: 2 } }
 * ```
 */
export function setOption(into: UMQOverrides, path: string, value: unknown): UMQOverrides {
  if (!optionPaths().includes(path)) throw new OptionError(`unknown UMQ option ${JSON.stringify(path)}: use one of ${optionPaths().join(', ')}`);
  const parts = path.split('.');
  let change: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) change = { [parts[i]]: change };
  return mergeOverrides(into, change as UMQOverrides);
}
