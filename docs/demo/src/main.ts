/**
 * The demo page: loads the engine (wasm, its .wasm files served beside the page) and the three
 * models, then re-predicts the shown sample whenever a slider, a checkbox or the sample changes.
 * `window.umqDemo` exposes the state for the browser test (tools/demo/check-demo.mjs).
 */
import { initEngine } from '@umq/core';
import type { LoadedModel } from '@umq/model';
import { MODEL_NAMES, fetchModel, predictSample, testSplit, type DemoModelName, type DemoPrediction, type TestSplit } from './demo-model';
import { trueQuality, type Degradation } from './degrade';

const LABELS: Record<DemoModelName, string> = { umq: 'UMQ', 'early-fusion': 'early fusion', 'late-fusion': 'late fusion' };
const SEED = 1;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface DemoState {
  sample: number;
  degradations: Degradation[];
  predictions: Partial<Record<DemoModelName, DemoPrediction>>;
  updates: number;
}

declare global {
  interface Window {
    /** The page's state and a latency probe, for tests. */
    umqDemo?: { state: DemoState; ids: string[]; engine: string; benchmark: (runs: number) => Record<DemoModelName, { median: number; mean: number }> };
  }
}

async function start(): Promise<void> {
  const engine = await initEngine({ engine: 'wasm', wasmPaths: new URL('wasm/', document.baseURI).href });
  const models = Object.fromEntries(await Promise.all(MODEL_NAMES.map(async (n) => [n, await fetchModel(document.baseURI.replace(/[^/]*$/, ''), n)] as const))) as Record<DemoModelName, LoadedModel>;
  const split = testSplit(models.umq);
  const mods = models.umq.config.shape.modalities;
  const classes = models.umq.config.shape.outDim;
  const state: DemoState = { sample: 0, degradations: mods.map(() => ({ noise: 0, missing: false })), predictions: {}, updates: 0 };
  buildModalityCards(mods.map((m) => `${m.name} (${m.dim} features)`), state, () => update(models, split, state));
  const index = $<HTMLInputElement>('sample-index');
  index.max = String(split.ids.length - 1);
  const go = (i: number) => {
    state.sample = ((i % split.ids.length) + split.ids.length) % split.ids.length;
    index.value = String(state.sample);
    update(models, split, state);
  };
  index.addEventListener('change', () => go(Number(index.value) || 0));
  $('prev').addEventListener('click', () => go(state.sample - 1));
  $('next').addEventListener('click', () => go(state.sample + 1));
  $('random').addEventListener('click', () => go(Math.floor(Math.random() * split.ids.length)));
  $('reset').addEventListener('click', () => {
    state.degradations.forEach((d) => Object.assign(d, { noise: 0, missing: false }));
    document.querySelectorAll<HTMLInputElement>('.modality input[type=range]').forEach((r) => (r.value = '0'));
    document.querySelectorAll<HTMLInputElement>('.modality input[type=checkbox]').forEach((c) => (c.checked = false));
    update(models, split, state);
  });
  const acc = (n: DemoModelName) => `${LABELS[n]} ${((models[n].config.metrics?.accuracy ?? NaN) * 100).toFixed(1)} %`;
  $('about').textContent = `Test accuracy under hetero-mixed corruption (${split.ids.length} test samples, ${classes} classes): ${MODEL_NAMES.map(acc).join(', ')}. Engine: ${engine.name}.`;
  window.umqDemo = { state, ids: split.ids, engine: engine.name, benchmark: (runs) => benchmark(models, split, state, runs) };
  $('status').textContent = `ready: ${MODEL_NAMES.length} models on ${engine.name}`;
  $<HTMLElement>('status').dataset.ready = 'true';
  document.querySelector('main')!.hidden = false;
  go(0);
}

function buildModalityCards(names: string[], state: DemoState, changed: () => void): void {
  const root = $('modalities');
  names.forEach((name, m) => {
    const card = document.createElement('div');
    card.className = 'modality';
    card.dataset.modality = String(m);
    card.innerHTML = `<h3>modality ${name}</h3>
      <label>noise r <input type="range" min="0" max="1" step="0.05" value="0" aria-label="noise of modality ${m}" data-role="noise" /> <output data-role="noise-value">0.00</output></label>
      <label><input type="checkbox" data-role="missing" /> missing</label>
      <div class="quality-line"><span>true quality</span><div class="bar truth"><span data-role="truth-bar"></span></div><span data-role="truth">1.00</span></div>
      <div class="quality-line"><span>UMQ's estimate q</span><div class="bar"><span data-role="q-bar"></span></div><span data-role="q">–</span></div>`;
    root.append(card);
    const slider = card.querySelector<HTMLInputElement>('[data-role=noise]')!;
    const missing = card.querySelector<HTMLInputElement>('[data-role=missing]')!;
    slider.addEventListener('input', () => {
      state.degradations[m].noise = Number(slider.value);
      changed();
    });
    missing.addEventListener('change', () => {
      state.degradations[m].missing = missing.checked;
      changed();
    });
  });
}

