import { describe, it, expect } from 'vitest';
import { DataFormatError, OptionError } from '@umq/core';
import { assignAvSplit, pairByClass, parseRecordingName, type AvRecording } from './av-pairing';

const recs: AvRecording[] = [];
for (const speaker of ['a', 'b', 'c', 'd']) for (let label = 0; label < 3; label++) for (let index = 0; index < 10; index++) recs.push({ file: `${label}_${speaker}_${index}.wav`, label, speaker, index });
const labels = Float32Array.from(recs, (r) => r.label);

describe('parseRecordingName', () => {
  it('reads FSDD names and refuses others', () => {
    expect(parseRecordingName('7_jackson_32.wav')).toEqual({ label: 7, speaker: 'jackson', index: 32 });
    expect(parseRecordingName('0_yweweler_0.WAV')).toEqual({ label: 0, speaker: 'yweweler', index: 0 });
    expect(parseRecordingName('seven_jackson_32.wav')).toBeNull();
    expect(parseRecordingName('7_jackson.wav')).toBeNull();
    expect(parseRecordingName('7_jack_son_1.wav')).toBeNull();
  });
});

describe('assignAvSplit', () => {
  const base = { testIndices: 5, validIndices: 5 };
  it('holds out whole speakers', () => {
    const s = assignAvSplit(recs, { ...base, mode: 'speaker', testSpeakers: ['d'], validSpeakers: ['c'] });
    recs.forEach((r, i) => expect(s[i]).toBe(r.speaker === 'd' ? 2 : r.speaker === 'c' ? 1 : 0));
  });
  it('splits by take number: 0-4 test, 5-9 valid, rest train', () => {
    const s = assignAvSplit(recs, { ...base, testIndices: 3, validIndices: 2, mode: 'index', testSpeakers: [], validSpeakers: [] });
    recs.forEach((r, i) => expect(s[i]).toBe(r.index < 3 ? 2 : r.index < 5 ? 1 : 0));
  });
  it('names an unknown speaker and a speaker in both lists', () => {
    expect(() => assignAvSplit(recs, { ...base, mode: 'speaker', testSpeakers: ['zed'], validSpeakers: [] })).toThrow(/speaker "zed" has no recording; the speakers are a, b, c, d/);
    expect(() => assignAvSplit(recs, { ...base, mode: 'speaker', testSpeakers: ['a'], validSpeakers: ['a'] })).toThrow(OptionError);
  });
});

describe('pairByClass', () => {
  const split = assignAvSplit(recs, { mode: 'speaker', testSpeakers: ['d'], validSpeakers: ['c'], testIndices: 5, validIndices: 5 });
  const poolLabels = (perClass: number): Int32Array => Int32Array.from({ length: 3 * perClass }, (_, i) => i % 3);
  const splitOfImage = (pick: Int32Array): Map<number, Set<number>> => {
    const m = new Map<number, Set<number>>();
    pick.forEach((img, i) => {
      if (!m.has(img)) m.set(img, new Set());
      m.get(img)!.add(split[i]!);
    });
    return m;
  };
  it('pairs every recording with an image of its class, each image used once when the pool is large', () => {
    const pool = poolLabels(100);
    const pick = pairByClass(labels, split, pool, 1, 'pool');
    pick.forEach((img, i) => expect(pool[img]).toBe(labels[i]));
    expect(new Set(pick).size).toBe(recs.length);
  });
  it('never shares an image between splits, even when images must repeat', () => {
    const pool = poolLabels(12); // 12 images a class for 40 recordings a class
    const pick = pairByClass(labels, split, pool, 1, 'pool');
    pick.forEach((img, i) => expect(pool[img]).toBe(labels[i]));
    for (const splits of splitOfImage(pick).values()) expect(splits.size).toBe(1);
    // The shares follow the recordings: train has 20 of 40 recordings a class -> 6 of 12 images.
    const trainImages = new Set(Array.from(pick).filter((_, i) => split[i] === 0));
    expect(trainImages.size).toBe(18);
  });
  it('is seeded', () => {
    const pool = poolLabels(100);
    expect(Array.from(pairByClass(labels, split, pool, 7, 'p'))).toEqual(Array.from(pairByClass(labels, split, pool, 7, 'p')));
    expect(Array.from(pairByClass(labels, split, pool, 7, 'p'))).not.toEqual(Array.from(pairByClass(labels, split, pool, 8, 'p')));
  });
  it('says which class lacks images', () => {
    const pool = Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2); // class 2: 2 images, 3 splits
    expect(() => pairByClass(labels, split, pool, 0, 'mine.npz')).toThrow(DataFormatError);
    expect(() => pairByClass(labels, split, pool, 0, 'mine.npz')).toThrow(/mine\.npz: class 2 has 2 image\(s\) but recordings of it in 3 splits/);
  });
});
