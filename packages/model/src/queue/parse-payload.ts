/**
 * The strict check of a job payload read from Redis (untrusted input): every field known, of
 * its type and in range, at every level; anything else is a {@link DataFormatError} naming the
 * field, and the run is never started. The loaders, the model and the trainer check their own
 * options again when the run starts.
 */
import { DATASET_KINDS, type DatasetSpec } from '@umq/datasets';
import { MODEL_NAMES } from '../models';
import { ABLATIONS } from '../umq/ablations';
import { checkUMQConfig, resolveUMQConfig } from '../umq/resolve';
import { PRESET_NAMES } from '../umq/presets';
import type { UMQOverrides } from '../umq/options';
import { RECIPE_NAMES } from '../eval/recipes';
import { PROTOCOL_NAMES } from '../eval/settings';
import { checker, type FieldCheck } from './json-check';
import { QUEUE_SCHEMA_VERSION, type RunPayload } from './run-payload';

const c = checker('invalid run payload');
const CIDER_KINDS = PROTOCOL_NAMES.filter((p) => p.startsWith('cider') || ['rmm', 'tmfm', 'stmfm'].includes(p));
const rate = c.num(0, 1);
const seed = c.either(c.int(0, 2 ** 53), c.str(/^[\s\S]{1,200}$/));
const name = c.str(/^[\s\S]{1,200}$/);
const path = c.str(/^[^\0]{1,4096}$/);
const nonFinite = c.oneOf(['error', 'impute']);

/** Fields of each data set kind (the loaders' options, see `DatasetSpec`). */
const SPEC_FIELDS: Record<DatasetSpec['kind'], [Record<string, FieldCheck>, string[]]> = {
  synthetic: [{ samples: c.int(1, 10_000_000), modalities: c.json(3, 64), task: c.oneOf(['binary', 'multiclass', 'regression']), classes: c.int(2, 100_000), seed, splits: c.json(1, 3), latentDim: c.int(1, 100_000) }, []],
  'mosi-utterance': [{ path, validVideos: c.int(0, 100_000), validFraction: rate, seed, nonFinite }, ['path']],
  mat: [{ path, viewNames: c.json(1, 1000), fractions: c.json(1, 3), validFraction: rate, seed, orientation: c.oneOf(['auto', 'samples-by-features', 'features-by-samples']), name }, ['path']],
  mmsa: [{ path, labels: c.oneOf(['regression', 'binary', 'classification']), range: c.json(1, 2), modalities: c.json(1, 1000), nonFinite, name }, ['path']],
  csd: [{ path, modalities: c.json(1, 1000), folds: c.json(2, 100_000), fractions: c.json(1, 3), seed, maxLen: c.int(1, 1_000_000), task: c.oneOf(['regression', 'binary']), onMissing: c.oneOf(['error', 'drop']), nonFinite, name }, ['path', 'modalities']],
  npz: [{ path, modalities: c.json(1, 1000), task: c.json(2, 100_000), fractions: c.json(1, 3), seed, nonFinite, name }, ['path']],
  'av-digits': [{
    path, recordings: c.json(2, 1_000_000), images: c.json(2, 100_000_000), audio: c.json(1, 100), sampleRate: c.int(1, 1_000_000), maxFrames: c.int(1, 1_000_000),
    split: c.oneOf(['speaker', 'index']), testSpeakers: c.json(1, 1000), validSpeakers: c.json(1, 1000), imageLayout: c.oneOf(['vector', 'patches']), patchSize: c.int(1, 10_000),
    imageEnergy: c.num(0, 1), audioSnrDb: c.nullOr(c.num(-200, 200)), seed, noiseSeed: seed, cacheDir: c.either(c.oneOf([false]), path), name,
  }, []],
};

