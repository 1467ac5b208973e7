/**
 * The check of a result row read back from Redis (a job's return value: untrusted input like
 * the payload): the fields of `ResultRow`, of their types, and the run's own model, protocol,
 * rate and seed, so a row can only ever be recorded under the run that produced it.
 */
import type { ResultRow } from '../eval/run-experiment';
import { settingKey } from '../eval/settings';
import { checker, type FieldCheck } from './json-check';
import type { RunPayload } from './run-payload';

const c = checker('invalid result row');
const metricName = /^[\w.-]{1,64}$/;
const metricRecord: FieldCheck = (v, at) => {
  if (!c.isRecord(v)) c.fail(at, 'must be an object of metric values');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > 200) c.fail(at, `has ${entries.length} metrics, at most 200 allowed`);
  for (const [k, x] of entries) {
    if (!metricName.test(k)) c.fail(`${at}.${k}`, 'is not a metric name');
    c.nullOr(c.num())(x, `${at}.${k}`);
  }
};
const numbers: FieldCheck = (v, at) => {
  if (!Array.isArray(v) || v.length > 10_000) c.fail(at, 'must be a list of numbers');
  (v as unknown[]).forEach((x, i) => c.num()(x, `${at}[${i}]`));
};
const routing: FieldCheck = (v, at) => {
  if (!c.isRecord(v) || Object.keys(v).length > 10_000) c.fail(at, 'must map quality configurations to lists of shares');
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[01]{1,64}$|^all$/.test(k)) c.fail(`${at}.${k}`, 'is not a quality configuration');
    numbers(x, `${at}.${k}`);
  }
};
const qualityBuckets: FieldCheck = (v, at) => {
  c.object(v, at, { metric: c.str(/^[\w.-]{1,64}$/), edges: numbers, count: numbers, correct: numbers }, ['metric', 'edges', 'count', 'correct']);
};
const quality: FieldCheck = (v, at) => {
  const n = c.nullOr(c.num());
  c.object(v, at, { spearman: n, aucPresentVsMissing: n, aucCleanVsNoisy: n, meanQClean: n, meanQNoisy: n, meanQMissing: n, meanQPerModality: numbers }, ['meanQPerModality']);
};

/**
 * Checks a returned row and that it is the row of `payload`'s run; returns it typed.
 *
 * @param json the job's return value.
 * @param payload the job's (checked) payload.
 * @throws DataFormatError naming the bad field, or the field that belongs to another run.
 * @example
 * ```ts
 * const row = parseResultRow(job.returnvalue, parseRunPayload(job.data));
 * ```
 */
export function parseResultRow(json: unknown, payload: RunPayload): ResultRow {
  const { protocol, rate } = settingKey(payload.setting);
  const same = (expected: unknown): FieldCheck => (v, at) => {
    if (v !== expected) c.fail(at, `is ${JSON.stringify(v)}, but the run's is ${JSON.stringify(expected)}`);
  };
  c.object(json, 'row', {
    model: same(payload.model),
    variant: c.str(/^[\s\S]{1,200}$/),
    protocol: same(protocol),
    rate: same(rate),
    seed: same(payload.seed),
    metrics: metricRecord,
    validMetrics: metricRecord,
    realisedRate: c.nullOr(c.num()),
    quality,
    meanQuality: numbers,
    qualityBuckets,
    routing,
    epochs: c.int(0),
    bestEpoch: c.int(-1),
    seconds: c.num(0),
  }, ['model', 'variant', 'protocol', 'rate', 'seed', 'metrics', 'epochs', 'bestEpoch', 'seconds']);
  return json as ResultRow;
}