function update(models: Record<DemoModelName, LoadedModel>, split: TestSplit, state: DemoState): void {
  for (const n of MODEL_NAMES) state.predictions[n] = predictSample(models[n], split, state.sample, state.degradations, SEED);
  state.updates++;
  const label = split.labels[state.sample];
  $('sample-id').textContent = split.ids[state.sample];
  $('true-class').textContent = String(label);
  const umq = state.predictions.umq!;
  const tau = models.umq.config.options.quality && typeof models.umq.config.options.quality === 'object' ? (models.umq.config.options.quality.tau ?? 0.5) : 0.5;
  document.querySelectorAll<HTMLElement>('.modality').forEach((card) => {
    const m = Number(card.dataset.modality);
    const d = state.degradations[m];
    const q = umq.quality?.[m] ?? NaN;
    const set = (role: string, text: string) => (card.querySelector<HTMLElement>(`[data-role=${role}]`)!.textContent = text);
    set('noise-value', d.noise.toFixed(2));
    set('truth', trueQuality(d).toFixed(2));
    set('q', q.toFixed(3));
    card.querySelector<HTMLElement>('[data-role=q]')!.dataset.value = String(q);
    card.querySelector<HTMLElement>('[data-role=truth-bar]')!.style.width = `${trueQuality(d) * 100}%`;
    const bar = card.querySelector<HTMLElement>('[data-role=q-bar]')!;
    bar.style.width = `${q * 100}%`;
    bar.parentElement!.classList.toggle('low', q < tau);
  });
  $('prediction-rows').replaceChildren(...MODEL_NAMES.map((n) => predictionRow(n, state.predictions[n]!, label)));
  const experts = umq.experts?.map((e) => `#${e.index} (${e.weight.toFixed(2)})`).join(', ') ?? '–';
  $('routing').innerHTML = `UMQ's configuration κ (modalities with q ≥ τ = ${tau}): <b>${umq.config?.join('') ?? '–'}</b> · experts chosen: <b data-role="experts">${experts}</b>`;
  $('latency').textContent = `the last one took ${MODEL_NAMES.map((n) => `${LABELS[n]} ${state.predictions[n]!.ms.toFixed(1)} ms`).join(', ')}`;
}

function predictionRow(name: DemoModelName, p: DemoPrediction, label: number): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset.model = name;
  row.dataset.logits = JSON.stringify(p.logits);
  const bars = p.probabilities.map((v, c) => `<div><div class="bar${c === p.predicted ? ' top' : ''}"><span style="width:${(v * 100).toFixed(1)}%"></span></div><small>class ${c}: ${(v * 100).toFixed(1)} %</small></div>`).join('');
  row.innerHTML = `<td>${LABELS[name]}</td><td><div class="probs">${bars}</div></td><td class="${p.predicted === label ? 'right' : 'wrong'}" data-role="predicted">${p.predicted} ${p.predicted === label ? '✓' : '✗'}</td>`;
  return row;
}

/**
 * Milliseconds of a batch-1 prediction of the shown sample, per model: the median of `runs`
 * timed calls, and the mean over all of them timed as one (a browser rounds each
 * `performance.now()` to 0.1 ms, so short calls need the mean).
 */
function benchmark(models: Record<DemoModelName, LoadedModel>, split: TestSplit, state: DemoState, runs: number): Record<DemoModelName, { median: number; mean: number }> {
  const out = {} as Record<DemoModelName, { median: number; mean: number }>;
  for (const n of MODEL_NAMES) {
    const t0 = performance.now();
    const ms = Array.from({ length: runs }, () => predictSample(models[n], split, state.sample, state.degradations, SEED).ms).sort((a, b) => a - b);
    out[n] = { median: ms[Math.floor(runs / 2)], mean: (performance.now() - t0) / runs };
  }
  return out;
}

start().catch((e: unknown) => {
  const status = $('status');
  status.textContent = `the demo could not start: ${(e as Error).message}`;
  status.classList.add('error');
  console.error(e);
});