const datasetSpec: FieldCheck = (v, at) => {
  const kind = c.isRecord(v) ? v.kind : undefined;
  if (!DATASET_KINDS.includes(kind as DatasetSpec['kind'])) c.fail(`${at}.kind`, `must be one of ${DATASET_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  const [fields, required] = SPEC_FIELDS[kind as DatasetSpec['kind']];
  const o = c.object(v, at, { kind: c.str(), ...fields }, required);
  if (kind === 'csd') {
    const m = o.modalities;
    if (!c.isRecord(m) || Object.values(m).some((p) => typeof p !== 'string')) c.fail(`${at}.modalities`, 'must map modality names to file paths');
  }
};

const setting: FieldCheck = (v, at) => {
  const kind = c.isRecord(v) ? v.kind : undefined;
  const kindCheck = c.str();
  switch (kind) {
    case 'clean':
    case 'hetero-mixed':
      c.object(v, at, { kind: kindCheck }, ['kind']);
      return;
    case 'noise':
    case 'missing':
    case 'ood':
      c.object(v, at, { kind: kindCheck, rate }, ['kind', 'rate']);
      return;
    case 'hetero-noise':
      c.object(v, at, { kind: kindCheck, bound: rate }, ['kind', 'bound']);
      return;
    case 'cider':
      c.object(v, at, { kind: kindCheck, type: c.oneOf(CIDER_KINDS), rate }, ['kind', 'type', 'rate']);
      return;
    case 'conflict':
      c.object(v, at, {
        kind: kindCheck,
        protocol: (p, pat) => c.object(p, pat, { kind: c.oneOf(['conflict']), rate, noiseRate: rate, sigma: c.num(0, 1000), donor: c.oneOf(['random', 'first']) }, ['kind']),
      }, ['kind', 'protocol']);
      return;
    default:
      c.fail(`${at}.kind`, `must be one of clean, noise, missing, ood, cider, hetero-noise, hetero-mixed, conflict, got ${JSON.stringify(kind)}`);
  }
};

/** UMQ's overrides, checked as a model would resolve them (names, types, choices, ranges), plus the preset and a unimodal model's modality. */
const modelOptions: FieldCheck = (v, at) => {
  if (!c.isRecord(v)) c.fail(at, 'must be an object');
  const { preset, modality, ...overrides } = v as Record<string, unknown>;
  if (preset !== undefined) c.oneOf(PRESET_NAMES)(preset, `${at}.preset`);
  if (modality !== undefined) c.either(c.int(0, 10_000), name)(modality, `${at}.modality`);
  c.json(4, 1000)(overrides, at);
  try {
    checkUMQConfig(resolveUMQConfig(overrides as UMQOverrides, undefined, at), at);
  } catch (e) {
    c.fail(at, (e as Error).message);
  }
};

const runner: FieldCheck = (v, at) => {
  const kind = c.isRecord(v) ? v.kind : undefined;
  if (kind === 'encoder-workers') c.object(v, at, { kind: c.str(), workers: c.int(1, 256), split: c.oneOf(['modalities', 'rows']) }, ['kind', 'workers']);
  else c.object(v, at, { kind: c.oneOf(['serial', 'encoder-workers']) }, ['kind']);
};

const trainOptions: FieldCheck = (v, at) => {
  c.object(v, at, {
    epochs: c.int(1, 1_000_000),
    batchSize: c.int(1, 1_000_000),
    learningRate: c.num(0, 10),
    weightDecay: c.num(0, 10),
    weightDecayMode: c.oneOf(['decoupled', 'coupled']),
    clipNorm: c.nullOr(c.num(0)),
    patience: c.nullOr(c.int(0, 1_000_000)),
    restoreBest: c.bool(),
    dropLast: c.bool(),
    runner,
    monitor: c.oneOf(['loss', 'metric']),
    divergenceFactor: c.nullOr(c.num(1)),
  });
};

/**
 * The schema version a payload declares, or null when it declares none (a malformed payload).
 *
 * @param json a job's data as read from Redis.
 * @example
 * ```ts
 * const v = payloadSchemaVersion(job.data);
 * if (v !== null && v !== QUEUE_SCHEMA_VERSION) console.error(`queued by schema ${v}; this worker runs ${QUEUE_SCHEMA_VERSION}`);
 * ```
 */
export function payloadSchemaVersion(json: unknown): number | null {
  const v = c.isRecord(json) ? json.schemaVersion : undefined;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/**
 * Checks a job payload and returns it typed; never runs or constructs anything from it.
 *
 * @param json a job's data as read from Redis.
 * @throws DataFormatError naming the first bad field (unknown field, wrong type, out of range, another schema version).
 * @example
 * ```ts
 * const payload = parseRunPayload(job.data); // throws before anything runs
 * ```
 */
export function parseRunPayload(json: unknown): RunPayload {
  c.object(json, 'payload', {
    schemaVersion: c.oneOf([QUEUE_SCHEMA_VERSION]),
    dataset: (v, at) => c.object(v, at, { spec: datasetSpec, name, hash: c.str(/^sha256:[0-9a-f]{64}$/) }, ['spec', 'name', 'hash']),
    trainPerClass: c.int(1, 100_000_000),
    recipe: c.oneOf(RECIPE_NAMES),
    model: c.oneOf(MODEL_NAMES),
    ablation: c.oneOf(Object.keys(ABLATIONS)),
    setting,
    seed: c.int(0, 2 ** 31),
    modelOptions,
    trainOptions,
  }, ['schemaVersion', 'dataset', 'model', 'setting', 'seed', 'modelOptions', 'trainOptions']);
  return json as RunPayload;
}
