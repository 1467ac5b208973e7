/**
 * The demo's models and data: the three saved models fetched as files and rebuilt with
 * `loadModelFromBytes`, the test split regenerated from the synthetic generator's options in the
 * saved config (no data file is shipped) and scaled with the saved scaler, and one prediction per
 * model for the shown sample, degraded as the sliders say.
 */
import type { ModalityArray } from '@umq/core';
import { applyScaler, makeSynthetic, splitArrays, type DatasetSpec } from '@umq/datasets';
import { loadModelFromBytes, predict, type LoadedModel, type Predictions } from '@umq/model';
import { degradeRow, type Degradation } from './degrade';

/** The models the page compares, by folder name under `models/`. */
export const MODEL_NAMES = ['umq', 'early-fusion', 'late-fusion'] as const;
/** One of them. */
export type DemoModelName = (typeof MODEL_NAMES)[number];

/** The test split the page picks samples from. */
export interface TestSplit {
  /** Features per modality (scaled). */
  features: ModalityArray[];
  /** Labels. */
  labels: Float32Array;
  /** Sample ids (as `umq predict` prints them). */
  ids: string[];
}

/** Fetches `models/<name>/config.json` and `model.safetensors` and rebuilds the model. */
export async function fetchModel(base: string, name: DemoModelName): Promise<LoadedModel> {
  const dir = `${base}models/${name}/`;
  const [config, weights] = await Promise.all([fetchOk(`${dir}config.json`), fetchOk(`${dir}model.safetensors`)]);
  return loadModelFromBytes(await config.text(), new Uint8Array(await weights.arrayBuffer()), dir);
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

/** The test split of the synthetic data set a model was trained on, scaled as it was. */
export function testSplit(model: LoadedModel): TestSplit {
  const spec = model.config.dataset as DatasetSpec;
  if (spec.kind !== 'synthetic') throw new Error(`the demo regenerates synthetic data only, this model was trained on ${spec.kind}`);
  const { kind: _kind, ...options } = spec;
  const ds = applyScaler(makeSynthetic(options), model.scaler);
  const { features, labels, ids } = splitArrays(ds, 'test');
  return { features, labels, ids };
}

/** One model's answer for the shown sample. */
export interface DemoPrediction {
  /** Logits `[outDim]`. */
  logits: number[];
  /** Class probabilities (softmax of the logits). */
  probabilities: number[];
  /** The predicted class. */
  predicted: number;
  /** Estimated quality per modality (UMQ). */
  quality?: number[];
  /** The experts chosen and their weights (UMQ). */
  experts?: { index: number; weight: number }[];
  /** The configuration κ, one 0/1 per modality (UMQ). */
  config?: number[];
  /** Milliseconds the forward pass took. */
  ms: number;
}

/** Predicts sample `i` of `split`, each modality degraded as `degradations[m]` says (batch 1). */
export function predictSample(model: LoadedModel, split: TestSplit, i: number, degradations: readonly Degradation[], seed: number): DemoPrediction {
  const features = split.features.map((x, m) => degradeRow(x, i, m, degradations[m], seed));
  const t0 = performance.now();
  const p: Predictions = predict(model.model, { features, labels: split.labels.subarray(i, i + 1) }, 1);
  const ms = performance.now() - t0;
  const logits = Array.from(p.logits);
  const probabilities = softmax(logits);
  const out: DemoPrediction = { logits, probabilities, predicted: probabilities.indexOf(Math.max(...probabilities)), ms };
  if (p.quality) out.quality = p.quality.map((q) => q[0]);
  if (p.topIndices && p.topWeights) out.experts = Array.from(p.topIndices, (index, k) => ({ index, weight: p.topWeights![k] }));
  if (p.config) out.config = Array.from(p.config);
  return out;
}

/** Softmax of a row of logits. */
export function softmax(logits: readonly number[]): number[] {
  const top = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
