/**
 * `applyCorruption`: one entry point for every protocol on plain typed arrays.
 */
import { OptionError, Rng, ShapeError, deriveSeed, type ModalityArray, type Seed } from '@umq/core';
import { copyModality, fullMasks, fullQuality, makeResult } from './internal';
import { umqMissing } from './missing';
import { rmm, smm } from './modality-missing';
import { erasing, mixingNoise, otherNoises } from './noise';
import { heteroMixed, heteroNoise } from './hetero';
import { conflict } from './conflict';
import { stepMissing } from './step-missing';
import type { CorruptionOptions, CorruptionProtocol, CorruptionResult } from './protocol';
import { validateProtocol } from './validate-protocol';

/**
 * Checks the modalities: consistent sizes, one sample count, masks of the right length.
 *
 * @example
 * ```ts
 * validateModalities([text, audio]); // throws ShapeError if, e.g., the sample counts differ
 * ```
 */
export function validateModalities(data: readonly ModalityArray[], fn = 'applyCorruption'): void {
  if (!Array.isArray(data) || data.length === 0) {
    throw new ShapeError(`${fn}: \`data\` must be a non-empty list of modalities (ModalityArray[]), got ${Array.isArray(data) ? 'an empty list' : typeof data}`);
  }
  const n = data[0]?.n;
  data.forEach((x, m) => {
    if (!x || !(x.values instanceof Float32Array)) {
      throw new ShapeError(`${fn}: \`data[${m}].values\` must be a Float32Array, got ${x ? Object.prototype.toString.call(x.values) : String(x)}`);
    }
    for (const k of ['n', 't', 'd'] as const) {
      if (!Number.isInteger(x[k]) || x[k] < (k === 'n' ? 0 : 1)) {
        throw new ShapeError(`${fn}: \`data[${m}].${k}\` must be an integer >= ${k === 'n' ? 0 : 1}, got ${String(x[k])}`);
      }
    }
    if (x.n !== n) {
      throw new ShapeError(`${fn}: every modality needs the same number of samples, but data[0].n = ${n} and data[${m}].n = ${x.n}: pass the modalities of one split`);
    }
    if (x.values.length !== x.n * x.t * x.d) {
      throw new ShapeError(`${fn}: \`data[${m}].values\` has ${x.values.length} entries, but n·t·d = ${x.n}·${x.t}·${x.d} = ${x.n * x.t * x.d}: fix n, t or d`);
    }
    if (x.mask !== null && (!(x.mask instanceof Uint8Array) || x.mask.length !== x.n * x.t)) {
      throw new ShapeError(`${fn}: \`data[${m}].mask\` must be null or a Uint8Array of length n·t = ${x.n * x.t}, got ${x.mask instanceof Uint8Array ? `length ${x.mask.length}` : Object.prototype.toString.call(x.mask)}`);
    }
  });
}

/**
 * Applies a corruption protocol to the modalities of one split. A pure function of (data,
 * protocol, seed): the same seed gives the same result on any machine; the input is never
 * mutated; padding steps stay as they were and are never counted. Returns the corrupted
 * copies, the masks applied, the true per-sample-modality quality and the realised rate.
 *
 * Seeds: derive them with {@link corruptionSeed} (training corruption re-drawn every epoch,
 * validation and test drawn once per run seed).
 *
 * `'conflict'` replaces views by views of another class, so it needs the split's labels:
 * pass `{ labels, classes }` as `options` (an {@link OptionError} says so when they are absent).
 *
 * @param data - the modalities, `ModalityArray` each (vectors: t = 1), all with the same n
 * @param protocol - the protocol value (see {@link CorruptionProtocol}, {@link parseProtocol})
 * @param seed - an integer or string seed
 * @param options - labels and classes (required by `'conflict'`), donors (its `'first'` donor)
 * @example
 * ```ts
 * const text: ModalityArray = { values: new Float32Array(4 * 8), n: 4, t: 1, d: 8, mask: null };
 * const audio: ModalityArray = { values: new Float32Array(4 * 5 * 3), n: 4, t: 5, d: 3, mask: null };
 * const res = applyCorruption([text, audio], { kind: 'missing', rate: 0.25 }, 7);
 * res.rate;              // 0.25 (Eq 29 MR, realised)
 * res.masks[0].present;  // Uint8Array [4], 0 = text missing in that sample
 * res.quality[1];        // Float32Array [4], 0 where audio is missing, else 1
 * const labels = [0, 1, 2, 1];
 * const conf = applyCorruption([text, audio], { kind: 'conflict', rate: 0.5 }, 7, { labels, classes: 3 });
 * conf.details.replaced; // per modality Uint8Array [4]: 1 where a view now shows class (y + 1) mod 3
 * ```
 */
export function applyCorruption(data: readonly ModalityArray[], protocol: CorruptionProtocol, seed: Seed, options: CorruptionOptions = {}): CorruptionResult {
  validateModalities(data);
  validateProtocol(protocol, data.length);
  if (typeof seed !== 'string' && (typeof seed !== 'number' || !Number.isSafeInteger(seed))) {
    throw new OptionError(`applyCorruption: \`seed\` must be a safe integer or a string, got ${String(seed)}: derive one with corruptionSeed(runSeed, split, epoch)`);
  }
  const root = new Rng(deriveSeed(seed, 'umq.corruption', protocol.kind));
  switch (protocol.kind) {
    case 'clean':
      return makeResult(protocol, data.map(copyModality), fullMasks(data), fullQuality(data), null, {}, 0);
    case 'gaussian':
    case 'laplace':
      return mixingNoise(data, protocol, root);
    case 'erase':
      return erasing(data, protocol, root);
    case 'other-noises':
      return otherNoises(data, protocol, root);
    case 'missing':
      return umqMissing(data, protocol, root);
    case 'rmm':
      return rmm(data, protocol, root);
    case 'cider-rmfm':
    case 'cider-rmfm-traditional':
    case 'tmfm':
    case 'stmfm':
      return stepMissing(data, protocol, root);
    case 'smm':
      return smm(data, protocol, root);
    case 'hetero-noise':
      return heteroNoise(data, protocol, root);
    case 'hetero-mixed':
      return heteroMixed(data, protocol, root);
    case 'conflict':
      return conflict(data, protocol, root, options);
  }
}
