import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { DataFormatError, OptionError } from '@umq/core';
import { loadAvDigits, type AvDigitsOptions } from './av-digits';
import type { AvImageSet } from './av-images';
import { loadDataset } from '../node/load';
import { encodeWav16 } from '../audio/wav-writer.test-util';
import { sharedDataFile } from '../../../../tools/testing/shared-data';

// Four speakers x 3 digits x 4 takes of synthetic "speech": a tone per digit, a level per speaker.
const SPEAKERS = ['ann', 'bob', 'cy', 'dee'];
let dir: string;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'umq-av-'));
const tone = (label: number, speaker: number, index: number, rate = 8000): Float32Array =>
  Float32Array.from({ length: Math.round(rate * (0.15 + 0.05 * index)) }, (_, i) => (0.2 + 0.1 * speaker) * Math.sin((2 * Math.PI * (300 + 250 * label) * i) / rate));

/** 8x8 images: class c lights row 2c and 2c+1; each image adds its own faint pixel. */
function images(perClass: number): AvImageSet {
  const n = 3 * perClass;
  const pixels = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let x = 0; x < 8; x++) pixels[i * 64 + 2 * c * 8 + x] = pixels[i * 64 + (2 * c + 1) * 8 + x] = 1;
    pixels[i * 64 + 56 + (i % 8)] = 0.01 * (1 + (i % 50));
  }
  return { pixels, labels, height: 8, width: 8 };
}

beforeAll(() => {
  dir = tmp();
  SPEAKERS.forEach((s, si) => {
    for (let label = 0; label < 3; label++) for (let index = 0; index < 4; index++) writeFileSync(join(dir, `${label}_${s}_${index}.wav`), encodeWav16(tone(label, si, index), 8000));
  });
});

const base = (): AvDigitsOptions => ({ path: dir, images: images(40), testSpeakers: ['dee'], validSpeakers: ['cy'], cacheDir: false, audioSnrDb: null, imageEnergy: 1 });

