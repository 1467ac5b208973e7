/**
 * One entry point for every data source on disk, keyed by a {@link DatasetSpec} (also used by
 * the CLI): reads the files and hands the bytes to the pure parsers and builders of
 * `@umq/datasets`.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DataFormatError, OptionError } from '@umq/core';
import type { MultimodalDataset } from '../dataset';
import { readMat } from '../formats/mat';
import { datasetFromCsd } from '../loaders/csd';
import { parseNpz } from '../formats/npy';
import { unpickle } from '../formats/pickle';
import { datasetFromMmsa } from '../loaders/mmsa';
import { multiviewFromMat } from '../loaders/multiview';
import { loadAvDigits } from '../loaders/av-digits';
import { datasetFromNpz } from '../loaders/npz';
import { makeSynthetic } from '../synthetic';
import { DATASET_KINDS, type DatasetSpec } from '../spec';
import { readCsd } from './csd';
import { loadMosiUtterance } from './mosi';

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
 * import { loadDataset } from '@umq/datasets/node';
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
