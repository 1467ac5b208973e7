/**
 * The pure half of the audio-visual digit loader: recording names, speaker or index splits,
 * and the seeded pairing of each recording with an image of its class from a split-disjoint
 * image pool. No `node:` import.
 */
import { DataFormatError, OptionError, Rng, type Seed } from '@umq/core';
import { SPLIT, SPLIT_NAMES } from '../types';

/** One recording: its file, class, speaker and take number. */
export interface AvRecording {
  /** Path of the WAV file. */
  file: string;
  /** Class index, an integer >= 0 (the spoken digit for FSDD). */
  label: number;
  /** Speaker id (groups, and the speaker split). */
  speaker: string;
  /** Take number of this speaker and class (FSDD: 0..49; the index split uses it). */
  index: number;
}

/** How recordings are split: by whole speakers, or by take number (FSDD's own split). */
export type AvSplitMode = 'speaker' | 'index';

/**
 * Parses an FSDD-style file name `{label}_{speaker}_{index}.wav` (speaker: letters, digits, `-`).
 *
 * @returns The parts, or null when the name does not follow the pattern.
 * @example
 * ```ts
 * parseRecordingName('7_jackson_32.wav'); // { label: 7, speaker: 'jackson', index: 32 }
 * ```
 */
export function parseRecordingName(name: string): {
  /** Class index. */
  label: number;
  /** Speaker id. */
  speaker: string;
  /** Take number. */
  index: number;
} | null {
  const m = /^(\d+)_([A-Za-z0-9-]+)_(\d+)\.wav$/i.exec(name);
  if (!m) return null;
  return { label: Number(m[1]), speaker: m[2]!, index: Number(m[3]) };
}

/** Split settings of {@link assignAvSplit}. */
export interface AvSplitOptions {
  /** `'speaker'` or `'index'`. */
  mode: AvSplitMode;
  /** Speakers held out for test (speaker mode). */
  testSpeakers: readonly string[];
  /** Speakers held out for validation (speaker mode). */
  validSpeakers: readonly string[];
  /** Takes `index < testIndices` are test, the next `validIndices` validation (index mode). */
  testIndices: number;
  /** See `testIndices`. */
  validIndices: number;
}

/**
 * Split codes per recording. Speaker mode: the listed speakers go to test / validation, the
 * others to train (an unknown speaker name is an error). Index mode: takes `0..testIndices-1`
 * test (FSDD's own split uses 5), the next `validIndices` validation, the rest train.
 *
 * @throws OptionError for a speaker that has no recording or is in both lists.
 * @example
 * ```ts
 * const split = assignAvSplit(recs, { mode: 'speaker', testSpeakers: ['theo'], validSpeakers: ['nicolas'], testIndices: 5, validIndices: 5 });
 * ```
 */
export function assignAvSplit(recs: readonly AvRecording[], o: AvSplitOptions): Uint8Array {
  const split = new Uint8Array(recs.length);
  if (o.mode === 'index') {
    recs.forEach((r, i) => {
      split[i] = r.index < o.testIndices ? SPLIT.test : r.index < o.testIndices + o.validIndices ? SPLIT.valid : SPLIT.train;
    });
    return split;
  }
  if (o.mode !== 'speaker') throw new OptionError(`av-digits: \`split\` must be 'speaker' or 'index', got ${JSON.stringify(o.mode)}`);
  const speakers = new Set(recs.map((r) => r.speaker));
  for (const s of [...o.testSpeakers, ...o.validSpeakers]) {
    if (!speakers.has(s)) throw new OptionError(`av-digits: speaker ${JSON.stringify(s)} has no recording; the speakers are ${[...speakers].sort().join(', ')}`);
  }
  const both = o.testSpeakers.filter((s) => o.validSpeakers.includes(s));
  if (both.length > 0) throw new OptionError(`av-digits: speaker ${both.join(', ')} is in both testSpeakers and validSpeakers`);
  const test = new Set(o.testSpeakers);
  const valid = new Set(o.validSpeakers);
  recs.forEach((r, i) => {
    split[i] = test.has(r.speaker) ? SPLIT.test : valid.has(r.speaker) ? SPLIT.valid : SPLIT.train;
  });
  return split;
}

/**
 * Pairs every recording with an image of its class, seeded. Per class, the image pool is
 * shuffled and cut into one block per split, in proportion to that split's recordings of the
 * class, so no image is shared between splits. When the pool has at least as many images as
 * recordings, every recording gets its own image; otherwise images repeat within a split's block.
 *
 * @param recLabels - Class of each recording.
 * @param recSplit - Split code of each recording.
 * @param imageLabels - Class of each image of the pool.
 * @param seed - Pairing seed.
 * @param source - Name of the image source, for errors.
 * @returns The pool index of the image paired with each recording.
 * @throws DataFormatError when a class has fewer images than splits that need one.
 * @example
 * ```ts
 * const img = pairByClass(labels, split, mnistLabels, 0, 'mnist'); // Int32Array, one per recording
 * ```
 */
export function pairByClass(recLabels: ArrayLike<number>, recSplit: Uint8Array, imageLabels: ArrayLike<number>, seed: Seed, source: string): Int32Array {
  const rng = new Rng(seed).fork('av-pairing');
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < imageLabels.length; i++) {
    const c = imageLabels[i]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const out = new Int32Array(recLabels.length).fill(-1);
  const classes = [...new Set(Array.from(recLabels))].sort((a, b) => a - b);
  for (const c of classes) {
    const pool = (byClass.get(c) ?? []).slice();
    const members = SPLIT_NAMES.map((_, code) => {
      const m: number[] = [];
      for (let i = 0; i < recLabels.length; i++) if (recLabels[i] === c && recSplit[i] === code) m.push(i);
      return m;
    });
    const needed = members.filter((m) => m.length > 0).length;
    if (pool.length < needed) {
      throw new DataFormatError(`class ${c} has ${pool.length} image(s) but recordings of it in ${needed} splits: each split needs its own images (add images of class ${c})`, source);
    }
    rng.fork('class', c).shuffle(pool);
    const total = members.reduce((s, m) => s + m.length, 0);
    // Block sizes: the recordings themselves when the pool is large enough, else proportional shares (>= 1 each).
    const sizes = members.map((m) => m.length);
    if (pool.length < total) {
      let left = pool.length - needed;
      for (let s = 0; s < 3; s++) {
        if (!sizes[s]) continue;
        const extra = Math.min(left, Math.floor(((pool.length - needed) * members[s]!.length) / total));
        sizes[s] = 1 + extra;
        left -= extra;
      }
      for (let s = 0; left > 0; s = (s + 1) % 3) {
        if (sizes[s]) {
          sizes[s]! += 1;
          left--;
        }
      }
    }
    let start = 0;
    members.forEach((m, s) => {
      const block = pool.slice(start, start + sizes[s]!);
      start += sizes[s]!;
      m.forEach((rec, k) => {
        out[rec] = block[k % block.length]!;
      });
    });
  }
  return out;
}