describe('loadAvDigits on synthetic recordings', () => {
  it('gives a padded audio sequence with masks, an image vector, a speaker split and groups', async () => {
    const ds = await loadDataset({ kind: 'av-digits', ...base() });
    const s = ds.summary();
    expect(s.samples).toBe(48);
    expect(s.task).toEqual({ type: 'multiclass', classes: 3, classNames: ['0', '1', '2'] });
    // Longest take: 0.3 s = 2400 samples -> 1 + 2400/80 = 31 centred frames.
    expect(s.modalities).toEqual([{ name: 'audio', kind: 'sequence', dim: 20, maxLen: 31 }, { name: 'image', kind: 'vector', dim: 64, maxLen: 1 }]);
    expect(s.splits.train).toEqual({ samples: 24, groups: 2, classCounts: [8, 8, 8] });
    expect(s.splits.valid).toEqual({ samples: 12, groups: 1, classCounts: [4, 4, 4] });
    expect(s.splits.test).toEqual({ samples: 12, groups: 1, classCounts: [4, 4, 4] });
    const audio = ds.features[0]!;
    ds.ids.forEach((id, i) => {
      const index = Number(id.split('_')[2]);
      const frames = 1 + Math.floor(Math.round(8000 * (0.15 + 0.05 * index)) / 80);
      const mask = audio.mask!.subarray(i * 31, (i + 1) * 31);
      expect(mask.reduce((a, b) => a + b, 0), id).toBe(frames);
      expect(audio.values.subarray((i * 31 + frames) * 20, (i + 1) * 31 * 20).every((v) => v === 0)).toBe(true); // padding is 0
      expect(ds.groups[i]).toBe(id.split('_')[1]);
    });
    // Every image shows its recording's class (rows 2c, 2c+1 lit).
    const img = ds.features[1]!;
    for (let i = 0; i < ds.size; i++) expect(img.values[i * 64 + 2 * ds.labels[i]! * 8]).toBe(1);
  });

  it('keeps the first maxFrames frames, offers the index split and patches', async () => {
    const ds = await loadAvDigits({ ...base(), maxFrames: 10, imageLayout: 'patches', patchSize: 4 });
    expect(ds.features[0]!.t).toBe(10);
    expect(ds.features[0]!.mask!.every((m) => m === 1)).toBe(true);
    expect(ds.modalities[1]).toEqual({ name: 'image', kind: 'sequence', dim: 16, maxLen: 4 });
    // Takes 0-4 test, 5-9 validation, 10+ train (FSDD's own split: 0-4 test, 5-49 train).
    const d = tmp();
    for (let label = 0; label < 3; label++) for (let index = 0; index < 12; index++) writeFileSync(join(d, `${label}_ann_${index}.wav`), encodeWav16(tone(label, 0, 0), 8000));
    const byIndex = await loadAvDigits({ ...base(), path: d, split: 'index' });
    expect(byIndex.summary().splits).toEqual({
      train: { samples: 6, groups: 1, classCounts: [2, 2, 2] },
      valid: { samples: 15, groups: 1, classCounts: [5, 5, 5] },
      test: { samples: 15, groups: 1, classCounts: [5, 5, 5] },
    });
    byIndex.ids.forEach((id, i) => expect(byIndex.split[i]).toBe(Number(id.split('_')[2]) < 5 ? 2 : Number(id.split('_')[2]) < 10 ? 1 : 0));
  });

  it('resamples recordings at another rate to sampleRate', async () => {
    const d = tmp();
    for (const [i, s] of ['ann', 'bob', 'cy'].entries()) for (let label = 0; label < 3; label++) writeFileSync(join(d, `${label}_${s}_0.wav`), encodeWav16(tone(label, i, 2, 16000), 16000));
    const ds = await loadAvDigits({ ...base(), path: d, testSpeakers: ['cy'], validSpeakers: ['bob'] });
    expect(ds.features[0]!.t).toBe(1 + 2000 / 80); // 0.25 s = 2000 samples at 8 kHz
    const ref = await loadAvDigits({ ...base(), testSpeakers: ['dee'], validSpeakers: ['cy'] });
    // The same tone recorded at 8 kHz gives nearly the same MFCCs (band-limited resampling).
    const a = ds.features[0]!.values.subarray(5 * 20, 6 * 20);
    const idx = ref.ids.indexOf('0_ann_2');
    const b = ref.features[0]!.values.subarray((idx * 31 + 5) * 20, (idx * 31 + 6) * 20);
    for (let k = 0; k < 20; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(0.05 * Math.max(1, Math.abs(b[k]!)));
  });

  it('is seeded: same seed same pairing and noise; the noise seed is separate from the pairing seed', async () => {
    const a = await loadAvDigits({ ...base(), audioSnrDb: 5, seed: 1 });
    const b = await loadAvDigits({ ...base(), audioSnrDb: 5, seed: 1 });
    const c = await loadAvDigits({ ...base(), audioSnrDb: 5, seed: 2 });
    const d = await loadAvDigits({ ...base(), audioSnrDb: 5, seed: 1, noiseSeed: 9 });
    expect(a.features[1]!.values).toEqual(b.features[1]!.values);
    expect(a.features[0]!.values).toEqual(b.features[0]!.values);
    expect(c.features[0]!.values).toEqual(a.features[0]!.values); // pairing seed leaves audio alone
    expect(c.features[1]!.values).not.toEqual(a.features[1]!.values);
    expect(d.features[0]!.values).not.toEqual(a.features[0]!.values);
    const clean = await loadAvDigits(base());
    expect(clean.features[0]!.values).not.toEqual(a.features[0]!.values);
  });

  it('fits the image PCA on the training images only', async () => {
    const pool = images(40);
    const a = await loadAvDigits({ ...base(), images: pool, imageEnergy: 0.5 });
    // Change every image that is not paired with a training recording: training rows must not move.
    const trainRows = new Set<string>();
    const clean = await loadAvDigits({ ...base(), images: pool });
    for (const i of clean.indices('train')) trainRows.add(Array.from(clean.features[1]!.values.subarray(i * 64, (i + 1) * 64)).join(','));
    const changed = { ...pool, pixels: pool.pixels.slice() };
    for (let k = 0; k < changed.labels.length; k++) {
      const row = Array.from(pool.pixels.subarray(k * 64, (k + 1) * 64)).join(',');
      if (!trainRows.has(row)) for (let j = 0; j < 64; j++) changed.pixels[k * 64 + j] = 0.5;
    }
    const b = await loadAvDigits({ ...base(), images: changed, imageEnergy: 0.5 });
    const train = a.indices('train');
    for (const i of train) expect(b.features[1]!.values.subarray(i * 64, (i + 1) * 64)).toEqual(a.features[1]!.values.subarray(i * 64, (i + 1) * 64));
    const test = a.indices('test');
    expect(b.features[1]!.values.subarray(test[0]! * 64, (test[0]! + 1) * 64)).not.toEqual(a.features[1]!.values.subarray(test[0]! * 64, (test[0]! + 1) * 64));
    // 50% of the energy: the degraded images differ from the clean ones.
    expect(a.features[1]!.values).not.toEqual(clean.features[1]!.values);
  });

  it('caches features on disk, hits on the second load, and recomputes a corrupted cache without crashing', async () => {
    const cacheDir = tmp();
    const log: string[] = [];
    const opts = { ...base(), cacheDir, audioSnrDb: 10, imageEnergy: 0.5, log: (m: string) => log.push(m) };
    const a = await loadAvDigits(opts);
    expect(log.join('\n')).toMatch(/av-digits-audio: computed \(no cache file\) and cached at/);
    expect(log.join('\n')).toMatch(/av-digits-pca: computed/);
    log.length = 0;
    const b = await loadAvDigits(opts);
    expect(log.join('\n')).toMatch(/av-digits-audio: read from the cache/);
    expect(log.join('\n')).toMatch(/av-digits-pca: read from the cache/);
    expect(b.features[0]!.values).toEqual(a.features[0]!.values);
    expect(b.features[1]!.values).toEqual(a.features[1]!.values); // bit-identical images from a cached PCA fit
    const audioDir = join(cacheDir, 'av-digits-audio');
    const file = join(audioDir, readdirSync(audioDir)[0]!);
    const good = readFileSync(file);
    for (const [what, bytes] of [
      ['flipped payload byte', (() => { const x = Buffer.from(good); x[x.length - 7]! ^= 0xff; return x; })()],
      ['truncated', good.subarray(0, good.length - 100)],
      ['garbage', Buffer.from('not a cache file')],
      ['empty', Buffer.alloc(0)],
    ] as const) {
      writeFileSync(file, bytes);
      log.length = 0;
      const c = await loadAvDigits(opts);
      expect(log.join('\n'), what).toMatch(/av-digits-audio: computed \(corrupt cache file/);
      expect(c.features[0]!.values).toEqual(a.features[0]!.values);
      expect(readFileSync(file).equals(good), what).toBe(true); // rewritten
    }
    // Other feature options -> another key, another file.
    await loadAvDigits({ ...opts, audio: { type: 'log-mel' } });
    expect(readdirSync(audioDir).length).toBe(2);
  });
});

describe('loadAvDigits: bad input', () => {
  it('names a malformed WAV file', async () => {
    const d = tmp();
    writeFileSync(join(d, '0_ann_0.wav'), encodeWav16(tone(0, 0, 0), 8000));
    writeFileSync(join(d, '1_ann_0.wav'), encodeWav16(tone(1, 0, 0), 8000).subarray(0, 30));
    const err = await loadAvDigits({ ...base(), path: d, testSpeakers: [], validSpeakers: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).file).toBe(join(d, '1_ann_0.wav'));
    expect((err as Error).message).toMatch(/1_ann_0\.wav: truncated/);
  });
  it('names a zero-length WAV file', async () => {
    const d = tmp();
    writeFileSync(join(d, '0_ann_0.wav'), new Uint8Array(0));
    await expect(loadAvDigits({ ...base(), path: d, testSpeakers: [], validSpeakers: [] })).rejects.toThrow(/0_ann_0\.wav: not a WAV file: 0 bytes.*empty/);
  });
  it('names a file that does not follow the naming convention, and an empty folder', async () => {
    const d = tmp();
    writeFileSync(join(d, 'hello.wav'), encodeWav16(tone(0, 0, 0), 8000));
    await expect(loadAvDigits({ ...base(), path: d })).rejects.toThrow(/hello\.wav: the name does not follow \{label\}_\{speaker\}_\{index\}\.wav/);
    const e = tmp();
    mkdirSync(join(e, 'recordings'));
    await expect(loadAvDigits({ ...base(), path: e })).rejects.toThrow(/recordings: no \.wav recordings/);
  });
  it('checks options', async () => {
    await expect(loadAvDigits({ ...base(), path: undefined })).rejects.toThrow(/give `path`/);
    await expect(loadAvDigits({ ...base(), imageEnergy: 0 })).rejects.toThrow(OptionError);
    await expect(loadAvDigits({ ...base(), testSpeakers: ['theo'] })).rejects.toThrow(/speaker "theo" has no recording/);
    await expect(loadAvDigits({ ...base(), testSpeakers: ['ann', 'bob'], validSpeakers: ['cy', 'dee'] })).rejects.toThrow(/leaves no training recording/);
    await expect(loadAvDigits({ ...base(), recordings: [{ file: 'x.wav', label: -1, speaker: 'a', index: 0 }] })).rejects.toThrow(/recordings\[0\] must be/);
    await expect(loadAvDigits({ ...base(), images: { pixels: new Float32Array(3), labels: [0], height: 2, width: 2 } })).rejects.toThrow(DataFormatError);
    await expect(loadAvDigits({ ...base(), images: 'cifar' as never })).rejects.toThrow(/`images` must be 'mnist'/);
  });
  it('reads your own recordings list and an image .npz (uint8 pixels / 255)', async () => {
    const recordings = SPEAKERS.flatMap((speaker) => [0, 1, 2].map((label) => ({ file: join(dir, `${label}_${speaker}_1.wav`), label, speaker, index: 1 })));
    const { pixels, labels } = images(10);
    const npy = (descr: string, shape: number[], data: Uint8Array): Uint8Array => {
      let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
      h += ' '.repeat(63 - ((10 + h.length) % 64)) + '\n';
      const out = new Uint8Array(10 + h.length + data.length);
      out.set([0x93, ...'NUMPY'.split('').map((c) => c.charCodeAt(0)), 1, 0, h.length & 255, h.length >> 8]);
      out.set(new TextEncoder().encode(h), 10);
      out.set(data, 10 + h.length);
      return out;
    };
    const file = join(tmp(), 'digits.npz');
    writeFileSync(file, zipSync({ 'images.npy': npy('|u1', [30, 8, 8], Uint8Array.from(pixels, (v) => Math.round(v * 255))), 'labels.npy': npy('|u1', [30], Uint8Array.from(labels)) }));
    const ds = await loadAvDigits({ ...base(), path: undefined, recordings, images: { path: file } });
    expect(ds.size).toBe(12);
    for (let i = 0; i < ds.size; i++) expect(ds.features[1]!.values[i * 64 + 2 * ds.labels[i]! * 8]).toBe(1);
  });
});

const fsdd = sharedDataFile('fsdd');
describe.skipIf(!fsdd)('loadAvDigits on the Free Spoken Digit Dataset with the mnist package (real data)', () => {
  it('default configuration: 3,000 recordings, speaker split 2,000 / 500 (lucas) / 500 (theo), split-disjoint images; cached second load', async () => {
    const cacheDir = tmp();
    const log: string[] = [];
    const ds = await loadDataset({ kind: 'av-digits', path: fsdd!, cacheDir, log: (m) => log.push(m) });
    const s = ds.summary();
    expect(s.samples).toBe(3000);
    expect(s.modalities).toEqual([{ name: 'audio', kind: 'sequence', dim: 20, maxLen: 229 }, { name: 'image', kind: 'vector', dim: 784, maxLen: 1 }]);
    expect(s.splits.train).toEqual({ samples: 2000, groups: 4, classCounts: new Array(10).fill(200) });
    expect(s.splits.valid).toEqual({ samples: 500, groups: 1, classCounts: new Array(10).fill(50) });
    expect(s.splits.test).toEqual({ samples: 500, groups: 1, classCounts: new Array(10).fill(50) });
    expect(new Set(Array.from(ds.indices('test'), (i) => ds.groups[i]!))).toEqual(new Set(['theo']));
    expect(new Set(Array.from(ds.indices('valid'), (i) => ds.groups[i]!))).toEqual(new Set(['lucas']));
    // No image of the test split is one of the training split's (rows compared as bytes).
    const img = ds.features[1]!.values;
    const row = (i: number): string => Buffer.from(img.buffer, img.byteOffset + i * 784 * 4, 784 * 4).toString('base64');
    const trainImages = new Set(Array.from(ds.indices('train'), row));
    expect(trainImages.size).toBe(2000); // 200 recordings a class, 863+ images a class: no repeats
    expect(Array.from(ds.indices('test'), row).filter((r) => trainImages.has(r))).toEqual([]);
    // The longest recording has 18,262 samples: 1 + floor(18262 / 80) = 229 frames.
    const audio = ds.features[0]!;
    let longest = 0;
    for (let i = 0; i < ds.size; i++) longest = Math.max(longest, audio.mask!.subarray(i * 229, (i + 1) * 229).reduce((a, b) => a + b, 0));
    expect(longest).toBe(229);
    expect(audio.values.every(Number.isFinite)).toBe(true);
    expect(log.join('\n')).toMatch(/av-digits-audio: computed/);
    log.length = 0;
    const again = await loadDataset({ kind: 'av-digits', path: fsdd!, cacheDir, log: (m) => log.push(m) });
    expect(log.filter((m) => /read from the cache/.test(m)).length).toBe(3); // audio, mnist, pca
    // Byte comparison (a deep toEqual over 13.7M floats takes minutes).
    const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(again.features[0]!.values).equals(bytes(audio.values))).toBe(true);
    expect(bytes(again.features[1]!.values).equals(bytes(ds.features[1]!.values))).toBe(true);
  }, 120_000);
});
