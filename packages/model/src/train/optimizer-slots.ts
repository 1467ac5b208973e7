/**
 * AdamW's per-parameter state (its slots m, v and step) as host arrays keyed by the
 * parameters' dotted names: how optimizer state crosses threads, whatever the variables are
 * called in each thread. The one place that knows AdamW's slot naming (`<variable>/m`, ...).
 */
import { tf, AdamW, StateError, type AdamWOptions, type NamedTensor } from '@umq/core';

/** AdamW state of one parameter. */
export interface SlotState {
  /** First moment. */
  m: Float32Array;
  /** Second moment. */
  v: Float32Array;
  /** Steps taken. */
  step: number;
}

/** Parameters by dotted name, as `Module.namedParameters()` lists them. */
export type NamedParameters = readonly (readonly [string, tf.Variable])[];

/**
 * The slots of `params` held by `optimizer`, keyed by dotted name (a parameter that has taken no
 * step yet has none).
 *
 * @example
 * ```ts
 * const slots = readSlots(optimizer, model.encoders.namedParameters()); // { '0.net.l1.weight': { m, v, step }, ... }
 * ```
 */
export function readSlots(optimizer: AdamW, params: NamedParameters): Record<string, SlotState> {
  const list = optimizer.getWeightsSync();
  try {
    const by = new Map(list.map((w) => [w.name, w.tensor]));
    const out: Record<string, SlotState> = {};
    for (const [dotted, v] of params) {
      const m = by.get(`${v.name}/m`);
      if (!m) continue;
      out[dotted] = { m: Float32Array.from(m.dataSync() as Float32Array), v: Float32Array.from(by.get(`${v.name}/v`)!.dataSync() as Float32Array), step: by.get(`${v.name}/step`)!.dataSync()[0] };
    }
    return out;
  } finally {
    tf.dispose(list.map((w) => w.tensor));
  }
}

/**
 * Sets `optimizer`'s state to its current state with the slots of `params` replaced by `slots`
 * (keyed by dotted name; every key must name one of `params`), or removed where `slots` has no
 * entry and `remove` lists them.
 *
 * @example
 * ```ts
 * writeSlots(workerOptimizer, encoders.namedParameters(), slotsFromTheMainThread);
 * ```
 */
export function writeSlots(optimizer: AdamW, params: NamedParameters, slots: Record<string, SlotState>, options: { remove?: boolean } = {}): void {
  const byDotted = new Map(params.map(([n, v]) => [n, v]));
  for (const k of Object.keys(slots)) if (!byDotted.has(k)) throw new StateError(`optimizer state for \`${k}\`, which is not a parameter here (parameters: ${[...byDotted.keys()].slice(0, 5).join(', ')}, ...): both sides must build the same model`);
  const replaced = new Set(params.filter(([n]) => n in slots || options.remove).map(([, v]) => v.name));
  const list: NamedTensor[] = optimizer.getWeightsSync();
  const keep = list.filter((w) => !replaced.has(w.name.slice(0, w.name.lastIndexOf('/'))));
  const added: NamedTensor[] = [];
  try {
    for (const [k, s] of Object.entries(slots)) {
      const v = byDotted.get(k)!;
      if (s.m.length !== v.size || s.v.length !== v.size) throw new StateError(`optimizer state for \`${k}\` has ${s.m.length} values, the parameter ${v.size}: both sides must build the same model`);
      added.push({ name: `${v.name}/m`, tensor: tf.tensor(s.m, v.shape, 'float32') }, { name: `${v.name}/v`, tensor: tf.tensor(s.v, v.shape, 'float32') }, { name: `${v.name}/step`, tensor: tf.scalar(s.step, 'int32') });
    }
    optimizer.setWeightsSync([...keep, ...added]);
  } finally {
    tf.dispose([...list, ...added].map((w) => w.tensor));
  }
}

/**
 * A new AdamW with `optimizer`'s configuration and state (the caller disposes it).
 *
 * @example
 * ```ts
 * const full = copyOptimizer(optimizer); writeSlots(full, encoderParams, workerSlots); // what serial training would hold
 * ```
 */
export function copyOptimizer(optimizer: AdamW): AdamW {
  const copy = new AdamW(optimizer.getConfig() as AdamWOptions);
  const list = optimizer.getWeightsSync();
  try {
    copy.setWeightsSync(list);
  } catch (e) {
    copy.dispose();
    throw e;
  } finally {
    tf.dispose(list.map((w) => w.tensor));
  }
  return copy;
}

/**
 * A copy of `optimizer` with the slots of `params` replaced by `slots` (what serial training
 * would hold after workers updated those parameters); disposed again if the slots do not fit.
 *
 * @param optimizer the main thread's optimizer (left unchanged).
 * @param params the parameters the slots belong to, by name.
 * @param slots their slots, as `readSlots` returns them.
 * @example
 * ```ts
 * const full = optimizerWithSlots(optimizer, encoderParams, workerSlots);
 * ```
 */
export function optimizerWithSlots(optimizer: AdamW, params: NamedParameters, slots: Record<string, SlotState>): AdamW {
  const full = copyOptimizer(optimizer);
  try {
    writeSlots(full, params, slots);
  } catch (e) {
    full.dispose();
    throw e;
  }
  return full;
}
