/**
 * One entry point for every data source, keyed by a discriminated union (also used by the CLI).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DataFormatError, OptionError } from '@umq/core';
import type { MultimodalDataset } from './dataset';
import { readCsd } from './formats/csd';
import { readMat } from './formats/mat';
import { datasetFromCsd, type CsdOptions } from './loaders/csd';
import { parseNpz } from './formats/npy';
import { unpickle } from './formats/pickle';
import { datasetFromMmsa, type MmsaOptions } from './loaders/mmsa';
import { multiviewFromMat, type MultiviewOptions } from './loaders/multiview';
import { loadMosiUtterance, type MosiUtteranceOptions } from './loaders/mosi';
import { datasetFromNpz, type NpzOptions } from './loaders/npz';
import { loadAvDigits, type AvDigitsOptions } from './loaders/av-digits';
import { makeSynthetic, type SyntheticOptions } from './synthetic';

/**
 * What to load. `kind` selects the source; the other fields are that loader's options.
 * - `'synthetic'`: {@link makeSynthetic} (no file);
 * - `'mosi-utterance'`: the CMU-MOSI utterance CSV release folder ({@link loadMosiUtterance});
 * - `'mat'`: a multi-view MATLAB v5 file ({@link multiviewFromMat} layouts);
 * - `'mmsa'`: an MMSA feature pickle (`aligned_50.pkl`, ...; {@link datasetFromMmsa});
 * - `'csd'`: CMU-MultimodalSDK sequences: `path` is the label sequence, `modalities` maps names to
 *   sequence files ({@link datasetFromCsd});
 * - `'npz'`: a numpy `.npz` archive ({@link datasetFromNpz} convention);
 * - `'av-digits'`: spoken digits (WAV folder, e.g. FSDD) paired with digit images ({@link loadAvDigits}).
 *
 * @example
 * ```ts
 * const spec: DatasetSpec = { kind: 'mosi-utterance', path: '../shared/data/cmu-mosi-utterance', validVideos: 6 };
 * ```
 */
export type DatasetSpec =
  | ({
      /** The loader. */
      kind: 'synthetic';
    } & SyntheticOptions)
  | ({
      /** The loader. */
      kind: 'mosi-utterance';
    } & MosiUtteranceOptions)
  | ({
      /** The loader. */
      kind: 'mat';
      /** The file to read. */
      path: string;
    } & MultiviewOptions)
  | ({
      /** The loader. */
      kind: 'mmsa';
      /** The file to read. */
      path: string;
    } & MmsaOptions)
  | ({
      /** The loader. */
      kind: 'csd';
      /** The label sequence (`.csd`). */
      path: string;
      /** The feature sequence file of each modality, by modality name. */
      modalities: Record<string, string>;
    } & CsdOptions)
  | ({
      /** The loader. */
      kind: 'npz';
      /** The file to read. */
      path: string;
    } & NpzOptions)
  | ({
      /** The loader. */
      kind: 'av-digits';
    } & AvDigitsOptions);

/**
 * The `kind`s {@link loadDataset} accepts (e.g. for a CLI's choices).
 *
 * @example
 * ```ts
 * if (!DATASET_KINDS.includes(arg as never)) throw new Error(`unknown kind ${arg}`);
 * ```
 */
export const DATASET_KINDS = ['synthetic', 'mosi-utterance', 'mat', 'mmsa', 'csd', 'npz', 'av-digits'] as const;

async function readBytes(path: string): Promise<Uint8Array> {
  if (typeof path !== 'string' || path.length === 0) throw new OptionError('loadDataset: `path` must name a file');
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new DataFormatError(`cannot read the file: ${(e as Error).message}`, path, { cause: e });
  }
}

/**
 * Loads a data set from a {@link DatasetSpec}.
 *
 * @throws OptionError for an unknown `kind` or bad options; DataFormatError for bad files.
 * @example
 * ```ts
 * const ds = await loadDataset({ kind: 'synthetic', samples: 1500, seed: 1 });
 * const mosi = await loadDataset({ kind: 'mosi-utterance', path: '../shared/data/cmu-mosi-utterance' });
 * ```
 */
export async function loadDataset(spec: DatasetSpec): Promise<MultimodalDataset> {
  switch (spec?.kind) {
    case 'synthetic': {
      const { kind: _kind, ...options } = spec;
      return makeSynthetic(options);
    }
    case 'mosi-utterance':
      return loadMosiUtterance(spec);
    case 'mat': {
      const { kind: _kind, path, ...options } = spec;
      return multiviewFromMat(readMat(await readBytes(path), path), path, { name: basename(path).replace(/\.mat$/i, ''), ...options });
    }
    case 'mmsa': {
      const { kind: _kind, path, ...options } = spec;
      return datasetFromMmsa(unpickle(await readBytes(path), path), path, options);
    }
    case 'csd': {
      const { kind: _kind, path, modalities, ...options } = spec;
      if (!modalities || typeof modalities !== 'object' || Object.keys(modalities).length === 0) {
        throw new OptionError("loadDataset: kind 'csd' needs `modalities`, e.g. { audio: 'CMU_MOSI_COVAREP.csd' }, and `path` = the label sequence");
      }
      const seqs: Record<string, Awaited<ReturnType<typeof readCsd>>> = {};
      for (const [name, p] of Object.entries(modalities)) seqs[name] = await readCsd(p);
      return datasetFromCsd(seqs, await readCsd(path), path, options);
    }
    case 'npz': {
      const { kind: _kind, path, ...options } = spec;
      return datasetFromNpz(parseNpz(await readBytes(path), path), path, options);
    }
    case 'av-digits': {
      const { kind: _kind, ...options } = spec;
      return loadAvDigits(options);
    }
    default:
      throw new OptionError(`loadDataset: unknown kind ${JSON.stringify((spec as { kind?: unknown })?.kind)}: use one of ${DATASET_KINDS.map((k) => `'${k}'`).join(', ')}`);
  }
}
